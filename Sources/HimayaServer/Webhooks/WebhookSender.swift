import Foundation
#if canImport(FoundationNetworking)
public import FoundationNetworking
#endif
public import HimayaCore
import HimayaStore
import Logging

/// Delivers one webhook job: loads the delivery and the platform, signs the body, posts it with the
/// delivery id as idempotency key, and records how it went.
public struct WebhookSender: Sendable {
    let himaya: Himaya
    let session: URLSession

    public init(himaya: Himaya, session: URLSession = URLSession(configuration: .ephemeral)) {
        self.himaya = himaya
        self.session = session
    }

    public func deliver(_ job: Job) async -> JobState.Outcome {
        guard let id = WebhookDelivery.ID(String(decoding: job.payload, as: UTF8.self)),
            let (delivery, body) = try? await himaya.store.decisions.delivery(id)
        else { return .failedPermanently("no such delivery") }
        guard let platform = try? await himaya.store.platforms.current(), let url = URL(string: platform.webhookURL) else {
            // No platform yet: keep trying, a person can register it.
            try? await himaya.store.decisions.update(id, status: .retrying, attempts: job.attempts, lastResponse: nil)
            return .failed("no platform registered")
        }
        let code = await post(body, to: url, secret: platform.secret, idempotencyKey: delivery.id.description)
        var status = code.map(WebhookDelivery.outcome(forStatus:)) ?? .retrying
        if status == .retrying && job.attempts >= job.maximumAttempts { status = .failed }
        try? await himaya.store.decisions.update(id, status: status, attempts: job.attempts, lastResponse: code)
        himaya.logger.info(
            "webhook attempt", metadata: ["delivery": "\(id)", "status": "\(status.rawValue)", "response": "\(code.map(String.init) ?? "none")"])
        return Self.outcome(status, code: code)
    }

    /// Signs and posts one body; the platform's HTTP status, or nil when it did not answer.
    func post(_ body: Data, to url: URL, secret: String, idempotencyKey: String) async -> Int? {
        let timestamp = Int(himaya.clock.now.timeIntervalSince1970)
        var request = URLRequest(url: url, timeoutInterval: 15)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(String(timestamp), forHTTPHeaderField: "Himaya-Timestamp")
        request.setValue(WebhookSignature.sign(secret: secret, timestamp: timestamp, body: body), forHTTPHeaderField: "Himaya-Signature")
        request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key")
        do {
            let (_, response) = try await session.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode
        } catch {
            return nil
        }
    }

    static func outcome(_ status: WebhookDelivery.Status, code: Int?) -> JobState.Outcome {
        switch status {
        case .delivered: .succeeded
        case .failed: .failedPermanently("platform answered \(code.map(String.init) ?? "nothing")")
        case .retrying, .pending: .failed("platform answered \(code.map(String.init) ?? "nothing")")
        }
    }

    /// Delivers one message of the platform outbox (a reviewed takedown, a defender's notice).
    public func deliverMessage(_ job: Job) async -> JobState.Outcome {
        guard let id = PlatformMessage.ID(String(decoding: job.payload, as: UTF8.self)),
            let (message, body) = try? await himaya.store.outbox.message(id)
        else { return .failedPermanently("no such message") }
        guard let platform = try? await himaya.store.platforms.current(), let url = URL(string: platform.webhookURL) else {
            try? await himaya.store.outbox.update(id, status: .retrying, attempts: job.attempts, lastResponse: nil)
            return .failed("no platform registered")
        }
        let code = await post(body, to: url, secret: platform.secret, idempotencyKey: message.id.description)
        var status = code.map(WebhookDelivery.outcome(forStatus:)) ?? .retrying
        if status == .retrying && job.attempts >= job.maximumAttempts { status = .failed }
        try? await himaya.store.outbox.update(id, status: status, attempts: job.attempts, lastResponse: code)
        himaya.logger.info("platform message attempt", metadata: ["message": "\(id)", "kind": "\(message.kind.rawValue)", "status": "\(status.rawValue)"])
        return Self.outcome(status, code: code)
    }
}
