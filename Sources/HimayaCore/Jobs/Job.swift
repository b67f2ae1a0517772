public import Foundation

/// A unit of background work: a webhook to deliver, an alert to send. Delivered at least once.
public struct Job: Sendable, Equatable {
    public typealias ID = Identifier<Job>

    public var id: ID
    /// Which handler runs it, such as `webhook.deliver`.
    public var kind: String
    /// The handler's input, as JSON; sensitive content is sealed before it gets here.
    public var payload: Data
    /// Unique per piece of work: enqueuing the same key twice makes one job, and handlers pass it on
    /// so the receiver can drop a repeated delivery.
    public var idempotencyKey: String
    public var state: JobState
    public var attempts: Int
    public var maximumAttempts: Int
    public var runAt: Date
    public var lastError: String?

    public init(
        id: ID = ID(), kind: String, payload: Data, idempotencyKey: String, state: JobState = .queued,
        attempts: Int = 0, maximumAttempts: Int, runAt: Date, lastError: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.idempotencyKey = idempotencyKey
        self.state = state
        self.attempts = attempts
        self.maximumAttempts = maximumAttempts
        self.runAt = runAt
        self.lastError = lastError
    }
}
