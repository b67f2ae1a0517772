import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import Logging
import SQLKit

/// The enforcement check with many enrolled accounts, in process: seeds `acct-0` … `acct-(N-1)`
/// as one consenting defender's accounts, loads the in-memory set, then times checks of accounts
/// that are not protected (the platform's everyday path) and of protected ones (held, a write).
enum EnforcementBench {
    static func open() async throws -> Himaya {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        return try await Himaya.open(try HimayaConfiguration.fromEnvironment(), logger: logger)
    }

    static func seed(count: Int) async throws {
        let himaya = try await open()
        let store = himaya.store
        let defender = Defender(displayName: "Bench defender", country: "NI", languages: ["es"], activity: .journalist, riskTier: .high, enrolledAt: Date())
        try await store.defenders.enrol(defender)
        try await store.consents.grant(.enforcementGuard, for: defender.id, recordedBy: "bench", at: Date())
        var start = 0
        while start < count {
            let end = min(start + 500, count)
            let rows: [SQLQueryString] = (start..<end).map { i in
                "(\(bind: store.blindIndex.index("acct-\(i)")), \(bind: defender.id.description), 'not-sealed-bench-row')"
            }
            try await store.source.transaction { db in
                try await db.raw("INSERT INTO defender_accounts (account_index, defender_id, account_sealed) VALUES " + rows.joined(separator: ", ")).run()
            }
            start = end
        }
        try await store.source.withConnection { db in
            try await db.raw("UPDATE store_counters SET value = value + 1 WHERE name = 'protected_accounts'").run()
        }
        await store.shutdown()
        print("{\"seeded_accounts\": \(count)}")
    }

    static func run(checks: Int, protectedCount: Int) async throws {
        let himaya = try await open()
        let loadStart = DispatchTime.now().uptimeNanoseconds
        try await himaya.protectedAccounts.reload(from: himaya.store, at: Date())
        let load = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e9
        let guardian = EnforcementGuard(himaya: himaya)
        // The everyday path: accounts that are not protected.
        var proceeded = 0
        var latencies: [UInt64] = []
        latencies.reserveCapacity(checks)
        let start = DispatchTime.now().uptimeNanoseconds
        for i in 0..<checks {
            let t = DispatchTime.now().uptimeNanoseconds
            if try await guardian.check(account: "someone-\(i)", contentID: nil, action: .removal, platformReason: nil) == .proceed { proceeded += 1 }
            latencies.append(DispatchTime.now().uptimeNanoseconds - t)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        latencies.sort()
        // Protected accounts: each is held (a review written to the database).
        var held = 0
        let holdStart = DispatchTime.now().uptimeNanoseconds
        for i in 0..<protectedCount {
            if case .hold = try await guardian.check(account: "acct-\(i * 997 % max(1, himaya.protectedAccounts.count))", contentID: "c\(i)", action: .removal, platformReason: nil) { held += 1 }
        }
        let holdElapsed = Double(DispatchTime.now().uptimeNanoseconds - holdStart) / 1e9
        await himaya.store.shutdown()
        print("""
            {"protected_accounts": \(himaya.protectedAccounts.count), "set_load_s": \(String(format: "%.2f", load)), \
            "checks": \(checks), "proceeded": \(proceeded), "checks_per_s": \(Int(Double(checks) / elapsed)), \
            "p50_us": \(String(format: "%.2f", Double(latencies[checks / 2]) / 1000)), "p99_us": \(String(format: "%.2f", Double(latencies[checks * 99 / 100]) / 1000)), \
            "held": \(held), "of_protected": \(protectedCount), "hold_ms_each": \(String(format: "%.3f", holdElapsed * 1000 / Double(max(1, protectedCount))))}
            """)
        guard proceeded == checks, held == protectedCount else {
            FileHandle.standardError.write(Data("FAIL: wrong answers\n".utf8))
            exit(1)
        }
    }
}
