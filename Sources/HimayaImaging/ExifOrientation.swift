/// Finds the EXIF orientation tag (0x0112) of an image: in a JPEG's APP1 segment, a PNG's
/// eXIf chunk or a WebP's EXIF chunk. 1 (upright) when there is none or it cannot be read.
enum ExifOrientation {
    static func read(_ bytes: [UInt8], format: ImageFormat) -> Int {
        let tiff: ArraySlice<UInt8>?
        switch format {
        case .jpeg: tiff = jpegExif(bytes)
        case .png: tiff = pngExif(bytes)
        case .webp: tiff = webpExif(bytes)
        case .ppm: tiff = nil
        }
        guard let tiff, let value = orientation(inTIFF: tiff), (1...8).contains(value) else { return 1 }
        return value
    }

    private static func jpegExif(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        var index = 2
        while index + 4 <= bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            if marker == 0xDA || marker == 0xD9 { return nil }  // image data begins: no more metadata
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2, index + 2 + length <= bytes.count else { return nil }
            let body = bytes[(index + 4)..<(index + 2 + length)]
            if marker == 0xE1, body.starts(with: Array("Exif".utf8) + [0, 0]) {
                return body.dropFirst(6)
            }
            index += 2 + length
        }
        return nil
    }

    private static func pngExif(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        var index = 8
        while index + 8 <= bytes.count {
            let length = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            let type = Array(bytes[(index + 4)..<(index + 8)])
            guard length >= 0, index + 12 + length <= bytes.count else { return nil }
            if type == Array("eXIf".utf8) { return bytes[(index + 8)..<(index + 8 + length)] }
            if type == Array("IDAT".utf8) || type == Array("IEND".utf8) { return nil }
            index += 12 + length
        }
        return nil
    }

    private static func webpExif(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        var index = 12
        while index + 8 <= bytes.count {
            let type = Array(bytes[index..<(index + 4)])
            let length = Int(bytes[index + 4]) | Int(bytes[index + 5]) << 8 | Int(bytes[index + 6]) << 16 | Int(bytes[index + 7]) << 24
            guard index + 8 + length <= bytes.count else { return nil }
            if type == Array("EXIF".utf8) {
                let body = bytes[(index + 8)..<(index + 8 + length)]
                // Some writers keep JPEG's "Exif\0\0" prefix here too.
                return body.starts(with: Array("Exif".utf8) + [0, 0]) ? body.dropFirst(6) : body
            }
            index += 8 + length + (length & 1)
        }
        return nil
    }

    /// The orientation entry of IFD0 of a TIFF structure, in either byte order.
    static func orientation(inTIFF tiff: ArraySlice<UInt8>) -> Int? {
        let t = Array(tiff)
        guard t.count >= 8 else { return nil }
        let little: Bool
        switch (t[0], t[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= t.count else { return nil }
            return little ? Int(t[at]) | Int(t[at + 1]) << 8 : Int(t[at]) << 8 | Int(t[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let a = u16(at), let b = u16(at + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard let ifd = u32(4), let entries = u16(ifd), entries < 1000 else { return nil }
        for entry in 0..<entries {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112 { return u16(at + 8) }
        }
        return nil
    }
}
