import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// The defender's settings in `/me`: delegations to partners, alert preferences, watched names.
struct MeSettingsController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        router.post("/me/delegations", use: grantDelegation)
        router.post("/me/delegations/:id/revoke", use: revokeDelegation)
        router.post("/me/watch-terms", use: addWatchTerm)
        router.post("/me/alert-preferences", use: saveAlertPreferences)
        router.post("/me/watch-terms/:id/remove", use: removeWatchTerm)
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
        try await himaya.unwatch(context.parameters.get("id").flatMap(WatchTerm.ID.init), of: defender.id)
        return .redirect(to: "/me?lang=\(context.language)&done=watch#watched", type: .normal)
    }
}
