import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// `/me`: a defender's own space. Sign up (self-enrolment with consents chosen one by one), sign in
/// with a second factor, lock the account down in one step, lift steps, see alerts summary first
/// with the content only on request, and change consents. Works without JavaScript.
struct MeController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        router.get("/me", use: home)
        router.get("/me/sign-up", use: signUpForm)
        router.post("/me/sign-up", use: signUp)
        router.get("/me/sign-in", use: signInForm)
        router.post("/me/sign-in", use: signIn)
        router.post("/me/sign-out", use: signOut)
        router.post("/me/consents", use: changeConsent)
        router.post("/me/lockdown", use: lockDown)
        router.post("/me/lockdowns/:id/steps/:step/undo", use: undo)
        router.post("/me/privacy/:step", use: turnOn)
        router.get("/me/evidence-file", use: evidenceFile)
        router.get("/me/evidence-file.json", use: evidenceFileJSON)
        router.post("/me/delegations", use: grantDelegation)
        router.post("/me/delegations/:id/revoke", use: revokeDelegation)
        router.post("/me/watch-terms", use: addWatchTerm)
        router.post("/me/alert-preferences", use: saveAlertPreferences)
        router.post("/me/watch-terms/:id/remove", use: removeWatchTerm)
    }

    /// The defender's incidents with dates, links, decisions and evidence fingerprints, as a
    /// print-ready page (save it as PDF from the browser) for a lawyer or a court.
    @Sendable func evidenceFile(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { return .redirect(to: "/me/sign-in?lang=\(context.language)", type: .normal) }
        let incidents = try await himaya.incidentRows(of: defender.id, language: context.language)
        return try himaya.page(
            "me-evidence", title: "me_evidence_title", request: request, context: context,
            values: [
                "name": defender.displayName, "generated": ReportController.time(himaya.clock.now), "incidents": incidents,
                "hasIncidents": !incidents.isEmpty,
            ]).response(from: request, context: context)
    }

    struct EvidenceFileJSON: Encodable, ResponseEncodable {
        struct Incident: Encodable {
            var caseReference: String
            var category: String
            var status: String
            var openedAt: Date
            var links: [String]
            var decisions: [IncidentRecord.DecisionLine]
            var evidence: [IncidentRecord.EvidenceLine]
        }

        var defender: String
        var generatedAt: Date
        var incidents: [Incident]
    }

    @Sendable func evidenceFileJSON(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        let incidents = try await himaya.store.defenders.incidents(of: defender.id)
        let file = EvidenceFileJSON(
            defender: defender.displayName, generatedAt: himaya.clock.now,
            incidents: incidents.map {
                .init(caseReference: $0.caseReference, category: $0.category.rawValue, status: $0.status.rawValue, openedAt: $0.openedAt,
                      links: $0.links, decisions: $0.decisions, evidence: $0.evidence)
            })
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store",
                      .contentDisposition: "attachment; filename=\"himaya-evidence-file.json\""],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(file))))
    }

    @Sendable func grantDelegation(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let partners = try await himaya.store.partners.all()
        guard let partnerID = fields["partner"].flatMap(Partner.ID.init), partners.contains(where: { $0.id == partnerID }),
            let days = fields["days"].flatMap(Int.init), Delegation.lengths.contains(days)
        else { return .redirect(to: "/me?lang=\(context.language)&done=delegation_invalid#delegations", type: .normal) }
        let rights = Set(fields.all("right").compactMap(Delegation.Right.init(rawValue:)))
        guard !rights.isEmpty else { return .redirect(to: "/me?lang=\(context.language)&done=delegation_invalid#delegations", type: .normal) }
        let now = himaya.clock.now
        try await himaya.store.delegations.grant(
            Delegation(defenderID: defender.id, partnerID: partnerID, rights: rights, grantedAt: now, expiresAt: now.addingTimeInterval(Double(days) * 86_400)))
        return .redirect(to: "/me?lang=\(context.language)&done=delegation#delegations", type: .normal)
    }

    @Sendable func revokeDelegation(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        guard let id = context.parameters.get("id").flatMap(Delegation.ID.init) else { throw AppError.notFound }
        try await himaya.store.delegations.revoke(id, by: defender.id, at: himaya.clock.now)
        return .redirect(to: "/me?lang=\(context.language)&done=delegation#delegations", type: .normal)
    }

    @Sendable func saveAlertPreferences(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        func hour(_ name: String) -> Int? { fields[name].flatMap { $0.isEmpty ? nil : Int($0) } }
        guard let channel = fields["channel"].flatMap(AlertPreferences.Channel.init(rawValue:)),
            let severity = fields["minimum_severity"].flatMap(AlertPreferences.Severity.init(rawValue:)),
            let offset = fields["utc_offset"].flatMap(Int.init)
        else { return .redirect(to: "/me?lang=\(context.language)&done=alert_preferences_error_quiet#alert-preferences", type: .normal) }
        let preferences = AlertPreferences(
            channel: channel, minimumSeverity: severity, quietFrom: hour("quiet_from"), quietUntil: hour("quiet_until"), utcOffsetMinutes: offset,
            digestHour: hour("digest_hour"), urgentAlwaysNow: fields["urgent_now"] == "yes")
        if let problem = preferences.problems.first {
            return .redirect(to: "/me?lang=\(context.language)&done=\(problem)#alert-preferences", type: .normal)
        }
        try await himaya.store.alertPreferences.save(preferences, for: defender.id, at: himaya.clock.now)
        return .redirect(to: "/me?lang=\(context.language)&done=alert_preferences#alert-preferences", type: .normal)
    }

    @Sendable func addWatchTerm(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        do {
            _ = try await himaya.watch(fields["term"] ?? "", kind: fields["kind"] ?? "", for: defender.id)
        } catch let error as AppError {
            // The first problem, in the defender's language, at the top of the page.
            guard case .validation(let problems) = error.code, let first = problems.first else { throw error }
            return .redirect(to: "/me?lang=\(context.language)&done=\(first.messageKey)#watched", type: .normal)
        }
        return .redirect(to: "/me?lang=\(context.language)&done=watch#watched", type: .normal)
    }

    @Sendable func removeWatchTerm(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        guard let id = context.parameters.get("id").flatMap(WatchTerm.ID.init),
            try await himaya.store.watchList.terms(of: defender.id).contains(where: { $0.id == id })
        else { throw AppError.notFound }
        try await himaya.store.watchList.remove(id, of: defender.id)
        try await himaya.textLibrary.reload(from: himaya.store, at: himaya.clock.now)
        return .redirect(to: "/me?lang=\(context.language)&done=watch#watched", type: .normal)
    }

    /// The uses a defender can consent to here, in the order shown.
    static let purposes: [ConsentPurpose] = [.alerts, .mentionDetection, .enforcementGuard, .referencePhotos, .partnerSharing]

    private func cookie(_ token: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: DefenderSessionMiddleware.cookieName, value: token, maxAge: maxAge, path: "/", secure: himaya.configuration.secureCookies,
               httpOnly: true, sameSite: .strict)
    }

    // MARK: Signing up and in

    @Sendable func signUpForm(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        try signUpPage(request: request, context: context, problems: [], values: [:], status: .ok)
    }

    private func signUpPage(request: Request, context: AppRequestContext, problems: [String], values: [String: String], status: HTTPResponse.Status) throws -> HTMLPage {
        let catalogue = himaya.catalogues[context.language]
        return try himaya.page(
            "me-sign-up", title: "me_sign_up_title", request: request, context: context,
            values: [
                "problems": problems.map { ["message": catalogue.text($0)] }, "hasProblems": !problems.isEmpty,
                "username": values["username"] ?? "", "displayName": values["display_name"] ?? "", "country": values["country"] ?? "",
                "languageOptions": ["en", "fr", "ar", "es"].map { ["code": $0, "name": catalogue.text("language_name_\($0)"), "selected": $0 == (values["language"] ?? catalogue.code)] },
                "activities": DefenderActivity.allCases.map { ["value": $0.rawValue, "label": catalogue.text("activity_\($0.rawValue)")] },
                "purposes": Self.purposes.map { ["value": $0.rawValue, "label": catalogue.text("consent_\($0.rawValue)")] },
            ], status: status)
    }

    @Sendable func signUp(request: Request, context: AppRequestContext) async throws -> Response {
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let username = (fields["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = fields.raw("password") ?? ""
        let profile = DefenderProfileForm(fields, defaultLanguage: "en")
        var problems: [String] = []
        if !DefenderLogin.isValidUsername(username) { problems.append("me_error_username") }
        if !DefenderLogin.isAcceptablePassword(password) { problems.append("me_error_password") }
        problems += profile.problems
        let consents = Set(fields.all("consent").compactMap(ConsentPurpose.init(rawValue:)))
        let values = profile.values.merging(["username": username]) { first, _ in first }
        guard problems.isEmpty else {
            return try signUpPage(request: request, context: context, problems: problems, values: values, status: .unprocessableContent).response(from: request, context: context)
        }
        let welcome: DefenderSignIn.Welcome
        do {
            welcome = try await DefenderSignIn(himaya: himaya).signUp(
                username: username, password: password, displayName: profile.displayName, country: profile.country, language: profile.language,
                activity: profile.activity, consents: consents)
        } catch let error as StoreError where error.isDuplicate {
            return try signUpPage(request: request, context: context, problems: ["me_error_username_taken"], values: values, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        var context = context
        context.defender = welcome.defender
        context.defenderSession = welcome.session
        context.csrfToken = welcome.session.csrfToken
        let catalogue = himaya.catalogues[context.language]
        var response = try himaya.page(
            "me-welcome", title: "me_welcome_title", request: request, context: context,
            values: [
                "secret": welcome.totpSecret, "codes": welcome.recoveryCodes,
                "authenticatorURL": TOTP(secret: Data(base32: welcome.totpSecret)).authenticatorURL(account: username),
                "intro": catalogue.text("me_welcome_intro"),
            ]).response(from: request, context: context)
        response.setCookie(cookie(welcome.token))
        return response
    }

    @Sendable func signInForm(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        try himaya.page("me-sign-in", title: "me_sign_in_title", request: request, context: context, values: ["failed": false])
    }

    @Sendable func signIn(request: Request, context: AppRequestContext) async throws -> Response {
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let outcome = try await DefenderSignIn(himaya: himaya).attempt(
            username: (fields["username"] ?? "").trimmingCharacters(in: .whitespaces), password: fields.raw("password") ?? "", code: fields["code"] ?? "")
        switch outcome {
        case .signedIn(_, let token):
            var response = Response.redirect(to: "/me?lang=\(context.language)", type: .normal)
            response.setCookie(cookie(token))
            return response
        case .failed, .locked:
            let key = outcome.isLocked ? "me_sign_in_locked" : "me_sign_in_failed"
            return try himaya.page(
                "me-sign-in", title: "me_sign_in_title", request: request, context: context,
                values: ["failed": true, "failure": himaya.catalogues[context.language].text(key)], status: .unauthorized)
                .response(from: request, context: context)
        }
    }

    @Sendable func signOut(request: Request, context: AppRequestContext) async throws -> Response {
        if let session = context.defenderSession { try await himaya.store.defenderLogins.close(tokenHash: session.tokenHash) }
        var response = Response.redirect(to: "/?lang=\(context.language)", type: .normal)
        response.setCookie(cookie("", maxAge: 0))
        return response
    }

    // MARK: The space

    @Sendable func home(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { return .redirect(to: "/me/sign-in?lang=\(context.language)", type: .normal) }
        let catalogue = himaya.catalogues[context.language]
        let records = try await himaya.store.consents.records(of: defender.id)
        let shown = request.uri.queryParameters["show"].map(String.init)
        let alerts = try await himaya.alertRows(of: defender.id, shown: shown)
        let lockdowns = try await himaya.store.lockdowns.lockdowns(of: defender.id)
        let lockdown = lockdowns.first(where: \.isWholeLockdown)
        let settings = Lockdown.settings(from: lockdowns)
        let partners = try await himaya.store.partners.all()
        let partnerNames = Dictionary(partners.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let now = himaya.clock.now
        let delegations = try await himaya.store.delegations.delegations(of: defender.id).map { delegation -> [String: Any] in
            let active = delegation.revokedAt == nil && now < delegation.expiresAt
            return [
                "id": delegation.id.description, "partner": partnerNames[delegation.partnerID] ?? "",
                "rights": delegation.rights.map { catalogue.text("delegation_right_\($0.rawValue)") }.sorted().joined(separator: ", "),
                "until": ReportController.time(delegation.expiresAt), "active": active,
                "state": catalogue.text(delegation.revokedAt != nil ? "me_delegation_revoked" : active ? "me_delegation_active" : "me_delegation_expired"),
            ]
        }
        let audited = try await himaya.store.delegations.uses(of: defender.id)
        let named = try await himaya.store.consents.namedPartners(of: defender.id)
        let sharedViews = audited.filter { $0.action == "sharing.viewed" }.prefix(10).map { event -> [String: String] in
            ["line": catalogue.text("sharing_viewed", [
                "time": ReportController.time(event.recordedAt), "partner": event.detail["partner"].flatMap(Partner.ID.init).flatMap { partnerNames[$0] } ?? "",
            ])]
        }
        let uses = audited.filter { $0.action == "delegation.used" }.map { event -> [String: String] in
            ["line": catalogue.text("me_delegation_use", ["time": ReportController.time(event.recordedAt),
                                                          "right": catalogue.text("delegation_right_\(event.detail["right"] ?? "lockdown")")])]
        }
        let notice: String? =
            switch request.uri.queryParameters["done"] {
            case "lockdown": catalogue.text("me_lockdown_started")
            case "privacy": catalogue.text("privacy_requested")
            case "sharing": catalogue.text("sharing_saved")
            case "me_languages_saved": catalogue.text("me_languages_saved")
            case "me_languages_error": catalogue.text("me_languages_error")
            case "sharing_invalid": catalogue.text("sharing_invalid")
            case "privacy_pending": catalogue.text("privacy_pending")
            case "consent": catalogue.text("me_consent_saved")
            case "confirm": catalogue.text("lockdown_error_confirm")
            case "delegation": catalogue.text("me_delegation_saved")
            case "delegation_invalid": catalogue.text("me_delegation_invalid")
            case "watch": catalogue.text("me_watch_saved")
            case "alert_preferences": catalogue.text("alert_preferences_saved")
            case let key? where key.hasPrefix("alert_preferences_error_"): catalogue.text(String(key))
            case let key? where key.hasPrefix("watch_term_error_"):
                catalogue.text(String(key), ["limit": key.hasSuffix("too_many") ? String(WatchTermsAPIController.maximumTerms) : String(WatchTerm.maximumLength)])
            default: nil
            }
        let preferences = try await himaya.store.alertPreferences.preferences(of: defender.id)
        let cases = try await himaya.incidentRows(of: defender.id, language: context.language)
        func hours(_ selected: Int?, allowNone: Bool) -> [[String: Any]] {
            (allowNone ? [["value": "", "label": catalogue.text("alert_preferences_none"), "selected": selected == nil]] : [])
                + (0..<24).map { ["value": String($0), "label": String(format: "%02d:00", $0), "selected": selected == $0] }
        }
        let alertPreferences: [String: Any] = [
            "channels": AlertPreferences.Channel.allCases.map {
                ["value": $0.rawValue, "label": catalogue.text("alert_channel_\($0.rawValue)"), "selected": preferences.channel == $0]
            },
            "severities": AlertPreferences.Severity.allCases.map {
                ["value": $0.rawValue, "label": catalogue.text("alert_severity_\($0.rawValue)"), "selected": preferences.minimumSeverity == $0]
            },
            "quietFrom": hours(preferences.quietFrom, allowNone: true), "quietUntil": hours(preferences.quietUntil, allowNone: true),
            "digestHours": hours(preferences.digestHour, allowNone: true),
            "offsets": stride(from: -12 * 60, through: 14 * 60, by: 30).map { minutes -> [String: Any] in
                let sign = minutes < 0 ? "−" : "+"
                return ["value": String(minutes), "label": "UTC\(sign)\(String(format: "%02d:%02d", abs(minutes) / 60, abs(minutes) % 60))",
                        "selected": preferences.utcOffsetMinutes == minutes]
            },
            "urgentNow": preferences.urgentAlwaysNow,
        ]
        let terms = try await himaya.store.watchList.terms(of: defender.id).map { term -> [String: String] in
            ["id": term.id.description, "term": term.term, "kind": catalogue.text("watch_kind_\(term.kind.rawValue)")]
        }
        return try himaya.page(
            "me", title: "me_title", request: request, context: context,
            values: [
                "signedInAs": catalogue.text("staff_signed_in_as", ["name": defender.displayName]),
                "needsOwnSignIn": try await !himaya.store.defenderLogins.hasLogin(defender.id),
                "cases": cases, "hasCases": !cases.isEmpty,
                "alertLanguages": Defender.alertLanguages.map { code -> [String: Any] in
                    ["code": code, "name": catalogue.text("language_name_\(code)"), "selected": defender.languages.first == code]
                },
                "readLanguages": Defender.readableLanguages.map { code -> [String: Any] in
                    ["code": code, "name": catalogue.text("language_name_\(code)"), "checked": defender.languages.dropFirst().contains(code)]
                },
                "notice": notice as Any,
                "alerts": alerts, "hasAlerts": !alerts.isEmpty,
                "terms": terms, "hasTerms": !terms.isEmpty, "alertPreferences": alertPreferences,
                "watching": records.contains { $0.purpose == .mentionDetection && $0.isActive },
                "kinds": WatchTerm.Kind.allCases.map { ["value": $0.rawValue, "label": catalogue.text("watch_kind_\($0.rawValue)")] },
                "delegations": delegations, "hasDelegations": !delegations.isEmpty, "uses": uses, "hasUses": !uses.isEmpty,
                "sharingOn": records.contains { $0.purpose == .partnerSharing && $0.isActive },
                "named": named.map { ["id": $0.description, "name": partnerNames[$0] ?? ""] }, "hasNamed": !named.isEmpty,
                "toName": partners.filter { !named.contains($0.id) }.map { ["id": $0.id.description, "name": $0.name] },
                "sharedViews": Array(sharedViews), "hasSharedViews": !sharedViews.isEmpty,
                "partners": partners.map { ["id": $0.id.description, "name": $0.name] },
                "rights": Delegation.Right.allCases.map { ["value": $0.rawValue, "label": catalogue.text("delegation_right_\($0.rawValue)")] },
                "lengths": Delegation.lengths.map { ["days": String($0), "label": catalogue.text("me_delegation_days", ["days": String($0)]), "selected": $0 == 7] },
                "consents": Self.purposes.map { purpose -> [String: Any] in
                    let active = records.contains { $0.purpose == purpose && $0.isActive }
                    return ["value": purpose.rawValue, "label": catalogue.text("consent_\(purpose.rawValue)"), "active": active,
                            "state": catalogue.text(active ? "me_consent_on" : "me_consent_off")]
                },
                // Only a lockdown that exists shows its table (a nil inside Any would count as present).
                "lockdown": (lockdown.map { lockdown -> [String: Any] in
                    ["id": lockdown.id.description, "steps": lockdown.orderedSteps.map { step, state -> [String: Any] in
                        ["step": step.rawValue, "label": catalogue.text(step.messageKey), "state": catalogue.text("lockdown_state_\(state.rawValue)"),
                         "undoable": state == .applied || state == .failed]
                    }]
                } as Any?) ?? false,
                "privacySettings": LockdownStep.allCases.map { step -> [String: Any] in
                    let current = settings[step]
                    return [
                        "step": step.rawValue, "label": catalogue.text(step.messageKey),
                        "state": catalogue.text(current.map { "lockdown_state_\($0.state.rawValue)" } ?? "privacy_state_off"),
                        "mayTurnOn": Lockdown.mayTurnOn(current?.state), "lockdown": current?.lockdown.description ?? "",
                        "mayTurnOff": current?.state == .applied || current?.state == .failed,
                    ]
                },
            ]).response(from: request, context: context)
    }

    @Sendable func changeConsent(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard let purpose = fields["purpose"].flatMap(ConsentPurpose.init(rawValue:)) else { throw AppError.badRequest }
        try await himaya.recordConsent(purpose, granted: fields["granted"] == "yes", for: defender.id, by: "defender")
        return .redirect(to: "/me?lang=\(context.language)&done=consent", type: .normal)
    }

    @Sendable func lockDown(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard fields["confirm"] == "yes" else { return .redirect(to: "/me?lang=\(context.language)&done=confirm", type: .normal) }
        let alert = fields["alert_responders"] == "yes"
        _ = try await LockdownService(himaya: himaya).start(for: defender.id, by: "defender:\(defender.id)", alertResponders: alert)
        if alert {
            // The responders hear of it as a case, through the same path as a report.
            _ = try await CaseOpening(himaya: himaya).file(
                contentID: "lockdown", category: .accountTakeover, reasons: ["the defender locked their account down and asked for help"],
                defenderID: defender.id, targetAccount: nil, language: defender.languages.first, threateningText: false,
                source: .anonymousForm, narrativePrefix: "From the defender's own space: ")
        }
        return .redirect(to: "/me?lang=\(context.language)&done=lockdown", type: .normal)
    }

    /// Turns on one privacy setting, through the same signed `lockdown.step` message as a lockdown;
    /// asking again while it is on or on its way changes nothing.
    @Sendable func turnOn(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        guard let step = context.parameters.get("step").flatMap(LockdownStep.init(rawValue:)) else { throw AppError.notFound }
        let current = Lockdown.settings(from: try await himaya.store.lockdowns.lockdowns(of: defender.id))[step]
        guard Lockdown.mayTurnOn(current?.state) else { return .redirect(to: "/me?lang=\(context.language)&done=privacy_pending#privacy", type: .normal) }
        _ = try await LockdownService(himaya: himaya).start(for: defender.id, by: "defender:\(defender.id)", alertResponders: false, steps: [step])
        return .redirect(to: "/me?lang=\(context.language)&done=privacy#privacy", type: .normal)
    }

    @Sendable func undo(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        guard let id = context.parameters.get("id").flatMap(Lockdown.ID.init), let lockdown = try await himaya.store.lockdowns.lockdown(id),
            lockdown.defenderID == defender.id, let step = context.parameters.get("step").flatMap(LockdownStep.init(rawValue:))
        else { throw AppError.notFound }
        _ = try await LockdownService(himaya: himaya).undo(lockdown, step: step, by: "defender:\(defender.id)")
        return .redirect(to: "/me?lang=\(context.language)\(lockdown.isWholeLockdown ? "" : "#privacy")", type: .normal)
    }
}

extension DefenderSignIn.Outcome {
    var isLocked: Bool { if case .locked = self { true } else { false } }
}
