import HimayaCore
import Testing

@Suite("Evidence files")
struct MetadataStripperTests {
    /// A tiny JPEG-shaped file: SOI, APP0, APP1 with an EXIF GPS tag, COM, DQT, SOS with data, EOI.
    static func jpeg(withGPS: Bool = true) -> [UInt8] {
        func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
            let length = payload.count + 2
            return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
        }
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        if withGPS { bytes += segment(0xE1, Array("Exif\0\0GPSLatitude 36.8;Model Phone X".utf8)) }
        bytes += segment(0xFE, Array("taken at home".utf8))
        bytes += segment(0xDB, [0] + Array(repeating: 1, count: 64))
        bytes += segment(0xDA, [1, 1, 0, 0, 63, 0]) + [0x12, 0x34, 0xFF, 0x00, 0x56]
        bytes += [0xFF, 0xD9]
        return bytes
    }

    static func png() -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let length = UInt32(data.count)
            return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
                + Array(type.utf8) + data + [0, 0, 0, 0]
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", Array(repeating: 1, count: 13))
            + chunk("tEXt", Array("Author\0Defender home".utf8)) + chunk("eXIf", Array("GPS".utf8))
            + chunk("IDAT", [1, 2, 3]) + chunk("IEND", [])
    }

    @Test("file types are recognised by their bytes, not their names", arguments: [
        ([0xFF, 0xD8, 0xFF, 0xE0], EvidenceMediaType?.some(.jpeg)),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], .png),
        (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), .webp),
        (Array("%PDF-1.7".utf8), .pdf),
        (Array("<html><script>".utf8), nil),
        (Array("MZ\u{90}\u{0}".utf8), nil),
    ])
    func sniffing(bytes: [UInt8], expected: EvidenceMediaType?) {
        #expect(EvidenceMediaType.sniff(bytes) == expected)
    }

    @Test("a JPEG loses its EXIF, GPS and comments but keeps its picture")
    func jpegStripped() throws {
        let original = Self.jpeg()
        let stripped = try MetadataStripper.strip(original, as: .jpeg)
        let text = String(decoding: stripped, as: UTF8.self)
        #expect(!text.contains("GPS") && !text.contains("Phone") && !text.contains("home"))
        #expect(text.contains("JFIF"))
        #expect(Array(stripped.suffix(9)) == Array(original.suffix(9)))
        #expect(try MetadataStripper.strip(stripped, as: .jpeg) == stripped)
    }

    @Test("a PNG loses its text and EXIF chunks but keeps its picture")
    func pngStripped() throws {
        let stripped = try MetadataStripper.strip(Self.png(), as: .png)
        let text = String(decoding: stripped, as: UTF8.self)
        #expect(!text.contains("Defender") && !text.contains("GPS"))
        #expect(text.contains("IHDR") && text.contains("IDAT") && text.contains("IEND"))
    }

    @Test("a file cut short is refused, not passed on")
    func truncated() {
        let jpeg = Self.jpeg()
        #expect(throws: MetadataStripper.Malformed.self) { try MetadataStripper.strip(Array(jpeg.prefix(30)), as: .jpeg) }
        #expect(throws: MetadataStripper.Malformed.self) { try MetadataStripper.strip(Array(Self.png().prefix(20)), as: .png) }
    }
}
