import Crypto
import Foundation
import SQLKit

/// A keyed hash of a sealed value, so two reports about the same account or the same post can be
/// matched without storing either in the clear. The key is random, made once per database, and kept
/// sealed in `himaya_keys`, so it survives master key rotation.
public struct BlindIndex: Sendable {
    private let key: SymmetricKey

    init(key: SymmetricKey) { self.key = key }

    /// The index of `value` after `normalise`; equal for values that differ only in case, a leading
    /// `@`, the scheme, `www.` or a trailing slash.
    public func index(_ value: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(Self.normalise(value).utf8), using: key)
        return Hex.encode(mac)
    }

    /// The key of an account as the author of posts: mention events, pile-ons and block lists
    /// all use it, so one account is one key across them.
    public func postAuthor(_ account: String) -> String { index("post-author:\(account)") }

    static func normalise(_ value: String) -> String {
        var text = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        for prefix in ["https://", "http://"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        if text.hasPrefix("www.") { text.removeFirst(4) }
        if text.hasPrefix("@") { text.removeFirst() }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// Loads the database's index key, making it on first use.
    static func load(source: any SQLConnectionSource, sealer: Sealer) async throws -> BlindIndex {
        let id = "blind_index"
        let context = "himaya_keys:\(id)"
        return try await source.transaction { db in
            if let row = try await db.raw("SELECT sealed FROM himaya_keys WHERE id = \(bind: id)").first() {
                let bytes = try sealer.open(try row.decode(column: "sealed", as: String.self), context: context)
                return BlindIndex(key: SymmetricKey(data: bytes))
            }
            let key = SymmetricKey(size: .bits256)
            let sealed = try key.withUnsafeBytes { try sealer.seal(Data($0), context: context) }
            try await db.raw("INSERT INTO himaya_keys (id, sealed) VALUES (\(bind: id), \(bind: sealed))").run()
            return BlindIndex(key: key)
        }
    }
}
