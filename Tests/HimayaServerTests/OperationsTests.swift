import HimayaTestSupport
import Logging
import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Operations and API")
struct OperationsTests {
    @Test("readiness reports the database and schema")
    func ready() async throws {
        try await TestApp.with { _, client in
            let response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .ok)
            #expect(response.text.contains("\"schemaVersion\":\(Schema.migrations.last!.version)"))
        }
    }

    @Test("readiness fails when the database is gone")
    func notReady() async throws {
        try await TestApp.with { app, client in
            await app.himaya.store.shutdown()
            let response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .serviceUnavailable)
        }
    }

    @Test("metrics are in Prometheus text format with job counts")
    func metrics() async throws {
        try await TestApp.with { _, client in
            _ = try await client.execute(uri: "/", method: .get)
            let text = try await client.execute(uri: "/metrics", method: .get).text
            #expect(text.contains("himaya_jobs{state=\"queued\"}"))
            #expect(text.contains("# TYPE"))
        }
    }

    @Test("the OpenAPI document is served and describes the API paths")
    func openAPI() async throws {
        try await TestApp.with { _, client in
            let response = try await client.execute(uri: "/api/v1/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            #expect(response.text.hasPrefix("openapi: 3.1.0"))
            for path in ["/api/v1/status", "/api/v1/languages"] { #expect(response.text.contains("  \(path):")) }
        }
    }

    @Test("the language list names each language in itself, with its direction")
    func languages() async throws {
        try await TestApp.with { _, client in
            let text = try await client.execute(uri: "/api/v1/languages", method: .get).text
            #expect(text.contains(#""code":"ar""#) && text.contains(#""direction":"rtl""#))
            #expect(text.contains("Français"))
        }
    }

    @Test("daily housekeeping is queued once a day however often it is asked")
    func housekeepingOncePerDay() async throws {
        try await TestApp.with { app, _ in
            try await app.himaya.queueDailyHousekeeping()
            try await app.himaya.queueDailyHousekeeping()
            #expect(try await app.himaya.store.jobs.countsByState()[.queued] == 1)
        }
    }
}
