/// The image formats Himaya decodes, recognised by their first bytes, never by a file name.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, webp
    /// Binary PPM (P6), the format of PDQ's test vectors.
    case ppm

    /// The format the bytes really are, or nil.
    public static func sniff(_ bytes: some Collection<UInt8>) -> ImageFormat? {
        let head = Array(bytes.prefix(12))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.count == 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return .webp }
        if head.count >= 3, head[0] == UInt8(ascii: "P"), head[1] == UInt8(ascii: "6"), isSpace(head[2]) { return .ppm }
        return nil
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
}
