/// Where trusted partner organisations are kept.
public protocol PartnerDirectory: Sendable {
    func add(_ partner: Partner) async throws
    func all() async throws -> [Partner]
}
