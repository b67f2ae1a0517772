public import Foundation

/// A responder's time on shift: the queue's coverage is who is working now, not who exists.
public struct Shift: Sendable, Equatable {
    public var staffID: StaffAccount.ID
    public var startedAt: Date
    public var endsAt: Date

    public init(staffID: StaffAccount.ID, startedAt: Date, endsAt: Date) {
        self.staffID = staffID
        self.startedAt = startedAt
        self.endsAt = endsAt
    }

    public func isOn(at date: Date) -> Bool { startedAt <= date && date < endsAt }

    /// The lengths a shift may be started for, in hours.
    public static let lengths = [4, 8, 12]
}

/// Which languages of open cases nobody on shift reads.
public enum Coverage {
    /// Languages (with their open-case counts) that no responder on shift works in, by language code.
    public static func gaps(openByLanguage: [String?: Int], onShift: [StaffAccount]) -> [(language: String, count: Int)] {
        let covered = Set(onShift.flatMap(\.languages))
        return openByLanguage.compactMap { language, count in
            guard let language, count > 0, !covered.contains(language) else { return nil }
            return (language, count)
        }.sorted { $0.language < $1.language }
    }
}

/// Where shifts are kept: one current shift a person.
public protocol ShiftBoard: Sendable {
    /// Starts (or restarts) a shift, with an audit entry.
    func start(_ staff: StaffAccount.ID, at date: Date, until end: Date) async throws
    /// Ends the person's shift now, with an audit entry.
    func end(_ staff: StaffAccount.ID, at date: Date) async throws
    /// The shifts running at `date`.
    func running(at date: Date) async throws -> [Shift]
}
