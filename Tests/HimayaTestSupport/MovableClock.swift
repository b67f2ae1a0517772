public import Foundation
public import HimayaCore
import Synchronization

/// A clock the test moves forward.
public final class MovableClock: Sendable {
    private let current: Mutex<Date>
    public init(_ start: Date) { current = Mutex(start) }
    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    public var wall: WallClock { WallClock { [self] in current.withLock { $0 } } }
}
