/// The append-only, hash-chained audit log.
public protocol AuditTrail: Sendable {
    /// Appends an entry at the end of the chain and returns it as stored.
    @discardableResult
    func append(_ entry: AuditEntry) async throws -> AuditEvent
    /// The latest entries, newest first.
    func latest(limit: Int) async throws -> [AuditEvent]
    /// Walks the whole chain and checks every hash and link.
    func verify() async throws -> AuditVerification
}
