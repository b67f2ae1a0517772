public import Hummingbird

/// Answers 405 with an `Allow` header when a known path is asked with a method it does not take,
/// instead of the router's 404, so API clients learn what they did wrong.
public struct AllowedMethodsMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let methods: [String: [HTTPRequest.Method]]

    public init(_ methods: [String: [HTTPRequest.Method]]) { self.methods = methods }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if let allowed = methods[request.uri.path], !allowed.contains(request.method),
            !(request.method == .head && allowed.contains(.get))
        {
            throw AppError.methodNotAllowed(allow: allowed)
        }
        return try await next(request, context)
    }
}
