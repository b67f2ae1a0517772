public import Hummingbird

/// An error a person sees, in their language, as a page or as JSON under `/api/`.
public struct AppError: Error, Equatable {
    enum Code: Equatable {
        case badRequest
        case signInRequired
        case forbidden
        case notFound
        case methodNotAllowed([HTTPRequest.Method])
        case tooLarge
        case csrf
        case unknownLanguage(String)
        case unavailable
        case internalError
        case apiKeyRequired
        case scopeMissing
        case idempotencyConflict
        case validation([FieldProblem])
    }

    let code: Code

    public static let badRequest = AppError(code: .badRequest)
    public static let signInRequired = AppError(code: .signInRequired)
    public static let forbidden = AppError(code: .forbidden)
    public static let notFound = AppError(code: .notFound)
    public static func methodNotAllowed(allow: [HTTPRequest.Method]) -> AppError { AppError(code: .methodNotAllowed(allow)) }
    public static let tooLarge = AppError(code: .tooLarge)
    /// The form's token was missing or wrong: it did not come from our page.
    public static let csrf = AppError(code: .csrf)
    public static func unknownLanguage(_ requested: String) -> AppError { AppError(code: .unknownLanguage(requested)) }
    public static let unavailable = AppError(code: .unavailable)
    public static let internalError = AppError(code: .internalError)
    public static let apiKeyRequired = AppError(code: .apiKeyRequired)
    public static let scopeMissing = AppError(code: .scopeMissing)
    /// The Idempotency-Key was used before for a different request.
    public static let idempotencyConflict = AppError(code: .idempotencyConflict)
    /// An API request with mistakes, every one of them.
    public static func validation(_ problems: [FieldProblem]) -> AppError { AppError(code: .validation(problems)) }

    /// One field of a request and what is wrong with it, as a message key and its values.
    public struct FieldProblem: Sendable, Equatable {
        public var field: String
        public var messageKey: String
        public var values: [String: String] = [:]
    }

    public var status: HTTPResponse.Status {
        switch code {
        case .badRequest, .unknownLanguage: .badRequest
        case .signInRequired: .unauthorized
        case .forbidden, .csrf: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .tooLarge: .contentTooLarge
        case .unavailable: .serviceUnavailable
        case .internalError: .internalServerError
        case .apiKeyRequired: .unauthorized
        case .scopeMissing: .forbidden
        case .idempotencyConflict, .validation: .unprocessableContent
        }
    }

    /// A stable code for API clients.
    public var identifier: String {
        switch code {
        case .badRequest: "bad_request"
        case .signInRequired: "sign_in_required"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .tooLarge: "too_large"
        case .csrf: "csrf_token_invalid"
        case .unknownLanguage: "unknown_language"
        case .unavailable: "unavailable"
        case .internalError: "internal_error"
        case .apiKeyRequired: "api_key_required"
        case .scopeMissing: "scope_missing"
        case .idempotencyConflict: "idempotency_conflict"
        case .validation: "validation_failed"
        }
    }

    /// The methods to list in an `Allow` header, for a 405.
    public var allowedMethods: [HTTPRequest.Method] {
        if case .methodNotAllowed(let methods) = code { methods } else { [] }
    }

    /// The problems of a rejected API request, by field, in `catalogue`'s language.
    public func problems(in catalogue: Catalogue) -> [APIErrorBody.Problem] {
        guard case .validation(let problems) = code else { return [] }
        return problems.map { APIErrorBody.Problem(field: $0.field, code: $0.messageKey, message: catalogue.text($0.messageKey, $0.values)) }
    }

    /// The message in `catalogue`'s language.
    public func message(in catalogue: Catalogue) -> String {
        switch code {
        case .badRequest: catalogue.text("error_bad_request")
        case .signInRequired: catalogue.text("error_sign_in_required")
        case .forbidden: catalogue.text("error_forbidden")
        case .notFound: catalogue.text("error_not_found")
        case .methodNotAllowed: catalogue.text("error_method_not_allowed")
        case .tooLarge: catalogue.text("error_too_large")
        case .csrf: catalogue.text("error_csrf")
        case .unknownLanguage(let requested): catalogue.text("error_unknown_language", ["code": String(requested.prefix(20))])
        case .unavailable: catalogue.text("error_unavailable")
        case .internalError: catalogue.text("error_internal")
        case .apiKeyRequired: catalogue.text("error_api_key")
        case .scopeMissing: catalogue.text("error_api_scope")
        case .idempotencyConflict: catalogue.text("error_idempotency_conflict")
        case .validation: catalogue.text("error_validation")
        }
    }

    /// Maps any error thrown below the error middleware to what the person is told.
    static func from(_ error: any Error) -> AppError {
        if let error = error as? AppError { return error }
        // HTTPError and the body-size error NIO throws both say their status.
        if let error = error as? any HTTPResponseError {
            switch error.status {
            case .notFound: return .notFound
            case .contentTooLarge: return .tooLarge
            case .methodNotAllowed: return .methodNotAllowed(allow: [])
            case .unauthorized: return .signInRequired
            case .forbidden: return .forbidden
            case .serviceUnavailable: return .unavailable
            case .badRequest, .unsupportedMediaType, .unprocessableContent: return .badRequest
            default: return .internalError
            }
        }
        if error is DecodingError { return .badRequest }
        if String(reflecting: type(of: error)).contains("PSQLError") { return .unavailable }
        return .internalError
    }
}
