import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// The shield's page, for the defender at `/me/shield` and for a partner holding a `shield`
/// delegation at `/staff/delegations/{id}/shield`: turn it on and choose what it holds, review the
/// held folder (summary first, words on request), let an item through or block its author, block or
/// mute a whole pile-on in one action, and keep a block list. Works without JavaScript.
struct ShieldController {
    let himaya: Himaya

    /// Who acts, for which defender, and where the page lives.
    struct Acting: Sendable {
        var defender: Defender.ID
        var actor: String
        var base: String
        /// The partner's delegation, whose every use is recorded for the defender.
        var delegation: Delegation?
        var staff: StaffAccount.ID?
    }

    func register(on router: Router<AppRequestContext>) {
        routes(router.group("/me/shield"), resolve: defenderSelf)
    }

    func registerForPartners(on group: RouterGroup<AppRequestContext>) {
        routes(group.group("delegations/:id/shield"), resolve: delegate)
    }

    private func routes(_ group: RouterGroup<AppRequestContext>, resolve: @escaping @Sendable (AppRequestContext) async throws -> Acting) {
        group.get { request, context in try await page(request: request, context: context, acting: try await resolve(context)) }
        group.post { request, context in try await saveSettings(request: request, context: context, acting: try await resolve(context)) }
        group.post("held/:item/release") { request, context in
            try await heldItem(request: request, context: context, acting: try await resolve(context), block: false)
        }
        group.post("held/:item/block") { request, context in
            try await heldItem(request: request, context: context, acting: try await resolve(context), block: true)
        }
        group.post("pile-ons/:item/block") { request, context in
            try await pileOn(request: request, context: context, acting: try await resolve(context), action: .blocked)
        }
        group.post("pile-ons/:item/mute") { request, context in
            try await pileOn(request: request, context: context, acting: try await resolve(context), action: .muted)
        }
        group.post("blocks") { request, context in try await addBlock(request: request, context: context, acting: try await resolve(context)) }
        group.post("blocks/:item/remove") { request, context in
            try await removeBlock(request: request, context: context, acting: try await resolve(context))
        }
    }

    @Sendable func defenderSelf(_ context: AppRequestContext) async throws -> Acting {
        guard let defender = context.defender else { throw AppError.signInRequired }
        return Acting(defender: defender.id, actor: "defender:\(defender.id)", base: "/me/shield")
    }

    @Sendable func delegate(_ context: AppRequestContext) async throws -> Acting {
        let (delegation, staff, partner) = try await himaya.delegation(allowing: .shield, context)
        return Acting(
            defender: delegation.defenderID, actor: "partner:\(partner)", base: "/staff/delegations/\(delegation.id)/shield", delegation: delegation,
            staff: staff)
    }

    private func used(_ acting: Acting) async throws {
        guard let delegation = acting.delegation, let staff = acting.staff else { return }
        try await himaya.store.delegations.recordUse(delegation, right: .shield, by: "staff:\(staff)")
    }

    private func back(_ acting: Acting, _ context: AppRequestContext, done: String, anchor: String) -> Response {
        .redirect(to: "\(acting.base)?lang=\(context.language)&done=\(done)#\(anchor)", type: .normal)
    }

