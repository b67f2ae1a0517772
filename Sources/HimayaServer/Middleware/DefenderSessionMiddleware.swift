import HimayaStore
public import Hummingbird
import HimayaCore

/// Finds the signed-in defender from their own cookie, apart from staff sessions: a defender's
/// session never opens a staff page, nor a staff session a defender's space.
public struct DefenderSessionMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let himaya: Himaya

    static let cookieName = "himaya_me"

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if !request.isAPI, context.session == nil, let token = request.cookies[Self.cookieName]?.value,
            let session = try await himaya.store.defenderLogins.session(tokenHash: RandomToken.fingerprint(token), at: himaya.clock.now),
            let defender = try await himaya.store.defenders.defender(id: session.defenderID)
        {
            context.defenderSession = session
            context.defender = defender
        }
        return try await next(request, context)
    }
}
