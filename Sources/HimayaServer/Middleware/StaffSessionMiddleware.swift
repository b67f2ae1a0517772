import HimayaStore
public import Hummingbird
import HimayaCore

/// Finds the signed-in staff member from the session cookie. The cookie holds a random token; the
/// store holds only its hash, so a copy of the database signs nobody in.
public struct StaffSessionMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let himaya: Himaya

    static let cookieName = "himaya_session"

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if !request.isAPI, let token = request.cookies[Self.cookieName]?.value,
            let session = try await himaya.store.sessions.session(
                tokenHash: RandomToken.fingerprint(token), at: himaya.clock.now),
            let staff = try await himaya.store.staff.account(id: session.staffID)
        {
            context.session = session
            context.staff = staff
        }
        return try await next(request, context)
    }
}