    func page(request: Request, context: AppRequestContext, acting: Acting) async throws -> Response {
        try await used(acting)
        let catalogue = himaya.catalogues[context.language]
        let shield = himaya.store.shield
        let settings = try await shield.settings(of: acting.defender)
        let shown = request.uri.queryParameters["show"].map(String.init)
        let held = try await shield.held(of: acting.defender).map { item -> [String: Any] in
            [
                "id": item.id.description, "time": ReportController.time(item.heldAt), "kind": catalogue.text(item.kind.messageKey),
                "reasons": item.reasons.map { catalogue.text($0.messageKey) }.joined(separator: ", "),
                "state": catalogue.text("shield_state_\(item.state.rawValue)"), "isHeld": item.state == .held,
                "shown": shown == item.id.description, "author": item.author, "excerpt": item.excerpt, "content": item.contentID,
                "hasAuthor": !item.author.isEmpty,
            ]
        }
        let pileOns = try await shield.pileOns(of: acting.defender).map { pileOn -> [String: Any] in
            [
                "id": pileOn.id.description,
                "summary": catalogue.text("shield_pile_on_summary", [
                    "count": String(pileOn.accountCount), "from": ReportController.time(pileOn.startedAt), "until": ReportController.time(pileOn.lastSeenAt),
                ]),
                "coordinated": pileOn.coordinated, "open": pileOn.action == nil,
                "action": pileOn.action.map { catalogue.text("shield_pile_on_\($0.rawValue)") } ?? "",
            ]
        }
        let blocks = try await shield.blockList(of: acting.defender).map { entry -> [String: Any] in
            ["id": entry.id.description, "account": entry.account, "source": catalogue.text("shield_block_source_\(entry.source.rawValue)"),
             "added": ReportController.time(entry.addedAt)]
        }
        let done = request.uri.queryParameters["done"].map(String.init)
        let name = try await himaya.store.defenders.defender(id: acting.defender)?.displayName ?? ""
        return try himaya.page(
            "shield", title: "shield_title", request: request, context: context,
            values: [
                "base": acting.base, "name": name, "forPartner": acting.delegation != nil,
                "notice": done.flatMap { ["shield_saved", "shield_released", "shield_blocked", "shield_pile_on_done", "shield_block_added",
                                          "shield_block_removed", "shield_error_account", "shield_error_settings", "shield_error_gone"].contains($0) ? catalogue.text($0) : nil } as Any,
                "isOn": settings.isOn, "state": catalogue.text(settings.isOn ? "shield_state_on" : "shield_state_off"),
                "ages": ShieldSettings.newAccountChoices.map { days -> [String: Any] in
                    ["value": String(days), "label": days == 0 ? catalogue.text("shield_age_any") : catalogue.text("shield_age_days", ["days": String(days)]),
                     "selected": settings.newAccountDays == days]
                },
                "holdPileOn": settings.holdPileOn, "holdBlockList": settings.holdBlockList,
                "held": held, "hasHeld": !held.isEmpty, "pileOns": pileOns, "hasPileOns": !pileOns.isEmpty, "blocks": blocks, "hasBlocks": !blocks.isEmpty,
            ]).response(from: request, context: context)
    }

    func saveSettings(request: Request, context: AppRequestContext, acting: Acting) async throws -> Response {
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let settings = ShieldSettings(
            isOn: fields["state"] == "on", newAccountDays: fields["new_account_days"].flatMap(Int.init) ?? -1,
            holdPileOn: fields["hold_pile_on"] == "yes", holdBlockList: fields["hold_block_list"] == "yes")
        guard settings.isValid else { return back(acting, context, done: "shield_error_settings", anchor: "settings") }
        try await ShieldService(himaya: himaya).save(settings, for: acting.defender, by: acting.actor)
        try await used(acting)
        return back(acting, context, done: "shield_saved", anchor: "settings")
    }

    func heldItem(request: Request, context: AppRequestContext, acting: Acting, block: Bool) async throws -> Response {
        guard let id = context.parameters.get("item").flatMap(HeldItem.ID.init) else { throw AppError.notFound }
        let service = ShieldService(himaya: himaya)
        let done = block ? try await service.blockAuthor(of: id, for: acting.defender, by: acting.actor)
            : try await service.release(id, for: acting.defender, by: acting.actor)
        guard done else { return back(acting, context, done: "shield_error_gone", anchor: "held") }
        try await used(acting)
        return back(acting, context, done: block ? "shield_blocked" : "shield_released", anchor: "held")
    }

    func pileOn(request: Request, context: AppRequestContext, acting: Acting, action: PileOn.Action) async throws -> Response {
        guard let id = context.parameters.get("item").flatMap(PileOn.ID.init) else { throw AppError.notFound }
        guard try await ShieldService(himaya: himaya).act(on: id, action: action, for: acting.defender, by: acting.actor) else {
            return back(acting, context, done: "shield_error_gone", anchor: "pile-ons")
        }
        try await used(acting)
        return back(acting, context, done: "shield_pile_on_done", anchor: "pile-ons")
    }

    func addBlock(request: Request, context: AppRequestContext, acting: Acting) async throws -> Response {
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let account = fields["account"] ?? ""
        guard BlockedAccount.isValid(account) else { return back(acting, context, done: "shield_error_account", anchor: "blocks") }
        try await ShieldService(himaya: himaya).block(account, for: acting.defender, by: acting.actor)
        try await used(acting)
        return back(acting, context, done: "shield_block_added", anchor: "blocks")
    }

    func removeBlock(request: Request, context: AppRequestContext, acting: Acting) async throws -> Response {
        guard let id = context.parameters.get("item").flatMap(BlockedAccount.ID.init) else { throw AppError.notFound }
        guard try await ShieldService(himaya: himaya).unblock(id, for: acting.defender, by: acting.actor) else {
            return back(acting, context, done: "shield_error_gone", anchor: "blocks")
        }
        try await used(acting)
        return back(acting, context, done: "shield_block_removed", anchor: "blocks")
    }
}
