public import Foundation

/// One action sent to the platform as a signed webhook, and how its delivery went.
public struct WebhookDelivery: Sendable, Equatable {
    public typealias ID = Identifier<WebhookDelivery>

    /// Where a delivery is: waiting, delivered, trying again, or given up on.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case pending, delivered, retrying, failed
    }

    public var id: ID
    public var decisionID: Decision.ID
    public var caseID: Case.ID
    public var action: DecisionAction
    public var status: Status
    public var attempts: Int
    /// The platform's last HTTP status, if it answered.
    public var lastResponse: Int?
    public var updatedAt: Date

    public init(
        id: ID = ID(), decisionID: Decision.ID, caseID: Case.ID, action: DecisionAction, status: Status = .pending, attempts: Int = 0,
        lastResponse: Int? = nil, updatedAt: Date
    ) {
        self.id = id
        self.decisionID = decisionID
        self.caseID = caseID
        self.action = action
        self.status = status
        self.attempts = attempts
        self.lastResponse = lastResponse
        self.updatedAt = updatedAt
    }

    /// How an HTTP answer counts: 2xx delivered; 408, 429 and 5xx worth retrying; other 4xx final.
    public static func outcome(forStatus code: Int) -> Status {
        switch code {
        case 200..<300: .delivered
        case 408, 429, 500...: .retrying
        default: .failed
        }
    }
}

/// Decisions, their statements of reasons, and the webhooks that carry their actions.
public protocol DecisionLedger: Sendable {
    /// Records a decision with its statement, queues a webhook per action that reaches the platform
    /// (each with its payload), posts the notices to the reporters, queues the messages for the
    /// platform (defenders' notices), and moves the case, in one transaction with an audit entry.
    func record(
        _ decision: Decision, statement: StatementOfReasons, deliveries: [(WebhookDelivery, Data)], notices: [ReportMessage],
        messages: [(PlatformMessage, Data)], resolves: Bool
    ) async throws
    func decisions(in caseID: Case.ID) async throws -> [(Decision, StatementOfReasons)]
    func deliveries(in caseID: Case.ID) async throws -> [WebhookDelivery]
    /// A delivery and its payload, to send.
    func delivery(_ id: WebhookDelivery.ID) async throws -> (WebhookDelivery, Data)?
    /// Saves how an attempt went; a final failure puts the case back in the queue, unheld.
    func update(_ id: WebhookDelivery.ID, status: WebhookDelivery.Status, attempts: Int, lastResponse: Int?) async throws
}

/// The platform Himaya acts on: where webhooks go and the key they are signed with.
public struct Platform: Sendable, Equatable {
    public typealias ID = Identifier<Platform>

    public var id: ID
    public var name: String
    public var webhookURL: String
    /// The signing secret; sealed at rest.
    public var secret: String

    public init(id: ID = ID(), name: String, webhookURL: String, secret: String) {
        self.id = id
        self.name = name
        self.webhookURL = webhookURL
        self.secret = secret
    }
}

/// The platforms registered to receive webhooks.
public protocol PlatformRegistry: Sendable {
    func add(_ platform: Platform) async throws
    /// The platform that receives actions (the first registered).
    func current() async throws -> Platform?
}
