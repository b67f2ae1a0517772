import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// `/api/v1/lockdowns/{id}`: the platform reads a lockdown and confirms each step it carried out
/// (`applied`), could not carry out (`failed`) or lifted (`undone`).
struct LockdownAPIController {
    let himaya: Himaya

    func register(on group: RouterGroup<AppRequestContext>) {
        let lockdowns = group.group("lockdowns").add(middleware: PlatformKeyMiddleware(himaya: himaya, scope: .defendersWrite))
        lockdowns.get(":id", use: show)
        lockdowns.post(":id/steps/:step", use: confirm)
    }

    struct StepReport: Decodable {
        var state: String
    }

    struct LockdownView: Encodable, ResponseEncodable {
        var lockdownId: String
        var defenderId: String
        var steps: [String: String]
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> LockdownView {
        let lockdown = try await find(context)
        return Self.view(lockdown)
    }

    @Sendable func confirm(request: Request, context: AppRequestContext) async throws -> LockdownView {
        let lockdown = try await find(context)
        guard let step = context.parameters.get("step").flatMap(LockdownStep.init(rawValue:)) else { throw AppError.notFound }
        var request = request
        let body = try await request.collectBody(upTo: 4096)
        guard let report = try? JSONDecoder().decode(StepReport.self, from: Data(Array(buffer: body))) else { throw AppError.badRequest }
        guard let state = Lockdown.StepState(rawValue: report.state), [.applied, .failed, .undone].contains(state) else {
            throw AppError.validation([.init(field: "state", messageKey: "lockdown_error_state")])
        }
        guard try await LockdownService(himaya: himaya).report(lockdown, step: step, state: state, platform: context.platformKey!.platformID) else {
            throw AppError.validation([.init(field: "state", messageKey: "lockdown_error_transition")])
        }
        return Self.view(try await find(context))
    }

    private func find(_ context: AppRequestContext) async throws -> Lockdown {
        guard let id = context.parameters.get("id").flatMap(Lockdown.ID.init), let lockdown = try await himaya.store.lockdowns.lockdown(id)
        else { throw AppError.notFound }
        return lockdown
    }

    static func view(_ lockdown: Lockdown) -> LockdownView {
        LockdownView(
            lockdownId: lockdown.id.description, defenderId: lockdown.defenderID.description,
            steps: Dictionary(uniqueKeysWithValues: lockdown.steps.map { ($0.key.rawValue, $0.value.rawValue) }))
    }
}
