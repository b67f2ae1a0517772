public import Foundation

/// Repeated failed sign-ins lock an account for a while, so a password cannot be guessed online.
public struct SignInLockout: Sendable, Equatable, Codable {
    /// Failures since the last successful sign-in or the end of the last lock.
    public var failures: Int
    /// Until when sign-in is refused, if locked.
    public var lockedUntil: Date?

    public init(failures: Int = 0, lockedUntil: Date? = nil) {
        self.failures = failures
        self.lockedUntil = lockedUntil
    }

    /// Whether a sign-in attempt at `now` must be refused without checking the password.
    public func isLocked(at now: Date) -> Bool {
        guard let lockedUntil else { return false }
        return now < lockedUntil
    }

    /// The state after one more failed attempt at `now`.
    public func recordingFailure(at now: Date, policy: SignInLockoutPolicy = .standard) -> SignInLockout {
        // A lock that has run out starts a fresh count: the person gets the full number of tries again.
        var next = self
        if let lockedUntil, now >= lockedUntil {
            next = SignInLockout()
        }
        next.failures += 1
        if next.failures >= policy.maximumFailures {
            next.lockedUntil = now.addingTimeInterval(policy.lockDuration)
            next.failures = 0
        }
        return next
    }

    /// The state after a successful sign-in.
    public func recordingSuccess() -> SignInLockout { SignInLockout() }
}

/// How many failures lock an account, and for how long.
public struct SignInLockoutPolicy: Sendable {
    public var maximumFailures: Int
    public var lockDuration: TimeInterval

    public init(maximumFailures: Int, lockDuration: TimeInterval) {
        self.maximumFailures = maximumFailures
        self.lockDuration = lockDuration
    }

    /// Five failures lock the account for fifteen minutes.
    public static let standard = SignInLockoutPolicy(maximumFailures: 5, lockDuration: 15 * 60)
}
