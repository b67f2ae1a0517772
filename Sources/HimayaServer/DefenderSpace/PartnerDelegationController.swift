import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// `/staff/delegations`: a partner organisation's members see the defenders who delegated to it
/// and act within the rights granted, while the grant lasts. Every use is audited for the defender.
struct PartnerDelegationController {
    let himaya: Himaya

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("delegations", use: list)
        group.post("delegations/:id/lockdown", use: lockDown)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        guard let staff = context.staff else { throw AppError.signInRequired }
        guard let partner = staff.partnerID else { throw AppError.forbidden }
        let catalogue = himaya.catalogues[context.language]
        let now = himaya.clock.now
        var rows: [[String: Any]] = []
        for delegation in try await himaya.store.delegations.delegations(to: partner) where delegation.revokedAt == nil && now < delegation.expiresAt {
            let defender = try await himaya.store.defenders.defender(id: delegation.defenderID)
            rows.append([
                "id": delegation.id.description, "name": defender?.displayName ?? "", "until": ReportController.time(delegation.expiresAt),
                "rights": delegation.rights.map { catalogue.text("delegation_right_\($0.rawValue)") }.sorted().joined(separator: ", "),
                "mayLock": delegation.allows(.lockdown, at: now),
            ])
        }
        return try himaya.page("partner-delegations", title: "partner_defenders_title", request: request, context: context,
                               values: ["rows": rows, "hasRows": !rows.isEmpty])
    }

    @Sendable func lockDown(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff, let partner = staff.partnerID else { throw AppError.forbidden }
        guard let id = context.parameters.get("id").flatMap(Delegation.ID.init),
            let delegation = try await himaya.store.delegations.delegations(to: partner).first(where: { $0.id == id }),
            delegation.allows(.lockdown, at: himaya.clock.now)
        else { throw AppError.forbidden }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard fields["confirm"] == "yes" else { throw AppError.validation([.init(field: "confirm", messageKey: "lockdown_error_confirm")]) }
        try await himaya.store.delegations.recordUse(delegation, right: .lockdown, by: "staff:\(staff.id)")
        _ = try await LockdownService(himaya: himaya).start(for: delegation.defenderID, by: "partner:\(partner)", alertResponders: true)
        return .redirect(to: "/staff/delegations?lang=\(context.language)", type: .normal)
    }
}
