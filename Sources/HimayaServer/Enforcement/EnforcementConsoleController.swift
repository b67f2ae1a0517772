import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// `/console/reviews`: held takedowns of defenders' content, beside the case queue, soonest due
/// first, with the defender's context, the platform's stated ground and the campaign signs.
/// Console readers may look; senior responders and the protection lead decide.
struct EnforcementConsoleController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        let read = router.group("/console/reviews").add(middleware: AccessGuard(.console))
        read.get(use: queue)
        read.get(":id", use: page)
        router.group("/console/reviews").add(middleware: AccessGuard(.enforcementReview)).post(":id/decision", use: decide)
    }

    @Sendable func queue(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        let catalogue = himaya.catalogues[context.language]
        let now = himaya.clock.now
        var rows: [[String: Any]] = []
        for review in try await himaya.store.enforcement.pendingReviews(limit: 200) {
            let defender = try await himaya.store.defenders.defender(id: review.defenderID)
            let left = review.dueAt.timeIntervalSince(now)
            rows.append([
                "id": review.id.description, "priority": review.priority.description,
                "action": catalogue.text(review.action.messageKey),
                "due": left >= 0 ? catalogue.text("console_due_in", ["time": DeadlineStatus.duration(left)])
                    : catalogue.text("console_overdue", ["time": DeadlineStatus.duration(-left)]),
                "late": left < 0, "country": defender?.country ?? "", "tier": defender.map { catalogue.text("risk_tier_\($0.riskTier.rawValue)") } ?? "",
                "campaign": !review.campaignSigns.isEmpty,
            ])
        }
        let counts = try await himaya.store.enforcement.decisionCounts()
        let figures = catalogue.text("reviews_figures", [
            "upheld": String((counts["upheld"] ?? 0) + (counts["upheld_political"] ?? 0)),
            "overturned": String((counts["overturned"] ?? 0) + (counts["overturned_political"] ?? 0)),
            "political": String(counts["overturned_political"] ?? 0),
        ])
        return try himaya.page(
            "console-reviews", title: "reviews_title", request: request, context: context,
            values: ["rows": rows, "hasRows": !rows.isEmpty, "figures": figures])
    }

    @Sendable func page(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        guard let staff = context.staff else { throw AppError.signInRequired }
        let catalogue = himaya.catalogues[context.language]
        guard let id = context.parameters.get("id").flatMap(EnforcementReview.ID.init), let review = try await himaya.store.enforcement.review(id)
        else { throw AppError.notFound }
        let defender = try await himaya.store.defenders.defender(id: review.defenderID)
        let profile = defender.flatMap { himaya.countries.profiles[$0.country] }
        let messages = try await himaya.store.outbox.messages(about: "enforcement_review:\(review.id)")
        let now = himaya.clock.now
        // The reports of the last week against the defender, by the same measures as the detector.
        var week = MassReportDetector()
        week.window = 7 * 86_400
        let reports = try await himaya.store.enforcement.recentReports(defender: review.defenderID, since: now.addingTimeInterval(-week.window))
        let finding = week.assess(reports, knownAttackers: try await himaya.store.enforcement.knownAttackers(of: review.defenderID), at: now)
        let reportFigures = catalogue.text("review_report_figures", [
            "reports": String(finding.figures["reports"] ?? 0), "reporters": String(finding.reporters),
            "fresh": String(finding.figures["fresh_reporters"] ?? 0), "similar": String(finding.figures["near_identical"] ?? 0),
            "known": String(finding.figures["known_attackers"] ?? 0),
        ])
        let notice: String? =
            switch request.uri.queryParameters["done"] {
            case "decided": catalogue.text("review_decided")
            case "reason": catalogue.text("review_error_reason")
            default: nil
            }
        return try himaya.page(
            "console-review", title: "reviews_title", request: request, context: context,
            values: [
                "id": review.id.description, "priority": review.priority.description,
                "factors": review.priorityFactors.map { PriorityFactorText.text($0, catalogue: catalogue) },
                "action": catalogue.text(review.action.messageKey), "content": review.contentID ?? "–",
                "platformReason": review.platformReason as Any,
                "due": catalogue.text(review.dueAt >= now ? "console_due_in" : "console_overdue", ["time": DeadlineStatus.duration(abs(review.dueAt.timeIntervalSince(now)))]),
                "status": catalogue.text("review_status_\(review.status.rawValue)"),
                "pending": review.status == .pending,
                "mayDecide": AccessPolicy.allows(staff.role, in: .enforcementReview) && review.status == .pending,
                "defender": defender.map { [
                    "name": $0.displayName, "tier": catalogue.text("risk_tier_\($0.riskTier.rawValue)"), "country": $0.country,
                    "civicSpace": profile.map { catalogue.text("civic_space_\($0.civicSpace.rawValue)") } ?? "",
                    "event": profile?.activeEvent(at: now)?.id ?? "",
                ] } as Any,
                "signs": review.campaignSigns.compactMap(CampaignSign.init(rawValue:)).map { catalogue.text($0.messageKey) },
                "hasSigns": !review.campaignSigns.isEmpty,
                "reportFigures": reportFigures,
                "reason": review.reason as Any,
                "deliveries": messages.map { message -> [String: Any] in
                    ["line": catalogue.text("review_delivery_line", [
                        "kind": message.kind.rawValue, "status": catalogue.text("delivery_status_\(message.status.rawValue)"),
                        "attempts": String(message.attempts),
                    ])]
                },
                "notice": notice as Any,
            ])
    }

    @Sendable func decide(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        guard let id = context.parameters.get("id").flatMap(EnforcementReview.ID.init), let review = try await himaya.store.enforcement.review(id)
        else { throw AppError.notFound }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard let outcome = fields["outcome"].flatMap(EnforcementReview.Outcome.init(rawValue:)),
            let reason = fields.raw("reason"), !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { return .redirect(to: "/console/reviews/\(id)?lang=\(context.language)&done=reason", type: .normal) }
        _ = try await EnforcementGuard(himaya: himaya).decide(
            review, outcome: outcome, reason: String(reason.prefix(5000)), politicalSpeech: fields["political_speech"] == "yes", by: staff.id)
        return .redirect(to: "/console/reviews/\(id)?lang=\(context.language)&done=decided", type: .normal)
    }
}
