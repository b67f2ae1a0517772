public import Foundation

/// Where a case stands against its deadlines, for the queue's "time left" column.
public enum DeadlineStatus: Equatable, Sendable {
    /// The first response is due in `left` seconds.
    case due(left: TimeInterval)
    /// The first-response deadline passed `by` seconds ago without an answer.
    case overdue(by: TimeInterval)
    /// The resolution deadline passed too: the case breached its service level.
    case breached(by: TimeInterval)
    /// Answered in time or later; only the resolution deadline is left.
    case answered(resolutionLeft: TimeInterval)

    /// The status of `caseFile` at `now`, given whether someone has answered it.
    public static func of(_ caseFile: Case, answered: Bool, at now: Date) -> DeadlineStatus {
        if now >= caseFile.resolutionDue && caseFile.status.isOpen {
            return .breached(by: now.timeIntervalSince(caseFile.resolutionDue))
        }
        if answered { return .answered(resolutionLeft: caseFile.resolutionDue.timeIntervalSince(now)) }
        if now >= caseFile.firstResponseDue { return .overdue(by: now.timeIntervalSince(caseFile.firstResponseDue)) }
        return .due(left: caseFile.firstResponseDue.timeIntervalSince(now))
    }

    /// A short human duration: `45 min`, `3 h 10 min`, `2 d 4 h`.
    public static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int(seconds / 60)
        if minutes < 60 { return "\(max(0, minutes)) min" }
        let hours = minutes / 60
        if hours < 48 { return minutes % 60 == 0 ? "\(hours) h" : "\(hours) h \(minutes % 60) min" }
        return hours % 24 == 0 ? "\(hours / 24) d" : "\(hours / 24) d \(hours % 24) h"
    }
}
