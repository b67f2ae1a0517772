public import Foundation

/// How long to wait before trying a failed job again: doubling from a first delay, up to a ceiling.
public struct RetryPolicy: Sendable, Equatable {
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    public var maximumAttempts: Int

    public init(firstDelay: TimeInterval = 5, maximumDelay: TimeInterval = 3600, maximumAttempts: Int = 12) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    /// The delay after the `attempt`-th failure (1-based), before jitter.
    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        let exponent = Double(max(0, attempt - 1))
        return min(maximumDelay, firstDelay * pow(2, exponent))
    }

    /// The delay with up to a quarter of random spread, so many failed jobs do not retry in step.
    /// `unit` is a number in [0, 1) from the caller's random source.
    public func delay(afterAttempt attempt: Int, unit: Double) -> TimeInterval {
        let base = delay(afterAttempt: attempt)
        return base * (1 + 0.25 * unit)
    }
}
