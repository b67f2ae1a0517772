import Foundation
public import HimayaCore
import HimayaStore
import Logging

/// Locks a defender's platform account down in one step: every step is asked of the platform at
/// once as a signed `lockdown.step` webhook, confirmed back by the platform step by step, and each
/// can be lifted on its own.
public struct LockdownService: Sendable {
    let himaya: Himaya

    public init(himaya: Himaya) { self.himaya = himaya }

    /// Asks for `steps` (every step of a lockdown unless told otherwise; one privacy setting at a time from the space).
    public func start(for defender: Defender.ID, by actor: String, alertResponders: Bool, steps: [LockdownStep] = LockdownStep.lockdown) async throws -> Lockdown {
        let lockdown = Lockdown(
            defenderID: defender, requestedBy: actor, requestedAt: himaya.clock.now, alertResponders: alertResponders,
            steps: Dictionary(uniqueKeysWithValues: steps.map { ($0, .requested) }))
        let messages = try steps.map { try message(lockdown, step: $0, operation: "apply") }
        try await himaya.store.lockdowns.start(lockdown, messages: messages)
        himaya.logger.info("lockdown requested", metadata: ["lockdown": "\(lockdown.id)"])
        if alertResponders { try await alertTheResponders(about: defender, askedBy: actor) }
        return lockdown
    }

    /// The responders hear of a lockdown asked with their help as a case, through the same path as
    /// a report, from whoever asked: the defender, or the partner acting for them.
    private func alertTheResponders(about id: Defender.ID, askedBy actor: String) async throws {
        let defender = try await himaya.store.defenders.defender(id: id)
        let partner = actor.hasPrefix("partner:") ? Partner.ID(String(actor.dropFirst("partner:".count))) : nil
        _ = try await CaseOpening(himaya: himaya).file(
            contentID: "lockdown", category: .accountTakeover,
            reasons: [partner == nil ? "the defender locked their account down and asked for help"
                      : "a trusted partner locked the defender's account down and asked for help"],
            defenderID: id, targetAccount: nil, language: defender?.languages.first, threateningText: false,
            source: partner.map { .partnerForm($0) } ?? .anonymousForm,
            narrativePrefix: partner == nil ? "From the defender's own space: " : "From a partner acting for the defender: ")
    }

    /// Lifts one step in force; false when it is not in force.
    public func undo(_ lockdown: Lockdown, step: LockdownStep, by actor: String) async throws -> Bool {
        guard let current = lockdown.steps[step], lockdown.undoing(step) != nil else { return false }
        return try await himaya.store.lockdowns.change(
            lockdown.id, step: step, from: current, to: .undoRequested, by: actor, messages: [try message(lockdown, step: step, operation: "undo")])
    }

    /// The platform's confirmation of one step; false when it does not follow from the step's state.
    public func report(_ lockdown: Lockdown, step: LockdownStep, state: Lockdown.StepState, platform: Platform.ID) async throws -> Bool {
        guard let current = lockdown.steps[step], lockdown.reporting(step, as: state) != nil else { return false }
        return try await himaya.store.lockdowns.change(lockdown.id, step: step, from: current, to: state, by: "platform:\(platform)", messages: [])
    }

    private func message(_ lockdown: Lockdown, step: LockdownStep, operation: String) throws -> (PlatformMessage, Data) {
        try PlatformMessage.outgoing(
            .lockdownStep, subject: "lockdown:\(lockdown.id)",
            payload: ["lockdownId": lockdown.id.description, "defenderId": lockdown.defenderID.description, "step": step.rawValue, "operation": operation],
            at: himaya.clock.now)
    }
}
