import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// Signing up (self-enrolment with consents chosen one by one), in with a second factor, and out.
struct DefenderAccountController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        router.get("/me/sign-up", use: signUpForm)
        router.post("/me/sign-up", use: signUp)
        router.get("/me/sign-in", use: signInForm)
        router.post("/me/sign-in", use: signIn)
        router.post("/me/sign-out", use: signOut)
    }

    private func cookie(_ token: String, maxAge: Int? = nil) -> Cookie { himaya.defenderSessionCookie(token, maxAge: maxAge) }


    @Sendable func signUpForm(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        try signUpPage(request: request, context: context, problems: [], values: [:], status: .ok)
    }

    private func signUpPage(request: Request, context: AppRequestContext, problems: [String], values: [String: String], status: HTTPResponse.Status) throws -> HTMLPage {
        let catalogue = himaya.catalogues[context.language]
        return try himaya.page(
            "me-sign-up", title: "me_sign_up_title", request: request, context: context,
            values: [
                "problems": problems.map { ["message": catalogue.text($0)] }, "hasProblems": !problems.isEmpty,
                "username": values["username"] ?? "", "displayName": values["display_name"] ?? "", "country": values["country"] ?? "",
                "languageOptions": Defender.alertLanguages.map { ["code": $0, "name": catalogue.text("language_name_\($0)"), "selected": $0 == (values["language"] ?? catalogue.code)] },
                "activities": DefenderActivity.allCases.map { ["value": $0.rawValue, "label": catalogue.text("activity_\($0.rawValue)")] },
                "purposes": MeController.purposes.map { ["value": $0.rawValue, "label": catalogue.text("consent_\($0.rawValue)")] },
            ], status: status)
    }

    @Sendable func signUp(request: Request, context: AppRequestContext) async throws -> Response {
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let username = (fields["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = fields.raw("password") ?? ""
        let profile = DefenderProfileForm(fields, defaultLanguage: "en")
        var problems: [String] = []
        if !DefenderLogin.isValidUsername(username) { problems.append("me_error_username") }
        if !DefenderLogin.isAcceptablePassword(password) { problems.append("me_error_password") }
        problems += profile.problems
        let consents = Set(fields.all("consent").compactMap(ConsentPurpose.init(rawValue:)))
        let values = profile.values.merging(["username": username]) { first, _ in first }
        guard problems.isEmpty else {
            return try signUpPage(request: request, context: context, problems: problems, values: values, status: .unprocessableContent).response(from: request, context: context)
        }
        let welcome: DefenderSignIn.Welcome
        do {
            welcome = try await DefenderSignIn(himaya: himaya).signUp(
                username: username, password: password, displayName: profile.displayName, country: profile.country, language: profile.language,
                activity: profile.activity, consents: consents)
        } catch let error as StoreError where error.isDuplicate {
            return try signUpPage(request: request, context: context, problems: ["me_error_username_taken"], values: values, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        var context = context
        context.defender = welcome.defender
        context.defenderSession = welcome.session
        context.csrfToken = welcome.session.csrfToken
        let catalogue = himaya.catalogues[context.language]
        var response = try himaya.page(
            "me-welcome", title: "me_welcome_title", request: request, context: context,
            values: [
                "secret": welcome.totpSecret, "codes": welcome.recoveryCodes,
                "authenticatorURL": TOTP(secret: Data(base32: welcome.totpSecret)).authenticatorURL(account: username),
                "intro": catalogue.text("me_welcome_intro"),
            ]).response(from: request, context: context)
        response.setCookie(cookie(welcome.token))
        return response
    }

    @Sendable func signInForm(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        try himaya.page("me-sign-in", title: "me_sign_in_title", request: request, context: context, values: ["failed": false])
    }

    @Sendable func signIn(request: Request, context: AppRequestContext) async throws -> Response {
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let outcome = try await DefenderSignIn(himaya: himaya).attempt(
            username: (fields["username"] ?? "").trimmingCharacters(in: .whitespaces), password: fields.raw("password") ?? "", code: fields["code"] ?? "")
        switch outcome {
        case .signedIn(_, let token):
            var response = Response.redirect(to: "/me?lang=\(context.language)", type: .normal)
            response.setCookie(cookie(token))
            return response
        case .failed, .locked:
            let key = outcome.isLocked ? "me_sign_in_locked" : "me_sign_in_failed"
            return try himaya.page(
                "me-sign-in", title: "me_sign_in_title", request: request, context: context,
                values: ["failed": true, "failure": himaya.catalogues[context.language].text(key)], status: .unauthorized)
                .response(from: request, context: context)
        }
    }

    @Sendable func signOut(request: Request, context: AppRequestContext) async throws -> Response {
        if let session = context.defenderSession { try await himaya.store.defenderLogins.close(tokenHash: session.tokenHash) }
        var response = Response.redirect(to: "/?lang=\(context.language)", type: .normal)
        response.setCookie(cookie("", maxAge: 0))
        return response
    }
}

extension DefenderSignIn.Outcome {
    var isLocked: Bool { if case .locked = self { true } else { false } }
}

extension Himaya {
    /// The cookie that carries a defender's session: HTTP only, same site, secure unless configured off.
    func defenderSessionCookie(_ token: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: DefenderSessionMiddleware.cookieName, value: token, maxAge: maxAge, path: "/", secure: configuration.secureCookies,
               httpOnly: true, sameSite: .strict)
    }
}
