import Crypto
import Foundation

/// The key that wraps every record's own data key. It never touches the database.
public struct MasterKey: Sendable {
    /// A short public name for the key (first 8 hex digits of its SHA-256), stored beside each sealed
    /// value so the right key is used after a rotation.
    public let id: String
    let key: SymmetricKey

    /// Reads a key from its base64 text (32 random bytes); nil when it is not exactly that.
    public init?(base64: String) {
        guard let bytes = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)),
            bytes.count == 32
        else { return nil }
        self.init(bytes: bytes)
    }

    init(bytes: Data) {
        self.key = SymmetricKey(data: bytes)
        self.id = Hex.encode(SHA256.hash(data: bytes).prefix(4))
    }

    /// A new random key, as base64 text to keep in a secret store.
    public static func generateBase64() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }
}
