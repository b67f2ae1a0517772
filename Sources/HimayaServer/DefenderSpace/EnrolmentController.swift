import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// Enrolment by someone who knows the defender: a responder (`/console/defenders/new`) or a
/// member of a trusted partner who vouches for them (`/staff/defenders/new`). The enroller
/// attests which uses the defender agreed to; each consent is recorded as given through them.
/// The platform then confirms which account is the defender's with
/// `POST /api/v1/defenders/{id}/accounts`, and the defender can take over in their own space.
struct EnrolmentController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        let console = router.group("/console").add(middleware: AccessGuard(.consoleActions))
        console.get("defenders/new", use: form)
        console.post("defenders/new", use: enrol)
        let staff = router.group("/staff").add(middleware: AccessGuard(.staffHome))
        staff.get("defenders/new", use: partnerForm)
        staff.post("defenders/new", use: partnerEnrol)
    }

    /// Who is enrolling, as the audit and the consent records name them.
    private func actor(_ context: AppRequestContext, partner: Bool) throws -> String {
        guard let staff = context.staff else { throw AppError.signInRequired }
        if partner {
            guard let id = staff.partnerID else { throw AppError.forbidden }
            return "partner:\(id)"
        }
        return "staff:\(staff.id)"
    }

    @Sendable func form(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        _ = try actor(context, partner: false)
        return try page(request, context, action: "/console/defenders/new", problems: [], values: [:], status: .ok)
    }

    @Sendable func partnerForm(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        _ = try actor(context, partner: true)
        return try page(request, context, action: "/staff/defenders/new", problems: [], values: [:], status: .ok)
    }

    @Sendable func enrol(request: Request, context: AppRequestContext) async throws -> Response {
        try await enrol(request, context, by: try actor(context, partner: false), action: "/console/defenders/new")
    }

    @Sendable func partnerEnrol(request: Request, context: AppRequestContext) async throws -> Response {
        try await enrol(request, context, by: try actor(context, partner: true), action: "/staff/defenders/new")
    }

    private func enrol(_ request: Request, _ context: AppRequestContext, by actor: String, action: String) async throws -> Response {
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let profile = DefenderProfileForm(fields)
        let riskTier = fields["risk_tier"].flatMap(RiskTier.init(rawValue:)) ?? .standard
        let consents = Set(fields.all("consent").compactMap(ConsentPurpose.init(rawValue:)))
        let problems = profile.problems + (fields["attest"] == "yes" ? [] : ["enrol_error_attest"])
        guard problems.isEmpty else {
            return try page(request, context, action: action, problems: problems, values: profile.values, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        let defender = Defender(
            displayName: profile.displayName, country: profile.country, languages: [profile.language], activity: profile.activity, riskTier: riskTier,
            enrolledAt: himaya.clock.now)
        try await himaya.store.defenders.enrol(defender)
        try await himaya.recordConsents(consents, for: defender.id, by: actor)
        // A vouching partner who records consent to partner sharing is the partner named.
        if consents.contains(.partnerSharing), actor.hasPrefix("partner:"), let partner = Partner.ID(String(actor.dropFirst("partner:".count))) {
            _ = try await himaya.store.consents.name(partner, toSee: defender.id, recordedBy: actor, at: himaya.clock.now)
        }
        try await himaya.store.audit.append(
            AuditEntry(actor: actor, action: "defender.enrolled", subject: "defender:\(defender.id)", detail: ["by": actor.hasPrefix("partner:") ? "partner" : "responder"]))
        let catalogue = himaya.catalogues[context.language]
        return try himaya.page(
            "enrol-defender-done", title: "enrol_title", request: request, context: context,
            values: [
                "id": defender.id.description, "name": defender.displayName,
                "consents": consents.sorted(by: { $0.rawValue < $1.rawValue }).map { catalogue.text("consent_\($0.rawValue)") },
                "hasConsents": !consents.isEmpty,
            ]).response(from: request, context: context)
    }

    private func page(
        _ request: Request, _ context: AppRequestContext, action: String, problems: [String], values: [String: String], status: HTTPResponse.Status
    ) throws -> HTMLPage {
        let catalogue = himaya.catalogues[context.language]
        var page = try himaya.page(
            "enrol-defender", title: "enrol_title", request: request, context: context,
            values: [
                "action": action, "problems": problems.map { ["message": catalogue.text($0)] }, "hasProblems": !problems.isEmpty,
                "displayName": values["display_name"] ?? "", "country": values["country"] ?? "",
                "languageChoices": Defender.alertLanguages.map { ["value": $0, "label": catalogue.text("language_name_\($0)"), "selected": values["language"] == $0] },
                "activities": DefenderActivity.allCases.map { ["value": $0.rawValue, "label": catalogue.text("activity_\($0.rawValue)")] },
                "tiers": RiskTier.allCases.map { ["value": $0.rawValue, "label": catalogue.text("risk_tier_\($0.rawValue)")] },
                "purposes": MeController.purposes.map { ["value": $0.rawValue, "label": catalogue.text("consent_\($0.rawValue)")] },
            ])
        page.status = status
        return page
    }
}
