public import Foundation

/// The source of the current time, so rules about deadlines and lockouts can be tested with a fixed clock.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    /// The system clock.
    public static let system = WallClock { Date() }

    /// A clock that always reads the given instant.
    public static func fixed(_ date: Date) -> WallClock { WallClock { date } }

    public var now: Date { read() }
}
