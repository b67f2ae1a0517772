import Crypto
public import Foundation

/// Time-based one-time codes (RFC 6238: HMAC-SHA1, 30-second steps, six digits), the second factor
/// every staff member must give.
public struct TOTP: Sendable {
    /// The shared secret's bytes.
    public let secret: Data
    public static let stepSeconds: Int64 = 30

    public init(secret: Data) { self.secret = secret }

    /// A new random 160-bit secret.
    public static func generateSecret() -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    public static func timeStep(at date: Date) -> Int64 {
        Int64(floor(date.timeIntervalSince1970)) / stepSeconds
    }

    /// The code for one time step, as six digits.
    public func code(forStep step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        let value = binary % 1_000_000
        let digits = String(value)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    public func code(at date: Date) -> String { code(forStep: Self.timeStep(at: date)) }

    /// The time step `code` belongs to, if it matches now or one step either side (clock drift), and is
    /// later than `lastUsedStep`, so a code that was seen once cannot be replayed.
    public func acceptedStep(for code: String, at date: Date, lastUsedStep: Int64?) -> Int64? {
        let typed = code.filter(\.isNumber)
        guard typed.count == 6 else { return nil }
        let now = Self.timeStep(at: date)
        for step in [now, now - 1, now + 1] where step > (lastUsedStep ?? Int64.min) {
            if RandomToken.constantTimeEquals(self.code(forStep: step), typed) { return step }
        }
        return nil
    }

    /// The `otpauth://` address an authenticator app reads, usually from a QR code.
    public func authenticatorURL(account: String, issuer: String = "Himaya") -> String {
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? account
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuer)&algorithm=SHA1&digits=6&period=30"
    }
}
