/// The kinds of file a reporter may attach, recognised by their first bytes, never by their name.
public enum EvidenceMediaType: String, Sendable, CaseIterable, Codable {
    case jpeg = "image/jpeg"
    case png = "image/png"
    case webp = "image/webp"
    case pdf = "application/pdf"

    /// The type the bytes really are, or nil for anything else.
    public static func sniff(_ bytes: [UInt8]) -> EvidenceMediaType? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return .webp }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        return nil
    }

    public var isImage: Bool { self != .pdf }

    /// A file name extension for downloads.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        case .pdf: "pdf"
        }
    }
}
