import HimayaStore
public import Foundation
public import HimayaCore

/// Adds a staff account with a fresh second-factor secret, which is shown once and then only sealed.
public struct StaffOnboarding: Sendable {
    let himaya: Himaya

    public init(himaya: Himaya) { self.himaya = himaya }

    /// A new account and what its owner needs to sign in the first time.
    public struct Created: Sendable {
        public let account: StaffAccount
        /// The TOTP secret in base32, for an authenticator app.
        public let totpSecret: String
        public let authenticatorURL: String
    }

    /// Why an account could not be added, in words for the person at the terminal.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    public func add(
        username: String, displayName: String, role: StaffRole, languages: [String], regions: [String], password: String,
        partner: Partner.ID? = nil, totpSecret: Data = TOTP.generateSecret()
    ) async throws -> Created {
        let username = username.trimmingCharacters(in: .whitespaces).lowercased()
        guard username.count >= 3, username.count <= 64,
            username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        else {
            throw Refusal(description: "the username must be 3 to 64 letters, digits, dots, dashes or underscores")
        }
        guard password.count >= 12 else {
            throw Refusal(description: "the password must be at least 12 characters long")
        }
        let unknown = languages.filter { !himaya.catalogues.codes.contains($0) && $0.count > 3 }
        guard unknown.isEmpty else {
            throw Refusal(description: "language codes look like ar, fr or es-MX; not \(unknown.joined(separator: ", "))")
        }
        guard (role == .partnerMember) == (partner != nil) else {
            throw Refusal(description: "a partner member needs --partner, and only a partner member may have one")
        }
        let account = StaffAccount(
            username: username, displayName: displayName.isEmpty ? username : displayName, role: role,
            languages: languages, regions: regions, partnerID: partner, createdAt: himaya.clock.now)
        let secret = Base32.encode(totpSecret)
        do {
            try await himaya.store.staff.add(
                account, credentials: StaffCredentials(passwordHash: try await himaya.passwords.hash(password), totpSecret: secret))
        } catch let error as StoreError where error.isDuplicate {
            throw Refusal(description: "the username \(username) is taken")
        }
        try await himaya.store.audit.append(
            AuditEntry(actor: "system", action: "staff.added", subject: "staff:\(account.id)", detail: ["role": role.rawValue]))
        return Created(
            account: account, totpSecret: secret,
            authenticatorURL: TOTP(secret: totpSecret).authenticatorURL(account: username))
    }
}
