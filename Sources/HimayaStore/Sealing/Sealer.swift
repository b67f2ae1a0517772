import Crypto
public import Foundation

/// Seals sensitive fields at rest: each value gets its own random data key (AES-256-GCM), and that
/// key is wrapped by the master key. The sealed text names the master key, so old values still open
/// after a rotation while new ones use the new key.
///
/// Format: `hs1.<master key id>.<base64 wrapped data key>.<base64 sealed value>`.
/// `context` (such as `defenders.display_name`) is authenticated, so a sealed value copied into another
/// column does not open.
public struct Sealer: Sendable {
    private let current: MasterKey
    private let previous: [String: MasterKey]

    public init(current: MasterKey, previous: [MasterKey] = []) {
        self.current = current
        self.previous = Dictionary(previous.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The id of the key new values are sealed with.
    public var currentKeyID: String { current.id }

    public func seal(_ plaintext: Data, context: String) throws -> String {
        let dataKey = SymmetricKey(size: .bits256)
        let sealedValue = try AES.GCM.seal(plaintext, using: dataKey, authenticating: Data(context.utf8))
        let wrappedKey = try dataKey.withUnsafeBytes { bytes in
            try AES.GCM.seal(Data(bytes), using: current.key, authenticating: Data(current.id.utf8))
        }
        return ["hs1", current.id, wrappedKey.combined!.base64EncodedString(), sealedValue.combined!.base64EncodedString()]
            .joined(separator: ".")
    }

    public func seal(_ text: String, context: String) throws -> String {
        try seal(Data(text.utf8), context: context)
    }

    public func open(_ sealed: String, context: String) throws -> Data {
        let parts = sealed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "hs1",
            let wrapped = Data(base64Encoded: parts[2]), let value = Data(base64Encoded: parts[3])
        else { throw SealError.malformed }
        guard let masterKey = parts[1] == current.id ? current : previous[parts[1]] else {
            throw SealError.unknownKey(parts[1])
        }
        do {
            let dataKeyBytes = try AES.GCM.open(
                AES.GCM.SealedBox(combined: wrapped), using: masterKey.key, authenticating: Data(masterKey.id.utf8))
            return try AES.GCM.open(
                AES.GCM.SealedBox(combined: value), using: SymmetricKey(data: dataKeyBytes), authenticating: Data(context.utf8))
        } catch {
            throw SealError.tampered
        }
    }

    public func openText(_ sealed: String, context: String) throws -> String {
        guard let text = String(data: try open(sealed, context: context), encoding: .utf8) else { throw SealError.malformed }
        return text
    }

    /// Wraps the value's data key again under the current master key; the value itself is not touched.
    public func rewrap(_ sealed: String, context: String) throws -> String {
        try seal(open(sealed, context: context), context: context)
    }
}

/// Why a sealed value did not open.
public enum SealError: Error, Equatable, CustomStringConvertible {
    case malformed
    case unknownKey(String)
    case tampered

    public var description: String {
        switch self {
        case .malformed: "the sealed value is not in a known format"
        case .unknownKey(let id): "the sealed value needs master key \(id), which is not configured"
        case .tampered: "the sealed value failed authentication: wrong key, wrong field, or changed"
        }
    }
}
