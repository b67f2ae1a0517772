import Foundation
import HimayaCore
import HimayaDetection
import HimayaStore
import Hummingbird

/// `/api/v1/enforcement`: before the platform removes, restricts, suspends or demonetises, it asks.
/// Everyone but a consenting, enrolled defender gets `proceed` at once; a defender's takedown is
/// held for a trained responder, with a review id to poll or a signed `enforcement.reviewed`
/// webhook when decided. The platform also forwards the reports it receives against defenders,
/// so campaigns of false reports are seen.
struct EnforcementAPIController {
    let himaya: Himaya

    func register(on group: RouterGroup<AppRequestContext>) {
        let check = group.group("enforcement").add(middleware: PlatformKeyMiddleware(himaya: himaya, scope: .enforcementCheck))
        check.post("check", use: self.check)
        check.get("reviews/:id", use: review)
        group.group("enforcement").add(middleware: PlatformKeyMiddleware(himaya: himaya, scope: .enforcementReport)).post("reports", use: reports)
        group.group("defenders").add(middleware: PlatformKeyMiddleware(himaya: himaya, scope: .defendersWrite)).post(":id/accounts", use: linkAccount)
    }

    struct CheckRequest: Decodable {
        var account: String
        var contentId: String?
        var action: String
        var reason: String?
    }

    struct CheckAnswer: Encodable, ResponseEncodable {
        var decision: String
        var reviewId: String?
        var priority: String?
        var dueAt: String?
    }

    struct ReviewAnswer: Encodable, ResponseEncodable {
        var reviewId: String
        var status: String
        var action: String
        var dueAt: String
        var outcome: String?
        var reason: String?
        var decidedAt: String?
    }

    struct ReportsRequest: Decodable {
        struct Item: Decodable {
            var reporterId: String
            var reporterAccountAgeDays: Int?
            var text: String?
            var reportedAt: Date?
        }

        var account: String
        var contentId: String?
        var reports: [Item]
    }

    struct ReportsAnswer: Encodable, ResponseEncodable {
        var protected: Bool
        var accepted: Int
        var campaign: Bool
        var signs: [String]
    }

    struct AccountLink: Decodable {
        var account: String
    }

    struct Linked: Encodable, ResponseEncodable {
        var defender: String
        var linked: Bool
    }

    @Sendable func check(request: Request, context: AppRequestContext) async throws -> CheckAnswer {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        guard let asked = try? JSONDecoder().decode(CheckRequest.self, from: Data(Array(buffer: body))) else { throw AppError.badRequest }
        var problems: [AppError.FieldProblem] = []
        let account = asked.account.trimmingCharacters(in: .whitespacesAndNewlines)
        if account.isEmpty || account.unicodeScalars.count > 300 { problems.append(.init(field: "account", messageKey: "enforcement_error_account")) }
        let action = EnforcementAction(rawValue: asked.action)
        if action == nil { problems.append(.init(field: "action", messageKey: "enforcement_error_action")) }
        if let content = asked.contentId, content.unicodeScalars.count > 300 { problems.append(.init(field: "contentId", messageKey: "enforcement_error_content")) }
        if let reason = asked.reason, reason.unicodeScalars.count > 2000 { problems.append(.init(field: "reason", messageKey: "enforcement_error_reason")) }
        guard problems.isEmpty, let action else { throw AppError.validation(problems) }
        switch try await EnforcementGuard(himaya: himaya).check(account: account, contentID: asked.contentId, action: action, platformReason: asked.reason) {
        case .proceed:
            return CheckAnswer(decision: "proceed")
        case .hold(let review):
            return CheckAnswer(decision: "hold", reviewId: review.id.description, priority: review.priority.description, dueAt: review.dueAt.formatted(.iso8601))
        }
    }

    @Sendable func review(request: Request, context: AppRequestContext) async throws -> ReviewAnswer {
        guard let id = context.parameters.get("id").flatMap(EnforcementReview.ID.init), let review = try await himaya.store.enforcement.review(id)
        else { throw AppError.notFound }
        return ReviewAnswer(
            reviewId: review.id.description, status: review.status.rawValue, action: review.action.rawValue, dueAt: review.dueAt.formatted(.iso8601),
            outcome: review.status == .pending ? nil : (review.status == .upheld ? "uphold" : "overturn"),
            reason: review.reason, decidedAt: review.decidedAt.map { $0.formatted(.iso8601) })
    }

    @Sendable func reports(request: Request, context: AppRequestContext) async throws -> ReportsAnswer {
        var request = request
        let body = try await request.collectBody(upTo: 2 * 1024 * 1024)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let sent = try? decoder.decode(ReportsRequest.self, from: Data(Array(buffer: body))) else { throw AppError.badRequest }
        var problems: [AppError.FieldProblem] = []
        if sent.account.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || sent.account.unicodeScalars.count > 300 {
            problems.append(.init(field: "account", messageKey: "enforcement_error_account"))
        }
        if sent.reports.isEmpty || sent.reports.count > 1000 { problems.append(.init(field: "reports", messageKey: "enforcement_error_reports")) }
        for (i, item) in sent.reports.prefix(1000).enumerated() where item.reporterId.isEmpty || item.reporterId.unicodeScalars.count > 300 {
            problems.append(.init(field: "reports[\(i)].reporterId", messageKey: "enforcement_error_reporter"))
        }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let now = himaya.clock.now
        // Reporters are kept only as keyed hashes, and what they wrote only as its fingerprint.
        let reports = sent.reports.map { item in
            EnforcementReport(
                reporterIndex: himaya.store.blindIndex.index(item.reporterId), reporterAccountAgeDays: item.reporterAccountAgeDays.map { max(0, $0) },
                textFingerprint: item.text.map(SimHash.of), reportedAt: min(item.reportedAt ?? now, now))
        }
        guard let finding = try await EnforcementGuard(himaya: himaya).receive(account: sent.account, contentID: sent.contentId, reports: reports) else {
            return ReportsAnswer(protected: false, accepted: 0, campaign: false, signs: [])
        }
        return ReportsAnswer(protected: true, accepted: reports.count, campaign: finding.isCampaign, signs: finding.signs.map(\.rawValue))
    }

    @Sendable func linkAccount(request: Request, context: AppRequestContext) async throws -> Linked {
        let id = try await himaya.defender(inPath: context).id
        var request = request
        let body = try await request.collectBody(upTo: 4096)
        guard let link = try? JSONDecoder().decode(AccountLink.self, from: Data(Array(buffer: body))) else { throw AppError.badRequest }
        let account = link.account.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !account.isEmpty, account.unicodeScalars.count <= 300 else {
            throw AppError.validation([.init(field: "account", messageKey: "enforcement_error_account")])
        }
        if let holder = try await himaya.store.defenders.defender(holding: account) {
            guard holder.id == id else { throw AppError.validation([.init(field: "account", messageKey: "defender_error_account_taken")]) }
        } else {
            try await himaya.store.defenders.link(account: account, to: id)
        }
        try await himaya.protectedAccounts.reload(from: himaya.store, at: himaya.clock.now)
        return Linked(defender: id.description, linked: true)
    }
}
