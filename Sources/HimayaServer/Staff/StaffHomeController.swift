import Foundation
import Hummingbird
import HimayaCore
import HimayaStore

/// The signed-in staff member's own page: who they are, where they can work, and sign-out.
struct StaffHomeController {
    let himaya: Himaya

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get(use: show)
        group.post("sign-out", use: signOut)
        group.post("shift", use: startShift)
        group.post("shift/end", use: endShift)
    }

    /// Responders say when they are working, so the queue's coverage is who is on shift now.
    @Sendable func startShift(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        guard AccessPolicy.allows(staff.role, in: .consoleActions) else { throw AppError.forbidden }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard let hours = fields["hours"].flatMap(Int.init), Shift.lengths.contains(hours) else {
            throw AppError.validation([.init(field: "hours", messageKey: "shift_error_hours")])
        }
        let now = himaya.clock.now
        try await himaya.store.shifts.start(staff.id, at: now, until: now.addingTimeInterval(Double(hours) * 3600))
        return .redirect(to: "/staff?lang=\(context.language)", type: .normal)
    }

    @Sendable func endShift(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        guard AccessPolicy.allows(staff.role, in: .consoleActions) else { throw AppError.forbidden }
        try await himaya.store.shifts.end(staff.id, at: himaya.clock.now)
        return .redirect(to: "/staff?lang=\(context.language)", type: .normal)
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        guard let staff = context.staff else { throw AppError.signInRequired }
        let catalogue = himaya.catalogues[context.language]
        let areas: [(Area, String, String)] = [
            (.console, "/console", "staff_area_console"),
            (.console, "/console/reviews", "reviews_title"),
            (.consoleActions, "/console/defenders/new", "enrol_title"),
            (.protectionDesk, "/protection/wellbeing", "staff_area_wellbeing"),
            (.administration, "/admin/staff", "staff_area_admin"),
            (.audit, "/audit", "staff_area_audit"),
        ]
        let now = himaya.clock.now
        let shift = try await himaya.store.shifts.running(at: now).first { $0.staffID == staff.id }
        var reachable = areas.filter { AccessPolicy.allows(staff.role, in: $0.0) }
            .map { ["url": "\($0.1)?lang=\(catalogue.code)", "name": catalogue.text($0.2)] }
        if staff.partnerID != nil {
            reachable.append(["url": "/staff/delegations?lang=\(catalogue.code)", "name": catalogue.text("partner_defenders_title")])
            reachable.append(["url": "/staff/shared?lang=\(catalogue.code)", "name": catalogue.text("partner_shared_title")])
            reachable.append(["url": "/staff/defenders/new?lang=\(catalogue.code)", "name": catalogue.text("enrol_title")])
        }
        return try himaya.page(
            "staff-home", title: "staff_home_title", request: request, context: context,
            values: [
                "signedInAs": catalogue.text("staff_signed_in_as", ["name": staff.displayName]),
                "roleName": catalogue.text(staff.role.messageKey),
                "languagesText": staff.languages.joined(separator: ", "),
                "regionsText": staff.regions.joined(separator: ", "),
                "areas": reachable, "hasAreas": !reachable.isEmpty,
                "takesShifts": AccessPolicy.allows(staff.role, in: .consoleActions),
                "onShift": shift != nil,
                "shiftText": shift.map { catalogue.text("shift_on", ["time": DeadlineStatus.duration($0.endsAt.timeIntervalSince(now))]) } ?? catalogue.text("shift_off"),
                "lengths": Shift.lengths.map { ["hours": String($0), "label": catalogue.text("shift_hours", ["hours": String($0)]), "selected": $0 == 8] },
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
