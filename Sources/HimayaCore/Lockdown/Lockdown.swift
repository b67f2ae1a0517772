public import Foundation

/// One step of locking an account down, each carried out by the platform and confirmed back.
public enum LockdownStep: String, Sendable, CaseIterable, Codable {
    case endOtherSessions = "end_other_sessions"
    case requireSecondFactor = "require_second_factor"
    case hideContactAndLocation = "hide_contact_and_location"
    case limitToKnownAccounts = "limit_to_known_accounts"
    case makePrivate = "make_private"
    case hideFollowers = "hide_followers"

    public var messageKey: String { "lockdown_step_\(rawValue)" }
}

/// A lockdown of a defender's platform account: every step asked of the platform at once, each
/// confirmed (or refused) by it, each undone on its own.
public struct Lockdown: Sendable, Equatable {
    public typealias ID = Identifier<Lockdown>

    /// Where one step is. Transitions are checked here, so an impossible one cannot be stored.
    public enum StepState: String, Sendable, Codable {
        /// Sent to the platform, not yet confirmed.
        case requested
        /// The platform says it is in force.
        case applied
        /// The platform could not do it; a person should look.
        case failed
        /// Undo sent, not yet confirmed.
        case undoRequested = "undo_requested"
        /// The platform says it is lifted.
        case undone

        /// What the platform may report next from this state.
        func accepts(_ next: StepState) -> Bool {
            switch (self, next) {
            case (.requested, .applied), (.requested, .failed), (.failed, .applied): true
            case (.undoRequested, .undone), (.undoRequested, .applied): true
            default: false
            }
        }
    }

    public var id: ID
    public var defenderID: Defender.ID
    /// Who asked: `defender`, `staff:<id>`, `partner:<id>`.
    public var requestedBy: String
    public var requestedAt: Date
    /// Whether the responders were alerted at the same time.
    public var alertResponders: Bool
    public var steps: [LockdownStep: StepState]

    public init(
        id: ID = ID(), defenderID: Defender.ID, requestedBy: String, requestedAt: Date, alertResponders: Bool,
        steps: [LockdownStep: StepState] = Dictionary(uniqueKeysWithValues: LockdownStep.allCases.map { ($0, .requested) })
    ) {
        self.id = id
        self.defenderID = defenderID
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.alertResponders = alertResponders
        self.steps = steps
    }

    /// The platform's report on a step; nil when it does not follow from the step's state.
    public func reporting(_ step: LockdownStep, as state: StepState) -> Lockdown? {
        guard let current = steps[step], current.accepts(state) else { return nil }
        var next = self
        next.steps[step] = state
        return next
    }

    /// Asks to lift one step; only a step in force (or refused) can be undone.
    public func undoing(_ step: LockdownStep) -> Lockdown? {
        guard let current = steps[step], current == .applied || current == .failed else { return nil }
        var next = self
        next.steps[step] = .undoRequested
        return next
    }

    /// Whether every step is confirmed in force.
    public var isComplete: Bool { steps.values.allSatisfy { $0 == .applied } }
}

/// Where lockdowns are kept.
public protocol LockdownDesk: Sendable {
    /// Stores a new lockdown and the messages that ask the platform for each step, in one transaction.
    func start(_ lockdown: Lockdown, messages: [(PlatformMessage, Data)]) async throws
    func lockdown(_ id: Lockdown.ID) async throws -> Lockdown?
    func lockdowns(of defender: Defender.ID) async throws -> [Lockdown]
    /// Saves one step's new state, with the messages it sends (an undo), and an audit entry;
    /// false when the step was no longer in the state the change started from.
    func change(_ id: Lockdown.ID, step: LockdownStep, from: Lockdown.StepState, to: Lockdown.StepState, by actor: String,
                messages: [(PlatformMessage, Data)]) async throws -> Bool
}
