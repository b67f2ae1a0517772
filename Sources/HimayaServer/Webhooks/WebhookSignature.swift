import Crypto
public import Foundation
import HimayaStore

/// How Himaya signs a webhook, and how a receiver checks it: HMAC-SHA256 with the platform's secret
/// over `timestamp + "." + body`, sent as `Himaya-Signature: v1=<hex>` beside `Himaya-Timestamp`.
/// The timestamp lets the receiver refuse an old message replayed.
public enum WebhookSignature {
    public static func sign(secret: String, timestamp: Int, body: Data) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "v1=" + Hex.encode(mac)
    }

    /// Whether `signature` is right for this body and timestamp, and the timestamp is within `tolerance`.
    public static func verify(
        secret: String, timestamp: Int, body: Data, signature: String, now: Date = Date(), tolerance: TimeInterval = 300
    ) -> Bool {
        guard abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        return RandomToken.constantTimeEquals(sign(secret: secret, timestamp: timestamp, body: body), signature)
    }
}
