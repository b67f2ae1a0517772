import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// One-time sign-in links. The platform asks for one (`POST /api/v1/defenders/{id}/sign-in-links`)
/// and hands it to the defender inside its own signed-in channel, which is the proof of who they
/// are; the link works once, for 15 minutes. Opening it shows a button, so that a link scanner
/// fetching the page spends nothing.
struct SignInLinkController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        router.group("/api/v1/defenders").add(middleware: PlatformKeyMiddleware(himaya: himaya, scope: .defendersWrite))
            .post(":id/sign-in-links", use: issue)
        router.get("/me/link/:token", use: page)
        router.post("/me/link/:token", use: redeem)
    }

    struct Link: Codable, ResponseEncodable {
        var path: String
        var expiresAt: String
    }

    @Sendable func issue(request: Request, context: AppRequestContext) async throws -> Response {
        let defender = try await himaya.defender(inPath: context)
        let (token, expiresAt) = try await DefenderSignIn(himaya: himaya).issueLink(for: defender.id)
        var response = try Link(path: "/me/link/\(token)", expiresAt: ISO8601DateFormatter().string(from: expiresAt)).response(from: request, context: context)
        response.status = .created
        return response
    }

    @Sendable func page(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        let token = context.parameters.get("token") ?? ""
        return try himaya.page("me-link", title: "me_link_title", request: request, context: context, values: ["token": token, "failed": false])
    }

    @Sendable func redeem(request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard token.count <= 200, let (_, _, sessionToken) = try await DefenderSignIn(himaya: himaya).signIn(withLink: token) else {
            var page = try himaya.page("me-link", title: "me_link_title", request: request, context: context, values: ["token": token, "failed": true])
            page.status = .gone
            return try page.response(from: request, context: context)
        }
        var response = Response.redirect(to: "/me?lang=\(context.language)", type: .normal)
        response.setCookie(himaya.defenderSessionCookie(sessionToken))
        return response
    }
}
