public import Hummingbird
public import HimayaCore

/// Lets a request into an area only if the signed-in role may enter it (`AccessPolicy`). A visitor who
/// is not signed in is sent to sign in; a signed-in member whose role does not reach is refused.
public struct AccessGuard: RouterMiddleware {
    public typealias Context = AppRequestContext
    let area: Area

    public init(_ area: Area) { self.area = area }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if AccessPolicy.allows(context.staff?.role, in: area) {
            return try await next(request, context)
        }
        if context.staff == nil {
            if request.isAPI { throw AppError.signInRequired }
            return Response.redirect(to: "/staff/sign-in?lang=\(context.language)", type: .found)
        }
        throw AppError.forbidden
    }
}
