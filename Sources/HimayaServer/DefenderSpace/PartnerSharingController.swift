import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// Sharing a defender's cases with partners they name: the defender names or forgets a partner
/// in `/me` (under their consent to partner sharing); a named partner's members read the cases at
/// `/staff/shared`, each look audited and shown to the defender. Withdrawing the consent forgets
/// every partner named, so access ends at once.
struct PartnerSharingController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>, staff: RouterGroup<AppRequestContext>) {
        router.post("/me/shares", use: name)
        router.post("/me/shares/:partner/remove", use: forget)
        staff.get("shared", use: list)
        staff.get("shared/:defender", use: cases)
    }

    @Sendable func name(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard let partner = fields["partner"].flatMap(Partner.ID.init), try await himaya.store.partners.all().contains(where: { $0.id == partner }),
            try await himaya.store.consents.name(partner, toSee: defender.id, recordedBy: "defender", at: himaya.clock.now)
        else { return .redirect(to: "/me?lang=\(context.language)&done=sharing_invalid#sharing", type: .normal) }
        return .redirect(to: "/me?lang=\(context.language)&done=sharing#sharing", type: .normal)
    }

    @Sendable func forget(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        guard let partner = context.parameters.get("partner").flatMap(Partner.ID.init) else { throw AppError.notFound }
        _ = try await himaya.store.consents.unname(partner, for: defender.id, recordedBy: "defender")
        return .redirect(to: "/me?lang=\(context.language)&done=sharing#sharing", type: .normal)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        guard let staff = context.staff, let partner = staff.partnerID else { throw AppError.forbidden }
        var rows: [[String: String]] = []
        for id in try await himaya.store.consents.defenders(sharingWith: partner) {
            if let defender = try await himaya.store.defenders.defender(id: id) { rows.append(["id": id.description, "name": defender.displayName]) }
        }
        return try himaya.page("partner-shared", title: "partner_shared_title", request: request, context: context, values: ["rows": rows, "hasRows": !rows.isEmpty])
    }

    /// One defender's cases, for a partner they named; anyone else gets 404, as if there were none.
    @Sendable func cases(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        guard let staff = context.staff, let partner = staff.partnerID else { throw AppError.forbidden }
        guard let id = context.parameters.get("defender").flatMap(Defender.ID.init),
            try await himaya.store.consents.defenders(sharingWith: partner).contains(id),
            let defender = try await himaya.store.defenders.defender(id: id)
        else { throw AppError.notFound }
        try await himaya.store.audit.append(
            AuditEntry(actor: "staff:\(staff.id)", action: "sharing.viewed", subject: "defender:\(id)", detail: ["partner": partner.description]))
        let incidents = try await himaya.incidentRows(of: id, language: context.language)
        return try himaya.page(
            "partner-shared-cases", title: "partner_shared_title", request: request, context: context,
            values: ["name": defender.displayName, "incidents": incidents, "hasIncidents": !incidents.isEmpty])
    }
}
