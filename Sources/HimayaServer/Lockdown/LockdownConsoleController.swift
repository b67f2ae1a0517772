import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// A responder locks a defender's account down from the case page, follows each step's
/// confirmation from the platform, and lifts steps one by one.
struct LockdownConsoleController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        let read = router.group("/console/lockdowns").add(middleware: AccessGuard(.console))
        read.get(":id", use: page)
        let act = router.group("/console").add(middleware: AccessGuard(.consoleActions))
        act.post("defenders/:id/lockdown", use: start)
        act.post("lockdowns/:id/steps/:step/undo", use: undo)
    }

    @Sendable func start(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        guard let id = context.parameters.get("id").flatMap(Defender.ID.init), try await himaya.store.defenders.defender(id: id) != nil
        else { throw AppError.notFound }
        // One button and one confirmation: the box must be ticked.
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard fields["confirm"] == "yes" else { throw AppError.validation([.init(field: "confirm", messageKey: "lockdown_error_confirm")]) }
        let lockdown = try await LockdownService(himaya: himaya).start(for: id, by: "staff:\(staff.id)", alertResponders: false)
        return .redirect(to: "/console/lockdowns/\(lockdown.id)?lang=\(context.language)", type: .normal)
    }

    @Sendable func undo(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        guard let id = context.parameters.get("id").flatMap(Lockdown.ID.init), let lockdown = try await himaya.store.lockdowns.lockdown(id),
            let step = context.parameters.get("step").flatMap(LockdownStep.init(rawValue:))
        else { throw AppError.notFound }
        _ = try await LockdownService(himaya: himaya).undo(lockdown, step: step, by: "staff:\(staff.id)")
        return .redirect(to: "/console/lockdowns/\(id)?lang=\(context.language)", type: .normal)
    }

    @Sendable func page(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        guard let staff = context.staff else { throw AppError.signInRequired }
        let catalogue = himaya.catalogues[context.language]
        guard let id = context.parameters.get("id").flatMap(Lockdown.ID.init), let lockdown = try await himaya.store.lockdowns.lockdown(id)
        else { throw AppError.notFound }
        let mayAct = AccessPolicy.allows(staff.role, in: .consoleActions)
        let deliveries = try await himaya.store.outbox.messages(about: "lockdown:\(id)")
        let pending = deliveries.filter { $0.status != .delivered }.count
        return try himaya.page(
            "console-lockdown", title: "lockdown_title", request: request, context: context,
            values: [
                "id": id.description,
                "steps": lockdown.orderedSteps.map { step, state -> [String: Any] in
                    [
                        "step": step.rawValue, "label": catalogue.text(step.messageKey),
                        "state": catalogue.text("lockdown_state_\(state.rawValue)"),
                        "undoable": mayAct && (state == .applied || state == .failed),
                    ]
                },
                "complete": lockdown.isComplete,
                "deliveryText": catalogue.text("lockdown_deliveries", ["sent": String(deliveries.count - pending), "waiting": String(pending)]),
            ])
    }
}
