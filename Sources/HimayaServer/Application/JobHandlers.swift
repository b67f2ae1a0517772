import Foundation
import HimayaCore
public import HimayaStore

/// The handlers for every kind of background job, by kind. Features add theirs here (webhook delivery,
/// alerts); a job of a kind with no handler fails permanently and stays visible.
public enum JobHandlers {
    public static func all(_ himaya: Himaya) -> [String: JobHandler] {
        [
            SQLDecisionLedger.deliveryJob: { job in await WebhookSender(himaya: himaya).deliver(job) },
            SQLPlatformOutbox.deliveryJob: { job in await WebhookSender(himaya: himaya).deliverMessage(job) },
            // Removes expired staff sessions, follow-up sessions and held files; `himaya serve` queues it once a day.
            "sessions.expire": { _ in
                do {
                    _ = try await himaya.store.sessions.removeExpired(at: himaya.clock.now)
                    _ = try await himaya.store.reports.removeExpired(at: himaya.clock.now)
                    return .succeeded
                } catch {
                    return .failed("could not remove expired sessions")
                }
            }
        ]
    }
}

extension Himaya {
    /// Queues the day's housekeeping; the idempotency key makes it one job a day however many processes start.
    public func queueDailyHousekeeping() async throws {
        let day = Int(clock.now.timeIntervalSince1970 / 86_400)
        try await store.jobs.enqueue(
            Job(kind: "sessions.expire", payload: Data(), idempotencyKey: "sessions.expire:\(day)", maximumAttempts: 5, runAt: clock.now))
    }
}
