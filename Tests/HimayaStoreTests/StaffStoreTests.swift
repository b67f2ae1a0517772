import Foundation
import HimayaCore
import HimayaStore
import HimayaTestSupport
import Testing

@Suite("Staff, sessions, defenders and partners in the store")
struct StaffStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func account(_ username: String = "amina") -> StaffAccount {
        StaffAccount(username: username, displayName: "Amina H.", role: .responder, languages: ["ar", "fr"], regions: ["MENA"], createdAt: now)
    }

    @Test("a staff account is stored and read back with its credentials", arguments: TestEngine.available)
    func staffRoundTrip(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let staff = account()
            try await database.store.staff.add(staff, credentials: StaffCredentials(passwordHash: "$2b$hash", totpSecret: "SECRETBASE32"))
            let found = try await database.store.staff.account(username: "amina")
            #expect(found?.0 == staff)
            #expect(found?.1.totpSecret == "SECRETBASE32")
            #expect(try await database.store.staff.account(id: staff.id) == staff)
        }
    }

    @Test("a taken username is refused", arguments: TestEngine.available)
    func duplicateUsername(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let credentials = StaffCredentials(passwordHash: "h", totpSecret: "S")
            try await database.store.staff.add(account(), credentials: credentials)
            await #expect(throws: StoreError.duplicate("username")) {
                try await database.store.staff.add(account(), credentials: credentials)
            }
        }
    }

    @Test("the second-factor secret is sealed in the database", arguments: TestEngine.available)
    func secretIsSealed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            try await database.store.staff.add(account(), credentials: StaffCredentials(passwordHash: "h", totpSecret: "VISIBLESECRET"))
            #expect(!(try await database.allStoredText()).contains("VISIBLESECRET"))
        }
    }

    @Test("a sign-in attempt saves the lockout and its audit entry together", arguments: TestEngine.available)
    func signInIsAudited(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let staff = account()
            try await database.store.staff.add(staff, credentials: StaffCredentials(passwordHash: "h", totpSecret: "S"))
            let locked = SignInLockout(failures: 0, lockedUntil: now.addingTimeInterval(900))
            try await database.store.staff.recordSignIn(
                of: staff.id, lockout: locked, usedTimeStep: 77,
                audit: AuditEntry(actor: "anonymous", action: "staff.sign_in_failed", subject: "staff:\(staff.id)"))
            let found = try await database.store.staff.account(username: "amina")
            #expect(found?.0.lockout == locked)
            #expect(found?.1.lastTimeStep == 77)
            #expect(try await database.store.audit.latest(limit: 1).first?.action == "staff.sign_in_failed")
        }
    }

    @Test("a session is found by its token hash until it expires", arguments: TestEngine.available)
    func sessions(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let staff = account()
            try await database.store.staff.add(staff, credentials: StaffCredentials(passwordHash: "h", totpSecret: "S"))
            let session = StaffSession(tokenHash: "abc", staffID: staff.id, csrfToken: "t", createdAt: now, expiresAt: now.addingTimeInterval(60))
            try await database.store.sessions.open(session)
            #expect(try await database.store.sessions.session(tokenHash: "abc", at: now) == session)
            #expect(try await database.store.sessions.session(tokenHash: "abc", at: now.addingTimeInterval(61)) == nil)
            #expect(try await database.store.sessions.removeExpired(at: now.addingTimeInterval(61)) == 1)
        }
    }

    @Test("a closed session no longer signs anyone in", arguments: TestEngine.available)
    func closedSession(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let staff = account()
            try await database.store.staff.add(staff, credentials: StaffCredentials(passwordHash: "h", totpSecret: "S"))
            try await database.store.sessions.open(
                StaffSession(tokenHash: "abc", staffID: staff.id, csrfToken: "t", createdAt: now, expiresAt: now.addingTimeInterval(60)))
            try await database.store.sessions.close(tokenHash: "abc")
            #expect(try await database.store.sessions.session(tokenHash: "abc", at: now) == nil)
        }
    }

    @Test("a defender's name is sealed at rest and read back", arguments: TestEngine.available)
    func defenderNameSealed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let defender = Defender(
                displayName: "Mateo Quispe", country: "PE", languages: ["es"], activity: .landEnvironmental, riskTier: .critical,
                enrolledAt: now)
            try await database.store.defenders.enrol(defender)
            #expect(try await database.store.defenders.defender(id: defender.id) == defender)
            #expect(try await database.store.defenders.count() == 1)
            #expect(!(try await database.allStoredText()).contains("Quispe"))
        }
    }

    @Test("partners are listed by name", arguments: TestEngine.available)
    func partners(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let helpline = Partner(name: "Helpline", country: "NL", languages: ["en"], kind: .helpline, joinedAt: now)
            let network = Partner(name: "Alliance", country: "SN", languages: ["fr"], kind: .network, joinedAt: now)
            try await database.store.partners.add(helpline)
            try await database.store.partners.add(network)
            #expect(try await database.store.partners.all() == [network, helpline])
        }
    }
}
