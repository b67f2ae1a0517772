/// Removes what a photo says about where and with what it was taken (EXIF with GPS and device,
/// XMP, IPTC, comments, text chunks) without decoding or re-encoding the picture, so the pixels
/// responders see are exactly the ones received. The sealed original keeps everything.
public enum MetadataStripper {
    /// Why a file could not be cleaned: it is not the format it claims, or it is cut short.
    public struct Malformed: Error, Equatable {
        public let reason: String
    }

    /// The file without its metadata; PDFs are returned as they are.
    public static func strip(_ bytes: [UInt8], as type: EvidenceMediaType) throws -> [UInt8] {
        switch type {
        case .jpeg: try stripJPEG(bytes)
        case .png: try stripPNG(bytes)
        case .webp: try stripWebP(bytes)
        case .pdf: bytes
        }
    }

    /// JPEG: keeps the frame, tables, JFIF (APP0), ICC profile (APP2) and Adobe (APP14) segments, which
    /// the picture needs to look right; drops every other APPn segment and comments.
    static func stripJPEG(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.starts(with: [0xFF, 0xD8]) else { throw Malformed(reason: "no JPEG start marker") }
        var output: [UInt8] = [0xFF, 0xD8]
        var index = 2
        while index < bytes.count {
            guard bytes[index] == 0xFF, index + 1 < bytes.count else { throw Malformed(reason: "expected a JPEG marker") }
            let marker = bytes[index + 1]
            if marker == 0xFF { index += 1; continue }  // fill byte
            if marker == 0xD9 { output += [0xFF, 0xD9]; return output }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { output += [0xFF, marker]; index += 2; continue }
            guard index + 3 < bytes.count else { throw Malformed(reason: "JPEG segment cut short") }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2, index + 2 + length <= bytes.count else { throw Malformed(reason: "JPEG segment length out of range") }
            let segment = bytes[index..<(index + 2 + length)]
            if marker == 0xDA {
                // Start of scan: the entropy-coded picture follows; copy the rest as it is.
                output += bytes[index...]
                return output
            }
            let isICC = marker == 0xE2 && segment.dropFirst(4).starts(with: Array("ICC_PROFILE".utf8))
            let keep = !(0xE1...0xEF).contains(marker) && marker != 0xFE || isICC || marker == 0xEE
            if keep { output += segment }
            index += 2 + length
        }
        throw Malformed(reason: "JPEG has no picture data")
    }

    /// PNG: drops text, time and EXIF chunks; keeps everything the picture needs.
    static func stripPNG(_ bytes: [UInt8]) throws -> [UInt8] {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.starts(with: signature) else { throw Malformed(reason: "no PNG signature") }
        let dropped: Set<String> = ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]
        var output = signature
        var index = 8
        while index + 8 <= bytes.count {
            let length = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            let type = String(decoding: bytes[(index + 4)..<(index + 8)], as: UTF8.self)
            let end = index + 12 + length
            guard length >= 0, end <= bytes.count else { throw Malformed(reason: "PNG chunk cut short") }
            if !dropped.contains(type) { output += bytes[index..<end] }
            index = end
            if type == "IEND" { return output }
        }
        throw Malformed(reason: "PNG has no end chunk")
    }

    /// WebP: drops the EXIF and XMP chunks, clears their flags and fixes the container size.
    static func stripWebP(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) else {
            throw Malformed(reason: "no WebP header")
        }
        var body: [UInt8] = Array("WEBP".utf8)
        var index = 12
        while index + 8 <= bytes.count {
            let type = String(decoding: bytes[index..<(index + 4)], as: UTF8.self)
            let size = Int(bytes[index + 4]) | Int(bytes[index + 5]) << 8 | Int(bytes[index + 6]) << 16 | Int(bytes[index + 7]) << 24
            let end = index + 8 + size + (size % 2)  // chunks are padded to an even size
            guard end <= bytes.count || (end == bytes.count + 1 && size % 2 == 1) else {
                throw Malformed(reason: "WebP chunk cut short")
            }
            var chunk = Array(bytes[index..<min(end, bytes.count)])
            if type == "VP8X", chunk.count > 8 {
                chunk[8] &= ~UInt8(0x08 | 0x04)  // the EXIF and XMP flags
            }
            if type != "EXIF" && type != "XMP " { body += chunk }
            index = end
        }
        let size = UInt32(body.count)
        return Array("RIFF".utf8) + [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24)] + body
    }
}
