public import Foundation

/// One protective setting of a platform account, carried out by the platform and confirmed back:
/// the steps of a one-step lockdown, and further privacy settings a defender turns on one by one.
public enum LockdownStep: String, Sendable, CaseIterable, Codable {
    case endOtherSessions = "end_other_sessions"
    case requireSecondFactor = "require_second_factor"
    case hideContactAndLocation = "hide_contact_and_location"
    case limitToKnownAccounts = "limit_to_known_accounts"
    case makePrivate = "make_private"
    case hideFollowers = "hide_followers"
    /// Left out of search results and suggestions to other users.
    case hideFromSearch = "hide_from_search"
    /// Nobody can tag the defender in photos or posts.
    case blockTagging = "block_tagging"
    /// No online status, last-seen time or read receipts.
    case hideActivityStatus = "hide_activity_status"

    public var messageKey: String { "lockdown_step_\(rawValue)" }

    /// What one-step lockdown asks for. The other settings change how the defender is found and
    /// seen, which they choose one by one rather than lose all at once in an emergency.
    public static let lockdown: [LockdownStep] = [
        .endOtherSessions, .requireSecondFactor, .hideContactAndLocation, .limitToKnownAccounts, .makePrivate, .hideFollowers,
    ]
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
        steps: [LockdownStep: StepState] = Dictionary(uniqueKeysWithValues: LockdownStep.lockdown.map { ($0, .requested) })
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

    /// Whether this asked for a one-step lockdown, rather than one privacy setting.
    public var isWholeLockdown: Bool { Set(steps.keys).isSuperset(of: LockdownStep.lockdown) }

    /// Its steps in the order they are shown.
    public var orderedSteps: [(LockdownStep, StepState)] { LockdownStep.allCases.compactMap { step in steps[step].map { (step, $0) } } }

    /// Where each setting stands across a defender's lockdowns and single settings (newest first):
    /// the newest request that touched it decides, with the request it belongs to.
    public static func settings(from newestFirst: [Lockdown]) -> [LockdownStep: (lockdown: Lockdown.ID, state: StepState)] {
        var found: [LockdownStep: (lockdown: Lockdown.ID, state: StepState)] = [:]
        for lockdown in newestFirst {
            for (step, state) in lockdown.steps where found[step] == nil { found[step] = (lockdown.id, state) }
        }
        return found
    }

    /// Whether a setting may be asked for now: it is off, lifted, or never asked for.
    public static func mayTurnOn(_ current: StepState?) -> Bool { current == nil || current == .undone }
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
