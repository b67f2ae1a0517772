import HimayaStore
import Hummingbird
import HimayaCore

/// The administrator's list of staff accounts, with who is locked out.
struct StaffAdminController {
    let himaya: Himaya

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("staff", use: list)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        let catalogue = himaya.catalogues[context.language]
        let now = himaya.clock.now
        let accounts = try await himaya.store.staff.all().map { account -> [String: Any] in
            [
                "username": account.username, "displayName": account.displayName,
                "roleName": catalogue.text(account.role.messageKey),
                "languages": account.languages.joined(separator: ", "), "regions": account.regions.joined(separator: ", "),
                "status": catalogue.text(account.lockout.isLocked(at: now) ? "admin_staff_locked" : "admin_staff_active"),
            ]
        }
        return try himaya.page(
            "admin-staff", title: "admin_staff_title", request: request, context: context, values: ["accounts": accounts])
    }
}
