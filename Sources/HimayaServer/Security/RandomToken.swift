import HimayaStore
import Crypto
import Foundation

/// Unguessable tokens for cookies and forms: 32 random bytes, base64url without padding.
public enum RandomToken {
    public static func make(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Hex SHA-256, for storing a token's fingerprint instead of the token.
    public static func fingerprint(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    /// Compares two secrets in time that does not depend on where they differ.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    /// An API key's text, `<kind>_` + an 8-character prefix shown to tell keys apart + `_` + a
    /// secret; returns the shown prefix and the whole text (handed over once, stored as a hash).
    public static func apiKey(kind: String) -> (prefix: String, text: String) {
        let prefix = String(make(bytes: 6).filter { $0.isLetter || $0.isNumber }.prefix(8))
        return ("\(kind)_\(prefix)", "\(kind)_\(prefix)_\(make())")
    }
}
