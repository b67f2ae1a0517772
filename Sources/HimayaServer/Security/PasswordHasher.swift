public import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run on the thread pool: it is slow on purpose and must not block the event loop.
public struct PasswordHasher: Sendable {
    public let cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { [cost] in Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash of nothing anyone knows, checked when the username does not exist, so a wrong username
    /// takes as long as a wrong password and does not reveal which accounts exist.
    public func dummyHash() async throws -> String {
        try await hash(RandomToken.make())
    }
}
