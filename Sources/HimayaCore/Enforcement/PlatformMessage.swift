public import Foundation

/// A signed message to the platform that is not a case decision's action: a reviewed takedown, a
/// notice for a defender. Delivered through the job queue and retried like action webhooks.
public struct PlatformMessage: Sendable, Equatable {
    public typealias ID = Identifier<PlatformMessage>

    /// The event names the platform receives (the OpenAPI document's webhooks).
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case enforcementReviewed = "enforcement.reviewed"
        case defenderNotice = "defender.notice"
        /// A threat found by scanning, for the defender it concerns (with their consent to alerts).
        case alertCreated = "alert.created"
        /// One step of a lockdown to apply or to lift.
        case lockdownStep = "lockdown.step"
        /// A defender's shield turned on, changed or off.
        case shieldChanged = "shield.changed"
        /// A reply, mention or message to hold out of the defender's sight.
        case shieldHold = "shield.hold"
        /// A held item to let through to the defender.
        case shieldRelease = "shield.release"
        /// Accounts to block or mute for the defender (a held item's author, a whole pile-on).
        case accountsRestrict = "accounts.restrict"
    }

    public var id: ID
    public var kind: Kind
    /// What it is about, e.g. `enforcement_review:<id>`, to show its delivery there.
    public var subject: String
    public var status: WebhookDelivery.Status
    public var attempts: Int
    public var lastResponse: Int?
    public var updatedAt: Date

    public init(id: ID = ID(), kind: Kind, subject: String, status: WebhookDelivery.Status = .pending, attempts: Int = 0, lastResponse: Int? = nil, updatedAt: Date) {
        self.id = id
        self.kind = kind
        self.subject = subject
        self.status = status
        self.attempts = attempts
        self.lastResponse = lastResponse
        self.updatedAt = updatedAt
    }
}

extension PlatformMessage {
    /// A message and its JSON body (keys sorted, so retries carry the same bytes).
    public static func outgoing(_ kind: Kind, subject: String, payload: [String: String], at date: Date) throws -> (PlatformMessage, Data) {
        try outgoing(kind, subject: subject, fields: payload, at: date)
    }

    /// The same with any JSON values (lists of accounts, flags).
    public static func outgoing(_ kind: Kind, subject: String, fields: [String: Any], at date: Date) throws -> (PlatformMessage, Data) {
        var body = fields
        body["event"] = kind.rawValue
        return (PlatformMessage(kind: kind, subject: subject, updatedAt: date), try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
    }
}

/// The outbox of platform messages.
public protocol PlatformOutbox: Sendable {
    /// Stores the message and queues its delivery job, in one transaction.
    func queue(_ message: PlatformMessage, payload: Data) async throws
    /// The same, delivered no sooner than `deliverAt` (quiet hours, a digest).
    func queue(_ message: PlatformMessage, payload: Data, deliverAt: Date) async throws
    func message(_ id: PlatformMessage.ID) async throws -> (PlatformMessage, Data)?
    func update(_ id: PlatformMessage.ID, status: WebhookDelivery.Status, attempts: Int, lastResponse: Int?) async throws
    func messages(about subject: String) async throws -> [PlatformMessage]
    /// The messages about `subject` with their bodies, in one read.
    func messagesWithPayloads(about subject: String) async throws -> [(PlatformMessage, Data)]
}
