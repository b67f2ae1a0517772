import Hummingbird
import HimayaCore

/// The signed-in staff member's own page: who they are, where they can work, and sign-out.
struct StaffHomeController {
    let himaya: Himaya

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get(use: show)
        group.post("sign-out", use: signOut)
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        guard let staff = context.staff else { throw AppError.signInRequired }
        let catalogue = himaya.catalogues[context.language]
        let areas: [(Area, String, String)] = [
            (.console, "/console", "staff_area_console"),
            (.protectionDesk, "/protection/wellbeing", "staff_area_wellbeing"),
            (.administration, "/admin/staff", "staff_area_admin"),
            (.audit, "/audit", "staff_area_audit"),
        ]
        let reachable = areas.filter { AccessPolicy.allows(staff.role, in: $0.0) }
            .map { ["url": "\($0.1)?lang=\(catalogue.code)", "name": catalogue.text($0.2)] }
        return try himaya.page(
            "staff-home", title: "staff_home_title", request: request, context: context,
            values: [
                "signedInAs": catalogue.text("staff_signed_in_as", ["name": staff.displayName]),
                "roleName": catalogue.text(staff.role.messageKey),
                "languagesText": staff.languages.joined(separator: ", "),
                "regionsText": staff.regions.joined(separator: ", "),
                "areas": reachable, "hasAreas": !reachable.isEmpty,
            ])
    }

    @Sendable func signOut(request: Request, context: AppRequestContext) async throws -> Response {
        if let session = context.session {
            try await StaffSignIn(himaya: himaya).signOut(session)
        }
        var response = Response.redirect(to: "/?lang=\(context.language)", type: .normal)
        response.setCookie(Cookie(name: StaffSessionMiddleware.cookieName, value: "", maxAge: 0, path: "/"))
        return response
    }
}
