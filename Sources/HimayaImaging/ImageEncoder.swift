public import HimayaDetection
internal import CImageCodecs

/// Encodes pixels as JPEG, PNG or WebP: for test images, fuzzing seeds and tools, not for
/// anything a user uploads (those are never re-encoded).
public enum ImageEncoder {
    public static func encode(_ pixels: PixelBuffer, as format: ImageFormat, quality: Int = 90) -> [UInt8]? {
        var size = 0
        let channels = Int32(pixels.layout.rawValue)
        let width = Int32(pixels.width), height = Int32(pixels.height)
        var rgb = pixels.bytes
        if format == .webp, pixels.layout == .grey { rgb = pixels.bytes.flatMap { [$0, $0, $0] } }
        let encoded: UnsafeMutablePointer<UInt8>? = rgb.withUnsafeBufferPointer { buffer in
            switch format {
            case .jpeg: himaya_encode_jpeg(buffer.baseAddress, width, height, channels, Int32(quality), &size)
            case .png: himaya_encode_png(buffer.baseAddress, width, height, channels, &size)
            case .webp: himaya_encode_webp(buffer.baseAddress, width, height, Int32(quality), &size)
            case .ppm: nil
            }
        }
        if format == .ppm { return PortablePixmap.encode(pixels) }
        guard let encoded else { return nil }
        defer { himaya_bytes_free(encoded) }
        return Array(UnsafeBufferPointer(start: encoded, count: size))
    }

    /// A JPEG with an EXIF APP1 segment carrying `orientation` (1...8) inserted after SOI.
    public static func withExifOrientation(_ jpeg: [UInt8], _ orientation: Int) -> [UInt8] {
        // Big-endian TIFF: header, IFD0 with one entry (0x0112, SHORT, count 1, value), next IFD 0.
        let tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, UInt8(orientation), 0, 0, 0, 0, 0, 0]
        let body = Array("Exif".utf8) + [0, 0] + tiff
        let length = body.count + 2
        return [0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + body + jpeg.dropFirst(2)
    }
}
