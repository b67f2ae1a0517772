import Foundation
import HimayaCore
import HimayaDetection
import HimayaStore
import Hummingbird

/// `/console`: the queue and the case page. Reading needs the console area; claiming, writing and
/// opening files need the acting area, so auditors can look but not act.
struct ConsoleController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        let console = router.group("/console").add(middleware: AccessGuard(.console))
        console.get(use: queue)
        console.get("cases/:id", use: casePage)
        let actions = router.group("/console").add(middleware: AccessGuard(.consoleActions))
        actions.post("cases/:id/claim", use: claim)
        actions.post("cases/:id/release", use: release)
        actions.post("cases/:id/assign", use: assign)
        actions.post("cases/:id/notes", use: addNote)
        actions.post("cases/:id/messages", use: sendMessage)
        actions.post("cases/:id/decisions", use: decide)
        actions.get("evidence/:id", use: evidence)
    }

    // MARK: The queue

    @Sendable func queue(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        guard let staff = context.staff else { throw AppError.signInRequired }
        let catalogue = himaya.catalogues[context.language]
        let query = request.uri.queryParameters
        let filter = QueueFilter(
            language: query["language"].map(String.init).flatMap { $0.isEmpty ? nil : $0 },
            country: query["country"].map(String.init).flatMap { $0.isEmpty ? nil : $0.uppercased() },
            category: query["category"].flatMap { IncidentCategory(rawValue: String($0)) },
            status: query["status"].flatMap { CaseStatus(rawValue: String($0)) },
            assignee: query["assignee"].flatMap { StaffAccount.ID(String($0)) },
            mine: query["mine"] == "1",
            region: query["region"].map(String.init).flatMap { $0.isEmpty ? nil : $0 },
            onlyInReach: try await restrictedToReach(staff))
        let now = himaya.clock.now
        let entries = try await himaya.store.cases.openCases(filter: filter, viewer: staff, limit: 100)
        let roster = try await roster()
        let mayAct = AccessPolicy.allows(staff.role, in: .consoleActions)
        let rows = entries.map { entry -> [String: Any] in
            let caseFile = entry.caseFile
            let deadline = DeadlineStatus.of(caseFile, answered: entry.answered, at: now)
            return [
                "id": caseFile.id.description, "reference": caseFile.reference, "priority": caseFile.priority.description,
                "deadline": deadlineText(deadline, catalogue: catalogue), "late": isLate(deadline),
                "category": catalogue.text(caseFile.category.messageKey), "language": caseFile.language ?? "—",
                "country": caseFile.country, "danger": caseFile.immediateDanger,
                "holder": entry.assignee.flatMap { roster.names[$0] } ?? catalogue.text("console_nobody"),
                "claimable": mayAct && entry.assignee == nil,
                "outOfReach": !QueueOrder.isInReach(caseFile, languages: staff.languages, regions: staff.regions),
            ]
        }
        var values: [String: Any] = [
                "rows": rows, "hasRows": !rows.isEmpty,
                // Coverage gaps are the protection lead's to fix: only their queue counts them.
                "gaps": staff.role == .protectionLead ? try await coverageGaps(responders: roster.responders, catalogue: catalogue) : [],
                "languageFilter": filter.language ?? "", "countryFilter": filter.country ?? "", "mine": filter.mine,
                "regions": Regions.countries.keys.sorted().map { ["value": $0, "selected": $0 == filter.region] },
                "assignees": roster.responders.map { ["id": $0.id.description, "name": $0.displayName, "selected": $0.id == filter.assignee] },
                "categories": IncidentCategory.allCases.map { ["value": $0.rawValue, "label": catalogue.text($0.messageKey), "selected": $0 == filter.category] },
                "statuses": CaseStatus.allCases.filter(\.isOpen).map { ["value": $0.rawValue, "label": catalogue.text($0.messageKey), "selected": $0 == filter.status] },
            ]
        // Mustache shows a section for an empty string too, so a notice is set only when there is one.
        switch request.uri.queryParameters["claimed"] {
        case "1": values["notice"] = catalogue.text("console_claimed")
        case "0": values["notice"] = catalogue.text("console_claim_lost")
        default: break
        }
        return try himaya.page("console", title: "console_title", request: request, context: context, values: values)
    }

    /// Whether the protection lead limited responders to their own reach, and `staff` is a responder.
    private func restrictedToReach(_ staff: StaffAccount) async throws -> Bool {
        guard staff.role == .responder else { return false }
        return try await himaya.store.settings.value(SettingName.restrictToReach) == "yes"
    }

    /// The staff accounts, read once per page: names for display, and who may work cases.
    private struct Roster {
        let names: [StaffAccount.ID: String]
        let responders: [StaffAccount]
    }

    private func roster() async throws -> Roster {
        let all = try await himaya.store.staff.all()
        return Roster(
            names: Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.displayName) }),
            responders: all.filter { AccessPolicy.allows($0.role, in: .consoleActions) })
    }

    /// Languages of open cases that no responder on shift now works in.
    private func coverageGaps(responders: [StaffAccount], catalogue: Catalogue) async throws -> [[String: String]] {
        let onShift = Set(try await himaya.store.shifts.running(at: himaya.clock.now).map(\.staffID))
        let working = responders.filter { onShift.contains($0.id) }
        return Coverage.gaps(openByLanguage: try await himaya.store.cases.openCasesByLanguage(), onShift: working).map {
            ["text": catalogue.text("console_coverage_gap", ["language": $0.language, "count": String($0.count)])]
        }
    }

    private func deadlineText(_ status: DeadlineStatus, catalogue: Catalogue) -> String {
        switch status {
        case .due(let left): catalogue.text("console_due_in", ["time": DeadlineStatus.duration(left)])
        case .overdue(let by): catalogue.text("console_overdue", ["time": DeadlineStatus.duration(by)])
        case .breached(let by): catalogue.text("console_breached", ["time": DeadlineStatus.duration(by)])
        case .answered(let left): catalogue.text("console_answered", ["time": DeadlineStatus.duration(max(0, left))])
        }
    }

    private func isLate(_ status: DeadlineStatus) -> Bool {
        switch status {
        case .overdue, .breached: true
        default: false
        }
    }

    // MARK: The case page

    @Sendable func casePage(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        guard let staff = context.staff else { throw AppError.signInRequired }
        guard let id = context.parameters.get("id").flatMap(Case.ID.init), let entry = try await himaya.store.cases.entry(id) else {
            throw AppError.notFound
        }
        let catalogue = himaya.catalogues[context.language]
        let caseFile = entry.caseFile
        if try await restrictedToReach(staff), !QueueOrder.isInReach(caseFile, languages: staff.languages, regions: staff.regions) {
            throw AppError.forbidden
        }
        let now = himaya.clock.now
        let roster = try await roster()
        let names = roster.names
        let mayAct = AccessPolicy.allows(staff.role, in: .consoleActions)
        let reports = try await himaya.store.cases.reports(in: id, readBy: staff.id)
        let shown = Set((request.uri.queryParameters["show"].map(String.init) ?? "").split(separator: ",").map(String.init))
        let files = try await himaya.store.cases.evidence(in: id).map { file -> [String: Any] in
            [
                "id": file.id.description, "isImage": file.mediaType.isImage, "shown": shown.contains(file.id.description),
                "line": catalogue.text("case_evidence_line", [
                    "name": file.name, "size": String(file.size), "sha": file.sha256, "time": ReportController.time(file.receivedAt),
                ]),
                "name": file.name,
                "showURL": "/console/cases/\(id)?lang=\(catalogue.code)&show=\((shown.union([file.id.description])).sorted().joined(separator: ","))#file-\(file.id)",
            ]
        }
        var reportValues: [[String: Any]] = []
        for report in reports {
            let messages = try await himaya.store.reports.followUp(reportID: report.id)?.messages ?? []
            reportValues.append([
                "id": report.id.description,
                "line": catalogue.text("case_report_line", [
                    "time": ReportController.time(report.receivedAt), "source": catalogue.text("case_source_\(report.source.kind)"),
                    "language": report.reporterLanguage,
                ]),
                "category": catalogue.text(report.category.messageKey), "narrative": report.narrative,
                "target": report.targetAccount as Any, "references": report.contentReferences,
                "contact": catalogue.text("case_consent_contact", ["method": catalogue.text("contact_\(report.consent.contact.rawValue)")]),
                "law": catalogue.text(report.consent.lawEnforcement ? "case_consent_law_yes" : "case_consent_law_no"),
                "messages": messages.map { message -> [String: Any] in
                    ["fromTeam": message.author == .responder, "time": ReportController.time(message.sentAt), "body": message.body,
                     "author": message.staffID.flatMap { names[$0] } ?? catalogue.text(message.author == .responder ? "follow_up_from_team" : "follow_up_from_you")]
                },
            ])
        }
        var defenders: [[String: String]] = []
        for account in Set(reports.compactMap(\.targetAccount)) {
            if let defender = try await himaya.store.defenders.defender(holding: account) {
                defenders.append(["id": defender.id.description, "text": catalogue.text("case_defender", ["tier": catalogue.text("risk_tier_\(defender.riskTier.rawValue)")])])
            }
        }
        let templates = himaya.messageTemplates.templates(in: caseFile.reporterLanguage)
        let chosen = request.uri.queryParameters["template"].flatMap { id in templates.first { $0.id == String(id) } }
        let profile = himaya.countries.profiles[caseFile.country]
        var context2: [String: Any] = [:]
        if let profile {
            context2["civicSpace"] = catalogue.text("case_civic_space", ["rating": catalogue.text("civic_space_\(profile.civicSpace.rawValue)")])
            if let event = profile.activeEvent(at: now) { context2["event"] = catalogue.text("case_active_event", ["event": event.id]) }
        }
        let day = UTCCalendar.day(now)
        let cap = try await himaya.store.settings.value(SettingName.dailyGraphicCap).flatMap(Int.init)
        let opened = try await himaya.store.cases.exposure(of: staff.id, day: day)
        let capReached = cap.map { opened >= $0 } ?? false
        let notice: String? =
            switch request.uri.queryParameters["done"] {
            case "message": catalogue.text("case_message_sent")
            case "note": catalogue.text("case_note_added")
            case "decision": catalogue.text("decision_recorded")
            default: nil
            }
        // What scanning found, each with the figures behind it, in the reader's language.
        let records = try await himaya.store.mediaSignals.signals(in: id)
        let listNames = records.isEmpty ? [:] : Dictionary(
            try await himaya.store.hashLists.lists().map { ($0.list.id, $0.list.name) }, uniquingKeysWith: { first, _ in first })
        let textRecords = try await himaya.store.textSignals.signals(in: id)
        let textSignals = textRecords.map { record -> [String: Any] in
            let signal = record.signal
            return [
                "kind": catalogue.text("text_kind_\(signal.kind)"),
                "line": catalogue.text("signal_text_line", [
                    "content": record.contentID, "rule": signal.rule, "score": String(format: "%.2f", signal.score),
                    "words": signal.spans.map { "“\($0.text)”" }.joined(separator: ", "),
                ]),
            ]
        }
        let signals = textSignals + records.map { record -> [String: Any] in
            let signal = record.signal
            return [
                "kind": catalogue.text("signal_kind_\(signal.kind.rawValue)"),
                "line": catalogue.text("signal_line", [
                    "content": record.contentID, "media": String(signal.mediaIndex + 1),
                    "list": signal.listID.flatMap { listNames[$0] } ?? "–",
                    "distance": signal.distance.map(String.init) ?? "–", "quality": signal.quality.map(String.init) ?? "–",
                ]),
            ]
        }
        return try himaya.page(
            "console-case", title: "console_title", request: request, context: context,
            values: [
                "caseTitle": catalogue.text("case_title", ["reference": caseFile.reference]), "id": id.description,
                "priority": caseFile.priority.description,
                "factors": caseFile.priorityFactors.map { PriorityFactorText.text($0, catalogue: catalogue) },
                "status": catalogue.text(caseFile.status.messageKey),
                "deadline": deadlineText(DeadlineStatus.of(caseFile, answered: entry.answered, at: now), catalogue: catalogue),
                "holder": entry.assignee.flatMap { names[$0] } ?? catalogue.text("console_nobody"),
                "held": entry.assignee != nil, "mayAct": mayAct, "country": caseFile.country, "context": context2,
                "defenders": defenders,
                "mayAssign": staff.role == .seniorResponder || staff.role == .protectionLead,
                "assignees": roster.responders.map { ["id": $0.id.description, "name": $0.displayName] },
                "reports": reportValues, "files": files, "hasFiles": !files.isEmpty,
                "exposure": catalogue.text("case_evidence_count", ["count": String(opened)]),
                "capReached": capReached, "capText": cap.map { catalogue.text("case_evidence_cap", ["cap": String($0)]) } ?? "",
                "templates": templates.map { ["id": $0.id, "title": $0.title, "selected": $0.id == chosen?.id] },
                "messageBody": chosen?.body ?? "",
                "notes": try await himaya.store.cases.notes(in: id).map { note -> [String: Any] in
                    ["author": names[note.staffID] ?? "", "time": ReportController.time(note.writtenAt), "body": note.body]
                },
                "timeline": try await himaya.store.cases.timeline(of: id).map { event -> [String: Any] in
                    ["time": ReportController.time(event.recordedAt), "action": event.action,
                     "actor": event.actor.hasPrefix("staff:") ? (StaffAccount.ID(String(event.actor.dropFirst(6))).flatMap { names[$0] } ?? event.actor) : event.actor]
                },
                "notice": notice as Any,
                "clauses": himaya.policy.clauses.map { ["id": $0.id, "title": $0.title(in: catalogue.code)] },
                "actions": DecisionAction.allCases.map { ["value": $0.rawValue, "label": catalogue.text($0.messageKey)] },
                "decisions": try await himaya.store.decisions.decisions(in: id).map { decision, _ -> [String: Any] in
                    ["line": catalogue.text("decision_line", [
                        "time": ReportController.time(decision.decidedAt), "clause": decision.clauseID,
                        "actions": decision.actions.map { catalogue.text($0.messageKey) }.joined(separator: ", "),
                    ])]
                },
                "signals": signals, "hasSignals": !signals.isEmpty,
                "deliveries": try await himaya.store.decisions.deliveries(in: id).map { delivery -> [String: Any] in
                    ["line": catalogue.text("delivery_line", [
                        "action": catalogue.text(delivery.action.messageKey),
                        "status": catalogue.text("delivery_status_\(delivery.status.rawValue)"), "attempts": String(delivery.attempts),
                    ]), "failed": delivery.status == .failed]
                } + (try await himaya.store.outbox.messages(about: "case:\(id)")).map { message -> [String: Any] in
                    ["line": catalogue.text("review_delivery_line", [
                        "kind": message.kind.rawValue, "status": catalogue.text("delivery_status_\(message.status.rawValue)"),
                        "attempts": String(message.attempts),
                    ]), "failed": message.status == .failed]
                },
                "problems": (request.uri.queryParameters["problems"].map(String.init) ?? "").split(separator: ",")
                    .map { ["message": catalogue.text(String($0))] },
            ])
    }

    @Sendable func decide(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        let id = try caseID(context)
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let actions = fields.all("action").compactMap(DecisionAction.init(rawValue:))
        let problems = try await DecisionDesk(himaya: himaya).decide(
            caseID: id, by: staff, clauseID: fields["clause"] ?? "", reason: fields.raw("reason") ?? "", actions: actions)
        if !problems.isEmpty {
            return .redirect(
                to: "/console/cases/\(id)?lang=\(context.language)&problems=\(problems.map(\.rawValue).joined(separator: ","))#decide",
                type: .normal)
        }
        return .redirect(to: "/console/cases/\(id)?lang=\(context.language)&done=decision", type: .normal)
    }

    // MARK: Actions

    private func caseID(_ context: AppRequestContext) throws -> Case.ID {
        guard let id = context.parameters.get("id").flatMap(Case.ID.init) else { throw AppError.notFound }
        return id
    }

    @Sendable func claim(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        let won = try await himaya.store.cases.claim(try caseID(context), by: staff.id)
        return .redirect(to: "/console?lang=\(context.language)&claimed=\(won ? 1 : 0)", type: .normal)
    }

    @Sendable func release(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        let id = try caseID(context)
        try await himaya.store.cases.assign(id, to: nil, by: staff.id)
        return .redirect(to: "/console/cases/\(id)?lang=\(context.language)", type: .normal)
    }

    /// Senior responders and the protection lead give a case to a colleague.
    @Sendable func assign(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        guard staff.role == .seniorResponder || staff.role == .protectionLead else { throw AppError.forbidden }
        let id = try caseID(context)
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard let target = fields["staff"].flatMap(StaffAccount.ID.init),
            let account = try await himaya.store.staff.account(id: target), AccessPolicy.allows(account.role, in: .consoleActions)
        else { throw AppError.badRequest }
        try await himaya.store.cases.assign(id, to: target, by: staff.id)
        return .redirect(to: "/console/cases/\(id)?lang=\(context.language)", type: .normal)
    }

    @Sendable func addNote(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        let id = try caseID(context)
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard let body = fields["note"] else { throw AppError.badRequest }
        try await himaya.store.cases.addNote(CaseNote(caseID: id, staffID: staff.id, body: body, writtenAt: himaya.clock.now))
        return .redirect(to: "/console/cases/\(id)?lang=\(context.language)&done=note#notes", type: .normal)
    }

    @Sendable func sendMessage(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        let id = try caseID(context)
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard let body = fields["message"], let reportID = fields["report"].flatMap(Report.ID.init),
            try await himaya.store.reports.followUp(reportID: reportID)?.caseFile.id == id
        else { throw AppError.badRequest }
        try await himaya.store.cases.answer(
            ReportMessage(reportID: reportID, author: .responder, staffID: staff.id, body: body, sentAt: himaya.clock.now), in: id)
        return .redirect(to: "/console/cases/\(id)?lang=\(context.language)&done=message", type: .normal)
    }

    /// The bytes of one file. Images count towards the responder's daily cap on graphic items, set by
    /// the protection lead; past it they are not served.
    @Sendable func evidence(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        guard let id = context.parameters.get("id").flatMap(EvidenceFile.ID.init) else { throw AppError.notFound }
        let day = UTCCalendar.day(himaya.clock.now)
        let cap = try await himaya.store.settings.value(SettingName.dailyGraphicCap).flatMap(Int.init)
        if let cap, try await himaya.store.cases.exposure(of: staff.id, day: day) >= cap {
            throw AppError.forbidden
        }
        let original = request.uri.queryParameters["original"] == "1"
        guard let (file, bytes) = try await himaya.store.cases.openEvidence(id, original: original, by: staff.id) else {
            throw AppError.notFound
        }
        if file.mediaType.isImage { _ = try await himaya.store.cases.recordExposure(of: staff.id, day: day) }
        return Response(
            status: .ok,
            headers: [
                .contentType: file.mediaType.rawValue, .cacheControl: "no-store",
                .contentDisposition: file.mediaType.isImage ? "inline" : "attachment; filename=\"evidence-\(file.id).\(file.mediaType.fileExtension)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
