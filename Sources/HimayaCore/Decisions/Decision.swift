public import Foundation

/// A responder's decision on a case: the clause it rests on, the reason, the actions.
public struct Decision: Sendable, Equatable {
    public typealias ID = Identifier<Decision>

    public var id: ID
    public var caseID: Case.ID
    public var staffID: StaffAccount.ID
    public var clauseID: String
    public var clauseVersion: Int
    /// The responder's reason, for colleagues and appeals; sealed, never published.
    public var reason: String
    public var actions: [DecisionAction]
    public var decidedAt: Date

    public init(
        id: ID = ID(), caseID: Case.ID, staffID: StaffAccount.ID, clauseID: String, clauseVersion: Int, reason: String,
        actions: [DecisionAction], decidedAt: Date
    ) {
        self.id = id
        self.caseID = caseID
        self.staffID = staffID
        self.clauseID = clauseID
        self.clauseVersion = clauseVersion
        self.reason = reason
        self.actions = actions
        self.decidedAt = decidedAt
    }

    /// Why a decision cannot be recorded as asked.
    public enum Problem: String, Error, Sendable {
        case noActions = "decision_error_actions"
        case noActionWithOthers = "decision_error_no_action_alone"
        case unknownClause = "decision_error_clause"
        case emptyReason = "decision_error_reason"
    }

    /// Checks a decision before it is stored.
    public static func check(actions: [DecisionAction], clause: PolicyClause?, reason: String) -> [Problem] {
        var problems: [Problem] = []
        if actions.isEmpty { problems.append(.noActions) }
        if actions.contains(.noAction) && actions.count > 1 { problems.append(.noActionWithOthers) }
        if clause == nil { problems.append(.unknownClause) }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(.emptyReason) }
        return problems
    }
}
