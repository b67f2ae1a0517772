import HummingbirdBcrypt
import NIOConcurrencyHelpers
import NIOPosix

/// bcrypt, run on the thread pool: it is slow on purpose and must not block the event loop.
public struct PasswordHasher: Sendable {
    public let cost: UInt8
    private let dummy = NIOLockedValueBox<String?>(nil)

    public init(cost: UInt8 = 12) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { [cost] in Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash of nothing anyone knows, checked when the username does not exist, so a wrong username
    /// takes as long as a wrong password and does not reveal which accounts exist.
    /// Made once per process: hashing anew for every unknown username would double the cost of
    /// each attempt and hand an attacker a cheap way to load the server.
    public func dummyHash() async throws -> String {
        if let existing = dummy.withLockedValue({ $0 }) { return existing }
        let made = try await hash(RandomToken.make())
        return dummy.withLockedValue { value in
            if value == nil { value = made }
            return value!
        }
    }
}
