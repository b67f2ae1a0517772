import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// `/me/sign-in-setup`: a defender enrolled by a responder or partner, signed in once through a
/// link from the platform, sets a username, a password and an authenticator app of their own, so
/// that they can come back without asking the platform for another link. The form shows a new
/// secret and asks for the app's current code, so a mistyped secret is found before it locks them out.
struct OwnSignInController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        router.get("/me/sign-in-setup", use: form)
        router.post("/me/sign-in-setup", use: setUp)
    }

    @Sendable func form(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { return .redirect(to: "/me/sign-in?lang=\(context.language)", type: .normal) }
        guard try await !himaya.store.defenderLogins.hasLogin(defender.id) else { return .redirect(to: "/me?lang=\(context.language)", type: .normal) }
        return try page(request: request, context: context, secret: Base32.encode(TOTP.generateSecret()), username: "", problems: [], status: .ok)
    }

    @Sendable func setUp(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        guard try await !himaya.store.defenderLogins.hasLogin(defender.id) else { return .redirect(to: "/me?lang=\(context.language)", type: .normal) }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let username = (fields["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = fields.raw("password") ?? ""
        // The secret travels back in the form; a forged one only locks its sender out of their own space.
        let secret = (fields["secret"] ?? "").uppercased()
        guard secret.count == 32, secret.allSatisfy({ "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) }) else { throw AppError.badRequest }
        var problems: [String] = []
        if !DefenderLogin.isValidUsername(username) { problems.append("me_error_username") }
        if !DefenderLogin.isAcceptablePassword(password) { problems.append("me_error_password") }
        guard problems.isEmpty else {
            return try page(request: request, context: context, secret: secret, username: username, problems: problems, status: .unprocessableContent)
        }
        let codes: [String]?
        do {
            codes = try await DefenderSignIn(himaya: himaya).setUpOwnSignIn(
                for: defender.id, username: username, password: password, totpSecret: secret, code: fields["code"] ?? "")
        } catch let error as StoreError where error.isDuplicate {
            return try page(request: request, context: context, secret: secret, username: username, problems: ["me_error_username_taken"], status: .unprocessableContent)
        }
        guard let codes else {
            return try page(request: request, context: context, secret: secret, username: username, problems: ["me_error_code"], status: .unprocessableContent)
        }
        let catalogue = himaya.catalogues[context.language]
        return try himaya.page(
            "me-welcome", title: "me_setup_done_title", request: request, context: context,
            values: ["secret": secret, "codes": codes, "intro": catalogue.text("me_setup_done_intro")]).response(from: request, context: context)
    }

    private func page(request: Request, context: AppRequestContext, secret: String, username: String, problems: [String], status: HTTPResponse.Status) throws -> Response {
        let catalogue = himaya.catalogues[context.language]
        return try himaya.page(
            "me-sign-in-setup", title: "me_setup_title", request: request, context: context,
            values: [
                "secret": secret, "username": username, "problems": problems.map { ["message": catalogue.text($0)] }, "hasProblems": !problems.isEmpty,
                "authenticatorURL": TOTP(secret: Data(base32: secret)).authenticatorURL(account: "Himaya"),
            ], status: status).response(from: request, context: context)
    }
}
