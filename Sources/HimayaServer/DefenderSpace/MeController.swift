import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// `/me`: a defender's own space. Alerts summary first with the content only on request, their
/// cases, lockdown in one step and privacy settings one by one with each step lifted on its own,
/// and consents given and withdrawn one by one. Works without JavaScript. Signing in, settings and
/// the evidence file have controllers of their own beside this one.
struct MeController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        router.get("/me", use: home)
        router.post("/me/consents", use: changeConsent)
        router.post("/me/lockdown", use: lockDown)
        router.post("/me/lockdowns/:id/steps/:step/undo", use: undo)
        router.post("/me/privacy/:step", use: turnOn)
    }

    /// What the space says at its top after each action (the `done` of the redirect).
    static let notices: [String: String] = [
        "lockdown": "me_lockdown_started",
        "privacy": "privacy_requested",
        "sharing": "sharing_saved",
        "me_languages_saved": "me_languages_saved",
        "me_languages_error": "me_languages_error",
        "sharing_invalid": "sharing_invalid",
        "privacy_pending": "privacy_pending",
        "consent": "me_consent_saved",
        "confirm": "lockdown_error_confirm",
        "delegation": "me_delegation_saved",
        "delegation_invalid": "me_delegation_invalid",
        "watch": "me_watch_saved",
        "alert_preferences": "alert_preferences_saved",
    ]

    /// The uses a defender can consent to here, in the order shown.
    static let purposes: [ConsentPurpose] = [.alerts, .mentionDetection, .enforcementGuard, .referencePhotos, .partnerSharing]


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
            switch request.uri.queryParameters["done"].map(String.init) {
            case let key? where key.hasPrefix("alert_preferences_error_"): catalogue.text(key)
            case let key? where key.hasPrefix("watch_term_error_"):
                catalogue.text(key, ["limit": key.hasSuffix("too_many") ? String(WatchTerm.maximumTerms) : String(WatchTerm.maximumLength)])
            case let key?: Self.notices[key].map { catalogue.text($0) }
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
                "lockdown": lockdown.map { lockdown -> [String: Any] in
                    ["id": lockdown.id.description, "steps": lockdown.orderedSteps.map { step, state -> [String: Any] in
                        ["step": step.rawValue, "label": catalogue.text(step.messageKey), "state": catalogue.text("lockdown_state_\(state.rawValue)"),
                         "undoable": state == .applied || state == .failed]
                    }]
                } as Any,
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
        _ = try await LockdownService(himaya: himaya).start(
            for: defender.id, by: "defender:\(defender.id)", alertResponders: fields["alert_responders"] == "yes")
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

