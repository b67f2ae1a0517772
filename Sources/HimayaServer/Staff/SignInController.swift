import Hummingbird
import HimayaCore

/// The staff sign-in form: username, password and the current six-digit code, all required.
struct SignInController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        router.get("/staff/sign-in", use: show)
        router.post("/staff/sign-in", use: submit)
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        if context.staff != nil { return .redirect(to: "/staff", type: .found) }
        return try form(request: request, context: context, username: "", error: nil, status: .ok)
    }

    @Sendable func submit(request: Request, context: AppRequestContext) async throws -> Response {
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let catalogue = himaya.catalogues[context.language]
        guard let username = fields["username"], let password = fields.raw("password"), !password.isEmpty,
            let code = fields["code"]
        else {
            return try form(
                request: request, context: context, username: fields["username"] ?? "",
                error: catalogue.text("sign_in_missing_fields"), status: .badRequest)
        }
        switch try await StaffSignIn(himaya: himaya).attempt(username: username.lowercased(), password: password, code: code) {
        case .signedIn(_, _, let token):
            var response = Response.redirect(to: "/staff", type: .normal)
            response.setCookie(
                Cookie(
                    name: StaffSessionMiddleware.cookieName, value: token, path: "/",
                    secure: himaya.configuration.secureCookies, httpOnly: true, sameSite: .strict))
            // The anonymous form token is done with; the session has its own.
            response.setCookie(Cookie(name: CSRFMiddleware.cookieName, value: "", maxAge: 0, path: "/"))
            return response
        case .failed:
            return try form(
                request: request, context: context, username: username, error: catalogue.text("sign_in_failed"),
                status: .unauthorized)
        case .locked:
            return try form(
                request: request, context: context, username: username, error: catalogue.text("sign_in_locked"),
                status: .unauthorized)
        }
    }

    private func form(
        request: Request, context: AppRequestContext, username: String, error: String?, status: HTTPResponse.Status
    ) throws -> Response {
        var values: [String: Any] = ["username": username]
        if let error { values["error"] = error }
        return try himaya.page("sign-in", title: "sign_in_title", request: request, context: context, values: values, status: status)
            .response(from: request, context: context)
    }
}
