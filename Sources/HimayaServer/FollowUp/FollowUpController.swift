import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// `/follow-up`: a reporter gives their receipt code and sees the case's state, writes to the team
/// and adds files. The code opens a short session held in a cookie; the code itself is never stored.
struct FollowUpController {
    let himaya: Himaya

    static let cookieName = "himaya_follow_up"
    static let sessionLifetime: TimeInterval = 30 * 60

    func register(on router: Router<AppRequestContext>) {
        router.get("/follow-up", use: ask)
        router.post("/follow-up", use: open)
        router.get("/follow-up/case", use: show)
        router.post("/follow-up/messages", use: message)
        router.post("/follow-up/evidence", use: evidence)
        router.post("/follow-up/leave", use: leave)
    }

    @Sendable func ask(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        try himaya.page("follow-up", title: "follow_up_title", request: request, context: context)
    }

    @Sendable func open(request: Request, context: AppRequestContext) async throws -> Response {
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let catalogue = himaya.catalogues[context.language]
        let typed = fields["code"] ?? ""
        // The limiter counts per form token (a random cookie), never per person or address.
        let browser = context.csrfToken
        guard await himaya.receiptAttempts.mayTry(browser: browser) else {
            return try codeForm(request: request, context: context, typed: typed, error: catalogue.text("follow_up_slow_down"), status: .tooManyRequests)
        }
        guard let code = ReceiptCode(typed: typed), let followUp = try await himaya.store.reports.followUp(receipt: code) else {
            await himaya.receiptAttempts.recordFailure(browser: browser)
            return try codeForm(request: request, context: context, typed: typed, error: catalogue.text("follow_up_wrong_code"), status: .badRequest)
        }
        let token = RandomToken.make()
        try await himaya.store.reports.openFollowUpSession(
            tokenHash: RandomToken.fingerprint(token), reportID: followUp.reportID,
            until: himaya.clock.now.addingTimeInterval(Self.sessionLifetime))
        try await himaya.store.audit.append(AuditEntry(actor: "reporter", action: "follow_up.opened", subject: "report:\(followUp.reportID)"))
        var response = Response.redirect(to: "/follow-up/case?lang=\(context.language)", type: .normal)
        response.setCookie(
            Cookie(name: Self.cookieName, value: token, path: "/follow-up", secure: himaya.configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        guard let reportID = try await session(request) else { return .redirect(to: "/follow-up?lang=\(context.language)", type: .found) }
        let notice: String? = switch request.uri.queryParameters["sent"] {
        case "message": himaya.catalogues[context.language].text("follow_up_message_sent")
        case "files": himaya.catalogues[context.language].text("follow_up_files_added")
        default: nil
        }
        return try await casePage(request: request, context: context, reportID: reportID, notice: notice, problems: [], status: .ok)
    }

    @Sendable func message(request: Request, context: AppRequestContext) async throws -> Response {
        guard let reportID = try await session(request) else { throw AppError.forbidden }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard let body = fields["message"], body.count <= ReportDraft.narrativeLimit else {
            let catalogue = himaya.catalogues[context.language]
            return try await casePage(
                request: request, context: context, reportID: reportID, notice: nil,
                problems: [catalogue.text("follow_up_message_empty")], status: .unprocessableContent)
        }
        try await himaya.store.reports.addMessage(
            ReportMessage(reportID: reportID, author: .reporter, staffID: nil, body: body, sentAt: himaya.clock.now))
        return .redirect(to: "/follow-up/case?lang=\(context.language)&sent=message", type: .normal)
    }

    @Sendable func evidence(request: Request, context: AppRequestContext) async throws -> Response {
        guard let reportID = try await session(request) else { throw AppError.forbidden }
        guard let multipart = context.multipart else { throw AppError.badRequest }
        let catalogue = himaya.catalogues[context.language]
        var accepted: [EvidenceUpload] = []
        var problems: [String] = []
        for upload in multipart.uploads where upload.field == "files" {
            switch EvidenceIntake.accept(filename: upload.filename, bytes: upload.bytes, at: himaya.clock.now) {
            case .success(let evidence): accepted.append(evidence)
            case .failure(let refusal): problems.append(catalogue.text(refusal.messageKey, ["name": refusal.filename]))
            }
        }
        if accepted.count > EvidenceIntake.countLimit { problems.append(catalogue.text("report_error_files_many")) }
        if accepted.isEmpty && problems.isEmpty { problems.append(catalogue.text("report_error_empty")) }
        guard problems.isEmpty else {
            return try await casePage(request: request, context: context, reportID: reportID, notice: nil, problems: problems, status: .unprocessableContent)
        }
        try await himaya.store.reports.addEvidence(accepted, to: reportID)
        return .redirect(to: "/follow-up/case?lang=\(context.language)&sent=files", type: .normal)
    }

    @Sendable func leave(request: Request, context: AppRequestContext) async throws -> Response {
        if let token = request.cookies[Self.cookieName]?.value {
            try await himaya.store.reports.closeFollowUpSession(tokenHash: RandomToken.fingerprint(token))
        }
        var response = Response.redirect(to: "/follow-up?lang=\(context.language)", type: .normal)
        response.setCookie(Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/follow-up"))
        return response
    }

    private func session(_ request: Request) async throws -> Report.ID? {
        guard let token = request.cookies[Self.cookieName]?.value else { return nil }
        return try await himaya.store.reports.followUpSession(tokenHash: RandomToken.fingerprint(token), at: himaya.clock.now)
    }

    private func codeForm(request: Request, context: AppRequestContext, typed: String, error: String, status: HTTPResponse.Status) throws -> Response {
        try himaya.page(
            "follow-up", title: "follow_up_title", request: request, context: context, values: ["typed": typed, "error": error], status: status
        ).response(from: request, context: context)
    }

    private func casePage(
        request: Request, context: AppRequestContext, reportID: Report.ID, notice: String?, problems: [String], status: HTTPResponse.Status
    ) async throws -> Response {
        guard let followUp = try await himaya.store.reports.followUp(reportID: reportID) else { throw AppError.notFound }
        let catalogue = himaya.catalogues[context.language]
        let caseFile = followUp.caseFile
        var values: [String: Any] = [
            "reference": caseFile.reference, "status": catalogue.text(caseFile.status.messageKey),
            "due": (caseFile.status == .new ? catalogue.text("follow_up_due", ["time": ReportController.time(caseFile.firstResponseDue)]) : nil) as Any,
            "messages": followUp.messages.map { message -> [String: Any] in
                ["fromTeam": message.author == .responder,
                 "author": catalogue.text(message.author == .responder ? "follow_up_from_team" : "follow_up_from_you"),
                 "time": ReportController.time(message.sentAt), "body": message.body]
            },
            "hasMessages": !followUp.messages.isEmpty,
            "files": followUp.evidence.map {
                ["line": catalogue.text("follow_up_file_line", ["name": $0.name, "time": ReportController.time($0.receivedAt), "sha": $0.sha256])]
            },
            "hasFiles": !followUp.evidence.isEmpty,
            "problems": problems.map { ["message": $0] }, "hasProblems": !problems.isEmpty,
        ]
        if let notice { values["notice"] = notice }
        return try himaya.page("follow-up-case", title: "follow_up_case_title", request: request, context: context, values: values, status: status)
            .response(from: request, context: context)
    }
}
