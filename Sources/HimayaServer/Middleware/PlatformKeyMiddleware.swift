public import Hummingbird
import HimayaCore
import HimayaStore

/// Checks the platform's API key in `Authorization: Bearer …` and the scope a route needs.
public struct PlatformKeyMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let himaya: Himaya
    let scope: PlatformAPIKey.Scope

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { throw AppError.apiKeyRequired }
        let secretHash = RandomToken.fingerprint(String(header.dropFirst(7)))
        guard let key = try await himaya.platformKeyCache.key(secretHash: secretHash, now: himaya.clock.now, lookUp: {
            try await himaya.store.platformKeys.activeKey(secretHash: secretHash)
        }) else { throw AppError.apiKeyRequired }
        guard key.scopes.contains(scope) else { throw AppError.scopeMissing }
        var context = context
        context.platformKey = key
        return try await next(request, context)
    }
}
