import HimayaCore
public import Hummingbird
import NIOCore

/// Every form sends back a token that only our own pages know: the session's token when signed in,
/// otherwise a random token also kept in a same-site cookie. A form posted from anywhere else is
/// refused before any handler runs, and nothing is stored.
public struct CSRFMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let himaya: Himaya

    static let cookieName = "himaya_csrf"
    static let fieldName = "csrf_token"

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !request.isAPI else { return try await next(request, context) }
        var context = context
        var request = request
        let cookieToken = request.cookies[Self.cookieName]?.value
        var newCookieToken: String?
        if let session = context.session {
            context.csrfToken = session.csrfToken
        } else if let session = context.defenderSession {
            context.csrfToken = session.csrfToken
        } else if let cookieToken, !cookieToken.isEmpty {
            context.csrfToken = cookieToken
        } else {
            newCookieToken = RandomToken.make()
            context.csrfToken = newCookieToken!
        }
        if let limit = Self.fileRoutes[request.uri.path] { context.uploadLimit = limit }
        if ![.get, .head, .options].contains(request.method) {
            let sent = try await Self.sentToken(in: &request, context: &context)
            guard newCookieToken == nil, let sent, RandomToken.constantTimeEquals(sent, context.csrfToken) else {
                throw AppError.csrf
            }
        }
        var response = try await next(request, context)
        // Only pages carry forms; API and operations responses get no cookie.
        if let newCookieToken, response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.setCookie(
                Cookie(
                    name: Self.cookieName, value: newCookieToken, path: "/", secure: himaya.configuration.secureCookies,
                    httpOnly: true, sameSite: .strict))
        }
        return response
    }

    /// Routes that take files, and the most they may send in one body.
    static let fileRoutes: [String: Int] = ["/report": 25 * 1024 * 1024, "/follow-up/evidence": 25 * 1024 * 1024]

    /// Reads the token from a form body, leaving the body in place for the handler.
    static func sentToken(in request: inout Request, context: inout AppRequestContext) async throws -> String? {
        guard let type = request.headers[.contentType] else { return nil }
        if type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            return FormFields(body: String(buffer: buffer))?[fieldName]
        }
        if let boundary = MultipartForm.boundary(fromContentType: type) {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            guard let form = try? MultipartForm(body: Array(buffer: buffer), boundary: boundary) else { throw AppError.badRequest }
            context.multipart = form
            return form.fields[fieldName]
        }
        return nil
    }
}

extension Request {
    /// The form fields of a body already collected by the CSRF check.
    func formFields(limit: Int) async throws -> FormFields {
        var request = self
        let buffer = try await request.collectBody(upTo: limit)
        guard let fields = FormFields(body: String(buffer: buffer)) else { throw AppError.badRequest }
        return fields
    }
}
