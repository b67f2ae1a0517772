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
        group.get("delegations/:id/alerts", use: alerts)
        group.get("delegations/:id/report", use: reportForm)
        group.post("delegations/:id/report", use: report)
    }

    /// The defender's alerts, summary first, for a partner allowed to see them; each look is a use
    /// the defender sees.
    @Sendable func alerts(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        let (delegation, staff, _) = try await himaya.delegation(allowing: .seeAlerts, context)
        try await himaya.store.delegations.recordUse(delegation, right: .seeAlerts, by: "staff:\(staff)")
        let defender = try await himaya.store.defenders.defender(id: delegation.defenderID)
        let rows = try await himaya.alertRows(of: delegation.defenderID, shown: request.uri.queryParameters["show"].map(String.init))
        return try himaya.page(
            "partner-delegation-alerts", title: "partner_alerts_title", request: request, context: context,
            values: ["delegation": delegation.id.description, "name": defender?.displayName ?? "", "alerts": rows, "hasAlerts": !rows.isEmpty])
    }

    @Sendable func reportForm(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        let (delegation, _, _) = try await himaya.delegation(allowing: .reporting, context)
        return try await reportPage(request: request, context: context, delegation: delegation, fields: FormFields(), problems: [], status: .ok)
    }

    /// A report filed by the partner for the defender, under the partner's name, about the
    /// defender's linked account, through the same path (priority, deadlines) as any report.
    @Sendable func report(request: Request, context: AppRequestContext) async throws -> Response {
        let (delegation, staff, partner) = try await himaya.delegation(allowing: .reporting, context)
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard let defender = try await himaya.store.defenders.defender(id: delegation.defenderID) else { throw AppError.notFound }
        var draft = ReportDraft()
        draft.category = fields["category"]
        draft.immediateDanger = fields["immediate_danger"]
        draft.reporterIsTarget = "no"
        draft.targetAccount = try await himaya.store.defenders.accounts(of: defender.id).first
        draft.country = defender.country
        draft.attackLanguage = fields["attack_language"]
        draft.narrative = fields["narrative"]
        draft.contentReferences = fields["content_references"]
        draft.contactMethod = ContactMethod.throughPartner.rawValue
        draft.urgent = fields["urgent"]
        let catalogue = himaya.catalogues[context.language]
        switch try await ReportFiling(himaya: himaya).file(draft, source: .partnerForm(partner), reporterLanguage: catalogue.code, evidence: []) {
        case .failure(let failure):
            return try await reportPage(
                request: request, context: context, delegation: delegation, fields: fields,
                problems: failure.problems.map { catalogue.text($0.messageKey) }, status: .unprocessableContent
            ).response(from: request, context: context)
        case .success(let done):
            try await himaya.store.delegations.recordUse(delegation, right: .reporting, by: "staff:\(staff)")
            return try himaya.page(
                "partner-delegation-report", title: "partner_report_title", request: request, context: context,
                values: ["id": delegation.id.description, "name": defender.displayName, "filed": true, "receipt": done.receipt.description,
                         "reference": done.filed.caseFile.reference]
            ).response(from: request, context: context)
        }
    }

    private func reportPage(
        request: Request, context: AppRequestContext, delegation: Delegation, fields: FormFields, problems: [String], status: HTTPResponse.Status
    ) async throws -> HTMLPage {
        let catalogue = himaya.catalogues[context.language]
        let defender = try await himaya.store.defenders.defender(id: delegation.defenderID)
        let linked = try await himaya.store.defenders.accounts(of: delegation.defenderID)
        return try himaya.page(
            "partner-delegation-report", title: "partner_report_title", request: request, context: context,
            values: [
                "id": delegation.id.description, "name": defender?.displayName ?? "", "filed": false, "hasAccount": !linked.isEmpty,
                "problems": problems.map { ["message": $0] }, "hasProblems": !problems.isEmpty,
                "categories": IncidentCategory.allCases.map {
                    ["value": $0.rawValue, "label": catalogue.text($0.messageKey), "selected": fields["category"] == $0.rawValue]
                },
                "narrative": fields["narrative"] ?? "", "references": fields["content_references"] ?? "", "attackLanguage": fields["attack_language"] ?? "",
                "danger": fields["immediate_danger"] == "yes", "urgent": fields["urgent"] == "yes",
            ], status: status)
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
                "mayLock": delegation.allows(.lockdown, at: now), "mayReport": delegation.allows(.reporting, at: now),
                "maySeeAlerts": delegation.allows(.seeAlerts, at: now), "mayShield": delegation.allows(.shield, at: now),
            ])
        }
        return try himaya.page("partner-delegations", title: "partner_defenders_title", request: request, context: context,
                               values: ["rows": rows, "hasRows": !rows.isEmpty])
    }

    @Sendable func lockDown(request: Request, context: AppRequestContext) async throws -> Response {
        let (delegation, staff, partner) = try await himaya.delegation(allowing: .lockdown, context)
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard fields["confirm"] == "yes" else { throw AppError.validation([.init(field: "confirm", messageKey: "lockdown_error_confirm")]) }
        try await himaya.store.delegations.recordUse(delegation, right: .lockdown, by: "staff:\(staff)")
        _ = try await LockdownService(himaya: himaya).start(
            for: delegation.defenderID, by: "partner:\(partner)", alertResponders: fields["alert_responders"] == "yes")
        return .redirect(to: "/staff/delegations?lang=\(context.language)", type: .normal)
    }
}

extension Himaya {
    /// The signed-in partner member's delegation named in the path (`:id`), if it allows `right`
    /// now; forbidden otherwise, whoever asks.
    func delegation(allowing right: Delegation.Right, _ context: AppRequestContext) async throws -> (Delegation, staff: StaffAccount.ID, partner: Partner.ID) {
        guard let staff = context.staff, let partner = staff.partnerID else { throw AppError.forbidden }
        guard let id = context.parameters.get("id").flatMap(Delegation.ID.init),
            let delegation = try await store.delegations.delegations(to: partner).first(where: { $0.id == id }),
            delegation.allows(right, at: clock.now)
        else { throw AppError.forbidden }
        return (delegation, staff.id, partner)
    }
}
