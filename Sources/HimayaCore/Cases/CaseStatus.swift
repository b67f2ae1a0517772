/// Where a case is in its life. Transitions are checked here, so an impossible one cannot be stored.
public enum CaseStatus: String, Sendable, CaseIterable, Codable {
    /// Opened, nobody has answered yet.
    case new
    /// A responder is working on it.
    case inProgress = "in_progress"
    /// Waiting for something from the reporter.
    case waitingForReporter = "waiting_for_reporter"
    /// Decided and acted on; may still be appealed.
    case resolved
    /// Finished for good.
    case closed

    /// Whether a new report about the same target and content joins this case.
    public var isOpen: Bool { self != .resolved && self != .closed }

    /// The statuses this one may move to.
    public var next: Set<CaseStatus> {
        switch self {
        case .new: [.inProgress, .waitingForReporter, .resolved, .closed]
        case .inProgress: [.waitingForReporter, .resolved, .closed]
        case .waitingForReporter: [.inProgress, .resolved, .closed]
        // An appeal or a new report reopens a resolved case.
        case .resolved: [.inProgress, .closed]
        case .closed: []
        }
    }

    public func canMove(to status: CaseStatus) -> Bool { next.contains(status) }

    /// The key of this status's name in the message catalogues.
    public var messageKey: String { "case_status_\(rawValue)" }
}
