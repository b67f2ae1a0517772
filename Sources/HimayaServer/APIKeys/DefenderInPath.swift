import HimayaCore
import HimayaStore
import Hummingbird

extension Himaya {
    /// The enrolled defender named by a route's `:id`, or not found: the first step of every
    /// platform call about one defender.
    func defender(inPath context: AppRequestContext) async throws -> Defender {
        guard let id = context.parameters.get("id").flatMap(Defender.ID.init), let defender = try await store.defenders.defender(id: id) else {
            throw AppError.notFound
        }
        return defender
    }
}
