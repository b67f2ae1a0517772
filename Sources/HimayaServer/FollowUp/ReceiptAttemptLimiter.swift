import Foundation
public import HimayaCore

/// Slows down guessing of receipt codes without recording who guessed: a budget of wrong codes per
/// minute for the whole service, and a smaller one per browser token (a random cookie, not a person).
/// A code has 100 random bits, so this guards against load and noise more than against luck.
public actor ReceiptAttemptLimiter {
    private let clock: WallClock
    private let windowSeconds: TimeInterval = 60
    private let perBrowser = 5
    private let overall = 300
    private var windowStart: Date
    private var failures: [String: Int] = [:]
    private var total = 0

    public init(clock: WallClock) {
        self.clock = clock
        self.windowStart = clock.now
    }

    private func roll() {
        let now = clock.now
        if now.timeIntervalSince(windowStart) >= windowSeconds {
            windowStart = now
            failures = [:]
            total = 0
        }
    }

    /// Whether another attempt from `browser` may be checked now.
    public func mayTry(browser: String) -> Bool {
        roll()
        return total < overall && failures[browser, default: 0] < perBrowser
    }

    public func recordFailure(browser: String) {
        roll()
        total += 1
        failures[browser, default: 0] += 1
    }
}
