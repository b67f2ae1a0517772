import Foundation
public import HimayaCore
import HimayaStore
import Crypto

/// Realistic demo content in the four languages, so a newcomer sees a living system. The demo staff
/// share one known password and have fixed TOTP secrets: never load this into a real deployment.
public struct DemoData: Sendable {
    let himaya: Himaya

    public init(himaya: Himaya) { self.himaya = himaya }

    /// The password of every demo staff account.
    public static let password = "himaya-demo-password"

    /// One demo staff member and how to sign in as them.
    public struct StaffSignIn: Sendable {
        public let username: String
        public let role: StaffRole
        public let totpSecret: String

        /// The line printed after loading, also read by the end-to-end tests.
        public var line: String {
            "demo staff: username=\(username) role=\(role.rawValue) password=\(DemoData.password) totp=\(totpSecret)"
        }
    }

    static let staff: [(username: String, name: String, role: StaffRole, languages: [String], regions: [String])] = [
        ("amina.lead", "Amina Haddad", .protectionLead, ["ar", "en", "fr"], ["MENA", "global"]),
        ("jean.responder", "Jean-Baptiste Mbeki", .responder, ["fr", "en"], ["West Africa", "Central Africa"]),
        ("lucia.senior", "Lucía Ramírez", .seniorResponder, ["es", "en"], ["LATAM"]),
        ("omar.admin", "Omar Benali", .admin, ["ar", "fr", "en"], ["global"]),
        ("sara.auditor", "Sara Lindqvist", .auditor, ["en", "es"], ["global"]),
        ("nadia.partner", "Nadia Rahimi", .partnerMember, ["ar", "fr", "en"], ["MENA"]),
    ]

    /// A fixed secret per demo account, so the printed sign-ins stay valid across restarts.
    static func secret(for username: String) -> Data {
        Data(SHA256.hash(data: Data("himaya demo second factor \(username)".utf8)).prefix(20))
    }

    /// The sign-ins of the demo staff.
    public static var signIns: [StaffSignIn] {
        staff.map { StaffSignIn(username: $0.username, role: $0.role, totpSecret: Base32.encode(secret(for: $0.username))) }
    }

    /// Whether the database already holds staff (then the demo is not loaded again).
    public func isLoaded() async throws -> Bool {
        try await !himaya.store.staff.all().isEmpty
    }

    /// Loads the demo content; returns the staff sign-ins.
    @discardableResult
    public func load() async throws -> [StaffSignIn] {
        let now = himaya.clock.now
        let defenders: [Defender] = [
            Defender(displayName: "Nour El-Sayed", country: "EG", languages: ["ar", "en"], activity: .journalist, riskTier: .high, enrolledAt: now),
            Defender(displayName: "Awa Diallo", country: "SN", languages: ["fr"], activity: .womensRights, riskTier: .elevated, enrolledAt: now),
            Defender(displayName: "Mateo Quispe", country: "PE", languages: ["es"], activity: .landEnvironmental, riskTier: .critical, enrolledAt: now),
            Defender(displayName: "Leïla Mansour", country: "TN", languages: ["ar", "fr"], activity: .lgbtiRights, riskTier: .high, enrolledAt: now),
            Defender(displayName: "Grace Achieng", country: "KE", languages: ["en"], activity: .lawyer, riskTier: .standard, enrolledAt: now),
            Defender(displayName: "Camila Torres", country: "CO", languages: ["es", "en"], activity: .unionist, riskTier: .elevated, enrolledAt: now),
        ]
        let handles = ["@nour.elsayed", "@awa.diallo", "@mateo.quispe", "@leila.mansour", "@grace.achieng", "@camila.torres"]
        for (defender, handle) in zip(defenders, handles) {
            try await himaya.store.defenders.enrol(defender)
            try await himaya.store.defenders.link(account: handle, to: defender.id)
        }
        let partners: [Partner] = [
            Partner(name: "Digital Safety Helpline", country: "NL", languages: ["en", "fr", "ar", "es"], kind: .helpline, joinedAt: now),
            Partner(name: "Réseau des Journalistes Libres", country: "SN", languages: ["fr"], kind: .pressFreedom, joinedAt: now),
            Partner(name: "شبكة المدافعات", country: "JO", languages: ["ar"], kind: .network, joinedAt: now),
            Partner(name: "Defensoría Territorial", country: "PE", languages: ["es"], kind: .legalAid, joinedAt: now),
        ]
        for partner in partners {
            try await himaya.store.partners.add(partner)
        }
        let onboarding = StaffOnboarding(himaya: himaya)
        for member in Self.staff {
            _ = try await onboarding.add(
                username: member.username, displayName: member.name, role: member.role, languages: member.languages,
                regions: member.regions, password: Self.password,
                partner: member.role == .partnerMember ? partners[0].id : nil, totpSecret: Self.secret(for: member.username))
        }
        try await himaya.store.audit.append(
            AuditEntry(actor: "system", action: "demo.loaded", detail: ["defenders": "\(defenders.count)", "partners": "\(partners.count)"]))
        return Self.signIns
    }
}
