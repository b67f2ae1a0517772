/// Where enrolled defenders are kept; names and contact details are sealed by the implementation.
public protocol DefenderRegistry: Sendable {
    func enrol(_ defender: Defender) async throws
    func defender(id: Defender.ID) async throws -> Defender?
    func count() async throws -> Int
    /// Replaces the defender's languages; the first is the one they are told things in.
    func setLanguages(_ languages: [String], for defender: Defender.ID) async throws
    /// Records that a platform account (handle or profile link) belongs to a defender.
    func link(account: String, to defender: Defender.ID) async throws
    /// The enrolled defender who holds `account`, if any.
    func defender(holding account: String) async throws -> Defender?
    /// The platform accounts linked to the defender (in a stable order, not that of linking).
    func accounts(of defender: Defender.ID) async throws -> [String]
    /// Every case about one of the defender's accounts, for their evidence file; with an audit entry.
    func incidents(of defender: Defender.ID) async throws -> [IncidentRecord]
}
