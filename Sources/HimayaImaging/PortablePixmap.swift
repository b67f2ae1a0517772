public import HimayaDetection

/// Binary PPM (P6): a text header `P6 width height maxval` then RGB bytes. Comments (`#` to the
/// end of a line) may sit between header fields.
public enum PortablePixmap {
    public static func decode(_ bytes: [UInt8], maximumPixels: Int = .max) throws(ImageDecodingError) -> PixelBuffer {
        var index = 2
        func field() throws(ImageDecodingError) -> Int {
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "#") {
                    while index < bytes.count && bytes[index] != 0x0A { index += 1 }
                } else if ImageFormat.isSpace(bytes[index]) {
                    index += 1
                } else {
                    break
                }
            }
            var value = 0
            var digits = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
                guard digits <= 9 else { throw ImageDecodingError(.corrupt, "a PPM header number is too long") }
            }
            guard digits > 0 else {
                throw index >= bytes.count ? ImageDecodingError(.truncated, "the PPM header is incomplete") : ImageDecodingError(.corrupt, "the PPM header is not valid")
            }
            return value
        }
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "6") else {
            throw ImageDecodingError(.corrupt, "not a binary PPM (P6)")
        }
        let width = try field(), height = try field(), maxValue = try field()
        guard index < bytes.count, ImageFormat.isSpace(bytes[index]) else { throw ImageDecodingError(.truncated, "the PPM header is incomplete") }
        index += 1
        guard width > 0, height > 0 else { throw ImageDecodingError(.corrupt, "the PPM has no pixels") }
        guard maxValue == 255 else { throw ImageDecodingError(.unsupported, "only 8-bit PPM (maxval 255) is read") }
        guard width.multipliedReportingOverflow(by: height).partialValue <= maximumPixels, width <= 1 << 20, height <= 1 << 20 else {
            throw ImageDecodingError(.tooLarge, "the image has more pixels than allowed")
        }
        let count = width * height * 3
        guard bytes.count - index >= count else { throw ImageDecodingError(.truncated, "the PPM pixel data is shorter than its header says") }
        return PixelBuffer(width: width, height: height, layout: .rgb, bytes: Array(bytes[index..<(index + count)]))
    }

    /// The P6 encoding of RGB pixels, for tests and tools.
    public static func encode(_ pixels: PixelBuffer) -> [UInt8] {
        var out = Array("P6\n\(pixels.width) \(pixels.height)\n255\n".utf8)
        switch pixels.layout {
        case .rgb: out += pixels.bytes
        case .grey: for value in pixels.bytes { out += [value, value, value] }
        }
        return out
    }
}
