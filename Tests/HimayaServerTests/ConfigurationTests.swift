import HimayaTestSupport
import HimayaCore
import Hummingbird
import HummingbirdTesting
import Logging
import Foundation
import HimayaServer
import HimayaStore
import HimayaDetection
import Testing

@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test("with nothing set, Himaya serves the embedded mode on 127.0.0.1:8080")
    func defaults() throws {
        let configuration = try HimayaConfiguration.fromEnvironment([:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.dataDirectory == "./data")
        #expect(configuration.database == .sqlite(path: "./data/himaya.sqlite"))
        #expect(configuration.hashIndex == .compact)
        #expect(configuration.masterKey == nil)
        #expect(configuration.secureCookies)
    }

    @Test("every setting is read", arguments: [true])
    func everySetting(_: Bool) throws {
        let key = MasterKey.generateBase64()
        let configuration = try HimayaConfiguration.fromEnvironment([
            "HIMAYA_HOST": "0.0.0.0", "HIMAYA_PORT": "9000", "HIMAYA_DATA_DIR": "/var/lib/himaya",
            "HIMAYA_DATABASE_URL": "postgres://himaya@db:5432/himaya", "HIMAYA_MASTER_KEY": key,
            "HIMAYA_COOKIE_SECURE": "false", "HIMAYA_LOG_LEVEL": "debug", "HIMAYA_HASH_INDEX": "tables",
            "HIMAYA_VECTOR_UNIT": "portable",
        ])
        #expect(configuration.hashIndex == .tables)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.database == .postgres(url: "postgres://himaya@db:5432/himaya"))
        #expect(configuration.masterKey?.id == MasterKey(base64: key)?.id)
        #expect(!configuration.secureCookies)
        #expect(configuration.logLevel == .debug)
    }

    @Test("a bad value names its variable and what it expects", arguments: [
        ("HIMAYA_PORT", "eighty"), ("HIMAYA_PORT", "70000"), ("HIMAYA_DATABASE_URL", "mysql://x"),
        ("HIMAYA_MASTER_KEY", "too-short"), ("HIMAYA_COOKIE_SECURE", "maybe"), ("HIMAYA_LOG_LEVEL", "loud"),
        ("HIMAYA_HOST", "bad host!"), ("HIMAYA_HASH_INDEX", "fast"), ("HIMAYA_VECTOR_UNIT", "avx1024"),
    ])
    func badValue(variable: String, value: String) {
        #expect {
            _ = try HimayaConfiguration.fromEnvironment([variable: value])
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable == variable && !error.expected.isEmpty && !error.description.contains(value)
        }
    }
}
