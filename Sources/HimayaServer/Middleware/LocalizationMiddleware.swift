import Foundation
public import Hummingbird
import HimayaCore
import Logging

/// Decides the language of the response (`?lang=`, then the remembered choice, then `Accept-Language`)
/// and turns every error below it into a page or JSON error in that language.
public struct LocalizationMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let himaya: Himaya

    static let cookieName = "himaya_lang"

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        let choice = LanguageChoice.decide(
            query: request.uri.queryParameters["lang"].map(String.init),
            cookie: request.cookies[Self.cookieName]?.value,
            acceptLanguage: request.headers[.acceptLanguage],
            available: himaya.catalogues.codes, defaultCode: himaya.catalogues.defaultCode)
        context.language = choice.code
        do {
            if case .unavailable(let requested, _) = choice { throw AppError.unknownLanguage(requested) }
            var response = try await next(request, context)
            if case .requested(let code) = choice, !request.isAPI {
                response.setCookie(
                    Cookie(
                        name: Self.cookieName, value: code, maxAge: 365 * 24 * 3600, path: "/",
                        secure: himaya.configuration.secureCookies, httpOnly: true, sameSite: .lax))
            }
            return response
        } catch {
            return try errorResponse(for: error, request: request, context: context)
        }
    }

    private func errorResponse(for error: any Error, request: Request, context: Context) throws -> Response {
        let appError = AppError.from(error)
        let catalogue = himaya.catalogues[context.language]
        if appError.status == .internalServerError {
            // The type only: an error's text can carry what a person typed.
            context.logger.error("request failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
        let message = appError.message(in: catalogue)
        if request.isAPI || request.uri.path == "/readyz" {
            let problems = appError.problems(in: catalogue)
            let body = APIErrorBody(error: .init(code: appError.identifier, message: message, problems: problems.isEmpty ? nil : problems))
            var response = try JSONEncoder().encode(body, from: request, context: context)
            response.status = appError.status
            if !appError.allowedMethods.isEmpty {
                response.headers[.allow] = appError.allowedMethods.map(\.rawValue).joined(separator: ", ")
            }
            return response
        }
        var values: [String: Any] = ["message": message]
        if case .unknownLanguage = appError.code {
            values["choices"] = himaya.languageLinks(path: request.uri.path, current: "")
            values["hasChoices"] = true
        }
        if appError.status == .internalServerError {
            values["reference"] = catalogue.text("error_reference", ["id": context.id])
        }
        var plain = context
        plain.staff = nil
        return try himaya.page("error", title: "error_title", request: request, context: plain, values: values, status: appError.status)
            .response(from: request, context: context)
    }
}

extension Request {
    /// Whether the request is for the JSON API, which answers errors in JSON.
    var isAPI: Bool { uri.path.hasPrefix("/api/") }
}
