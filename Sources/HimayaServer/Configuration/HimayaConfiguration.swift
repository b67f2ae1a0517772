public import Foundation
public import HimayaCore
public import HimayaDetection
import HimayaHamming
public import HimayaStore
public import Logging

/// Every setting Himaya reads, from `HIMAYA_*` environment variables, with defaults that serve the
/// embedded mode: SQLite and a key file under `./data`, on 127.0.0.1:8080.
public struct HimayaConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Where the embedded database, the key file and uploads live.
    public var dataDirectory: String
    public var database: DatabaseLocation
    /// The master key from `HIMAYA_MASTER_KEY`; nil means the embedded key file.
    public var masterKey: MasterKey?
    /// Old master keys still needed to open values sealed before a rotation.
    public var previousMasterKeys: [MasterKey]
    /// Whether cookies carry `Secure`; on by default, off only for plain-HTTP tests.
    public var secureCookies: Bool
    public var logLevel: Logger.Level
    /// bcrypt cost for new passwords; tests lower it to stay fast.
    public var passwordCost: UInt8
    /// Deadlines per priority for a first response and for resolution.
    public var serviceLevels: ServiceLevels
    /// How the PDQ hashes of the hash lists are kept: `.compact` (32 bytes a hash, every search a
    /// vector scan) or `.tables` (about 96 bytes a hash, quicker single searches).
    public var hashIndex: PDQIndex.Layout

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./data", database: DatabaseLocation? = nil,
        masterKey: MasterKey? = nil, previousMasterKeys: [MasterKey] = [], secureCookies: Bool = true,
        logLevel: Logger.Level = .info, passwordCost: UInt8 = 12, serviceLevels: ServiceLevels = .standard,
        hashIndex: PDQIndex.Layout = .compact
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.database = database ?? .sqlite(path: (dataDirectory as NSString).appendingPathComponent("himaya.sqlite"))
        self.masterKey = masterKey
        self.previousMasterKeys = previousMasterKeys
        self.secureCookies = secureCookies
        self.logLevel = logLevel
        self.passwordCost = passwordCost
        self.serviceLevels = serviceLevels
        self.hashIndex = hashIndex
    }

    /// Reads the configuration from `environment`; a bad value throws an error naming its variable.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> HimayaConfiguration
    {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        var configuration = HimayaConfiguration()
        if let host = value("HIMAYA_HOST") {
            guard host.allSatisfy({ $0.isLetter || $0.isNumber || ".:-".contains($0) }) else {
                throw ConfigurationError(variable: "HIMAYA_HOST", expected: "a host name or IP address such as 127.0.0.1")
            }
            configuration.host = host
        }
        if let port = value("HIMAYA_PORT") {
            guard let number = Int(port), (1...65535).contains(number) else {
                throw ConfigurationError(variable: "HIMAYA_PORT", expected: "a TCP port number from 1 to 65535")
            }
            configuration.port = number
        }
        if let folder = value("HIMAYA_DATA_DIR") {
            configuration.dataDirectory = folder
        }
        configuration.database = .sqlite(
            path: (configuration.dataDirectory as NSString).appendingPathComponent("himaya.sqlite"))
        if let url = value("HIMAYA_DATABASE_URL") {
            guard let location = DatabaseLocation(url: url) else {
                throw ConfigurationError(
                    variable: "HIMAYA_DATABASE_URL",
                    expected: "postgres://user:password@host:port/database or sqlite:///path/to/file.sqlite")
            }
            configuration.database = location
        }
        let keyExpectation = "the base64 text of 32 random bytes (make one with: himaya keys generate)"
        if let key = value("HIMAYA_MASTER_KEY") {
            guard let masterKey = MasterKey(base64: key) else {
                throw ConfigurationError(variable: "HIMAYA_MASTER_KEY", expected: keyExpectation)
            }
            configuration.masterKey = masterKey
        }
        if let keys = value("HIMAYA_PREVIOUS_MASTER_KEYS") {
            configuration.previousMasterKeys = try keys.split(separator: ",").map { text in
                guard let key = MasterKey(base64: String(text)) else {
                    throw ConfigurationError(variable: "HIMAYA_PREVIOUS_MASTER_KEYS", expected: "comma-separated " + keyExpectation)
                }
                return key
            }
        }
        if let secure = value("HIMAYA_COOKIE_SECURE") {
            switch secure.lowercased() {
            case "true", "1", "yes": configuration.secureCookies = true
            case "false", "0", "no": configuration.secureCookies = false
            default: throw ConfigurationError(variable: "HIMAYA_COOKIE_SECURE", expected: "true or false")
            }
        }
        if let hours = value("HIMAYA_FIRST_RESPONSE_HOURS") {
            guard let levels = ServiceLevels.hours(hours) else {
                throw ConfigurationError(
                    variable: "HIMAYA_FIRST_RESPONSE_HOURS", expected: "four increasing hour counts for P0 to P3, such as 1,4,24,72")
            }
            configuration.serviceLevels.firstResponse = levels
        }
        if let hours = value("HIMAYA_RESOLUTION_HOURS") {
            guard let levels = ServiceLevels.hours(hours) else {
                throw ConfigurationError(
                    variable: "HIMAYA_RESOLUTION_HOURS", expected: "four increasing hour counts for P0 to P3, such as 24,72,168,336")
            }
            configuration.serviceLevels.resolution = levels
        }
        if let layout = value("HIMAYA_HASH_INDEX") {
            guard let parsed = PDQIndex.Layout(rawValue: layout.lowercased()) else {
                throw ConfigurationError(variable: "HIMAYA_HASH_INDEX", expected: "compact or tables")
            }
            configuration.hashIndex = parsed
        }
        // Read where the scans are chosen (VectorUnit.detected); checked here so a typo stops start-up.
        if let unit = value("HIMAYA_VECTOR_UNIT"), VectorUnit(name: unit) == nil {
            throw ConfigurationError(variable: "HIMAYA_VECTOR_UNIT", expected: "portable, avx2 or avx512")
        }
        if let level = value("HIMAYA_LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw ConfigurationError(
                    variable: "HIMAYA_LOG_LEVEL", expected: "one of trace, debug, info, notice, warning, error, critical")
            }
            configuration.logLevel = parsed
        }
        return configuration
    }

    /// The sealer for this configuration. Without `HIMAYA_MASTER_KEY` it uses the key file in the
    /// data folder, creating it on first start, and warns: a key beside the data protects only against
    /// a stolen database file, not a stolen disk.
    public func makeSealer(logger: Logger) throws -> Sealer {
        if let masterKey {
            return Sealer(current: masterKey, previous: previousMasterKeys)
        }
        let path = (dataDirectory as NSString).appendingPathComponent("master.key")
        switch try KeyFile.loadOrCreate(at: path) {
        case .created(let key):
            logger.warning(
                "created a master key file readable only by this user; set HIMAYA_MASTER_KEY from a secret store in production",
                metadata: ["key_id": "\(key.id)"])
            return Sealer(current: key, previous: previousMasterKeys)
        case .loaded(let key):
            logger.warning(
                "using the master key file in the data folder; set HIMAYA_MASTER_KEY from a secret store in production",
                metadata: ["key_id": "\(key.id)"])
            return Sealer(current: key, previous: previousMasterKeys)
        }
    }
}
