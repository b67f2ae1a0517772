/// One hash a list can hold: a PDQ perceptual hash, or an exact hash of the file's bytes.
public struct HashSignal: Hashable, Sendable {
    /// What kind of hash the value is.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case pdq, md5, sha256

        /// Hex digits in a value of this kind.
        public var hexLength: Int {
            switch self {
            case .pdq, .sha256: 64
            case .md5: 32
            }
        }

        /// The kind named in exchange files (ThreatExchange and its tools say `pdq`, `photo_md5`,
        /// `video_md5`, `md5`, `sha256`).
        public init?(exchangeName: String) {
            switch exchangeName.lowercased() {
            case "pdq": self = .pdq
            case "md5", "photo_md5", "video_md5": self = .md5
            case "sha256", "sha-256": self = .sha256
            default: return nil
            }
        }
    }

    public let kind: Kind
    /// Lower-case hex.
    public let value: String

    /// Validates and normalises the value; nil unless it is hex of the kind's length.
    public init?(kind: Kind, value: some StringProtocol) {
        let trimmed = value.trimmingWhitespace()
        guard trimmed.utf8.count == kind.hexLength, trimmed.utf8.allSatisfy({ $0.isHexDigit }) else { return nil }
        self.kind = kind
        self.value = trimmed.lowercased()
    }

    /// The PDQ hash, for PDQ values.
    public var pdq: PDQHash? { kind == .pdq ? PDQHash(hex: value) : nil }
}

extension UInt8 {
    var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
