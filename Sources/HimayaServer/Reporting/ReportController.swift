import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// The reporting form at `/report`: first the danger question, then the form, then the receipt.
struct ReportController {
    let himaya: Himaya

    /// How long files from a form with mistakes are kept for the second try.
    static let holdFilesFor: TimeInterval = 2 * 3600

    func register(on router: Router<AppRequestContext>) {
        router.get("/report", use: start)
        router.get("/report/details", use: details)
        router.post("/report", use: submit)
    }

    /// The first question, before anything else: is anyone in danger now.
    @Sendable func start(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        let form = ReportForm(himaya: himaya, catalogue: himaya.catalogues[context.language])
        return try himaya.page(
            "report-start", title: "report_title", request: request, context: context,
            values: ["countries": form.countries(selected: nil)])
    }

    /// The form; for a person in danger it opens with what to do now.
    @Sendable func details(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        var draft = ReportDraft()
        draft.country = request.uri.queryParameters["country"].map(String.init)
        let danger = request.uri.queryParameters["danger"] == "yes"
        draft.immediateDanger = danger ? "yes" : "no"
        return try await form(request: request, context: context, draft: draft, problems: [], kept: [], status: .ok)
    }

    @Sendable func submit(request: Request, context: AppRequestContext) async throws -> Response {
        guard let multipart = context.multipart else { throw AppError.badRequest }
        let catalogue = himaya.catalogues[context.language]
        let fields = multipart.fields
        let draft = Self.draft(from: fields)
        // A signed-in partner member files for the defender they help, under their organisation.
        let source: ReportSource = context.staff?.partnerID.map { .partnerForm($0) } ?? .anonymousForm
        let now = himaya.clock.now

        // Files first: each is checked by its bytes; good ones are kept even if the form has mistakes.
        var accepted: [EvidenceUpload] = try await himaya.store.reports.takeHeld(
            tokenHashes: fields.all("kept_file").map(RandomToken.fingerprint), at: now)
        var problems: [String] = []
        for upload in multipart.uploads where upload.field == "files" {
            switch EvidenceIntake.accept(filename: upload.filename, bytes: upload.bytes, at: now) {
            case .success(let evidence): accepted.append(evidence)
            case .failure(let refusal): problems.append(catalogue.text(refusal.messageKey, ["name": refusal.filename]))
            }
        }
        if accepted.count > EvidenceIntake.countLimit {
            problems.append(catalogue.text("report_error_files_many"))
        }
        var failure: ValidationFailure?
        if problems.isEmpty {
            switch try await ReportFiling(himaya: himaya).file(
                draft, source: source, reporterLanguage: catalogue.code, evidence: accepted)
            {
            case .success(let done):
                return try receipt(request: request, context: context, done: done).response(from: request, context: context)
            case .failure(let found):
                failure = found
            }
        } else if case .failure(let found) = draft.validate(
            source: source, reporterLanguage: catalogue.code, knownPartners: [], receivedAt: now,
            hasEvidenceFiles: !accepted.isEmpty)
        {
            failure = found
        }
        problems = (failure?.problems.map { catalogue.text($0.messageKey) } ?? []) + problems
        // Hold the good files under new tokens, so the person does not upload them again.
        var kept: [[String: String]] = []
        for evidence in accepted.prefix(EvidenceIntake.countLimit) {
            let token = RandomToken.make()
            try await himaya.store.reports.hold(evidence, tokenHash: RandomToken.fingerprint(token), until: now.addingTimeInterval(Self.holdFilesFor))
            kept.append(["token": token, "label": catalogue.text("report_file_keep", ["name": evidence.file.name])])
        }
        return try await form(request: request, context: context, draft: draft, problems: problems, kept: kept, status: .unprocessableContent)
            .response(from: request, context: context)
    }

    static func draft(from fields: FormFields) -> ReportDraft {
        var draft = ReportDraft()
        draft.category = fields["category"]
        draft.immediateDanger = fields["immediate_danger"]
        draft.reporterIsTarget = fields["reporter_is_target"]
        draft.targetAccount = fields["target_account"]
        draft.country = fields["country"]
        draft.attackLanguage = fields["attack_language"]
        draft.narrative = fields.raw("narrative")
        draft.contentReferences = fields.raw("content_references")
        draft.contactMethod = fields["contact_method"]
        draft.contactAddress = fields["contact_address"]
        draft.sharePartner = fields["share_partner"]
        draft.lawEnforcement = fields["law_enforcement"]
        draft.urgent = fields["urgent"]
        return draft
    }

    private func form(
        request: Request, context: AppRequestContext, draft: ReportDraft, problems: [String], kept: [[String: String]],
        status: HTTPResponse.Status
    ) async throws -> HTMLPage {
        let form = ReportForm(himaya: himaya, catalogue: himaya.catalogues[context.language])
        var values = try await form.values(
            draft: draft, danger: draft.immediateDanger == "yes", problems: problems, keptFiles: kept,
            partnerFiling: context.staff?.partnerID != nil)
        if let partnerID = context.staff?.partnerID,
            let partner = try await himaya.store.partners.all().first(where: { $0.id == partnerID })
        {
            values["filingFor"] = himaya.catalogues[context.language].text("report_filing_for", ["partner": partner.name])
        }
        return try himaya.page("report-form", title: "report_form_title", request: request, context: context, values: values, status: status)
    }

    private func receipt(request: Request, context: AppRequestContext, done: ReportFiling.Accepted) throws -> HTMLPage {
        let catalogue = himaya.catalogues[context.language]
        let caseFile = done.filed.caseFile
        return try himaya.page(
            "report-done", title: "report_done_title", request: request, context: context,
            values: [
                "stored": catalogue.text("report_done_stored", ["reference": caseFile.reference]),
                "code": done.receipt.description,
                "expect": catalogue.text("report_done_expect", ["time": Self.time(caseFile.firstResponseDue)]),
                "inDanger": caseFile.immediateDanger, "joined": done.filed.joinedOpenCase,
            ])
    }

    /// A time as people read it, in UTC: `2026-11-25 14:30`, isolated from the text's direction so
    /// it is not reordered inside Arabic.
    static func time(_ date: Date) -> String {
        "\u{2066}" + UTCCalendar.minute(date) + "\u{2069}"
    }
}
