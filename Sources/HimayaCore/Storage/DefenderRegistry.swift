/// Where enrolled defenders are kept; names and contact details are sealed by the implementation.
public protocol DefenderRegistry: Sendable {
    func enrol(_ defender: Defender) async throws
    func defender(id: Defender.ID) async throws -> Defender?
    func count() async throws -> Int
}
