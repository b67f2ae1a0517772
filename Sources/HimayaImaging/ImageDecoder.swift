public import HimayaDetection
internal import CImageCodecs

/// Turns JPEG, PNG, WebP and binary PPM bytes into upright pixels, through the system's
/// libjpeg-turbo, libpng and libwebp.
public struct ImageDecoder: Sendable {
    /// The most pixels an image may have; checked on the header, before decoding, so a
    /// small file that claims a huge picture (a decompression bomb) costs nothing.
    public var maximumPixels: Int
    /// Decode JPEGs at 1/2, 1/4 or 1/8 size (libjpeg-turbo's DCT scaling) while the result
    /// keeps at least this many pixels a side; nil decodes at full size.
    public var jpegScaledDecodingMinimumSide: Int?

    public init(maximumPixels: Int = 50_000_000, jpegScaledDecodingMinimumSide: Int? = nil) {
        self.maximumPixels = maximumPixels
        self.jpegScaledDecodingMinimumSide = jpegScaledDecodingMinimumSide
    }

    /// Decodes the image, with its EXIF orientation applied.
    public func decode(_ bytes: [UInt8]) throws(ImageDecodingError) -> PixelBuffer {
        guard let format = ImageFormat.sniff(bytes) else { throw ImageDecodingError(.unknownFormat, "") }
        let pixels: PixelBuffer
        switch format {
        case .ppm: pixels = try PortablePixmap.decode(bytes, maximumPixels: maximumPixels)
        case .jpeg: pixels = try decodeJPEG(bytes)
        case .png: pixels = try decodeWith(bytes) { data, count, out in himaya_decode_png(data, count, UInt64(maximumPixels), out) }
        case .webp: pixels = try decodeWith(bytes) { data, count, out in himaya_decode_webp(data, count, UInt64(maximumPixels), out) }
        }
        let orientation = ExifOrientation.read(bytes, format: format)
        return pixels.oriented(exif: orientation)
    }

    private func decodeJPEG(_ bytes: [UInt8]) throws(ImageDecodingError) -> PixelBuffer {
        var denominator = 1
        if let minimumSide = jpegScaledDecodingMinimumSide, let size = JPEGHeader.size(bytes) {
            // The largest reduction that still leaves enough pixels for the blur to work on.
            for candidate in [8, 4, 2] where min(size.width, size.height) / candidate >= minimumSide {
                denominator = candidate
                break
            }
        }
        return try decodeWith(bytes) { data, count, out in
            himaya_decode_jpeg(data, count, Int32(denominator), UInt64(maximumPixels), out)
        }
    }

    private func decodeWith(
        _ bytes: [UInt8],
        _ call: (UnsafePointer<UInt8>, Int, UnsafeMutablePointer<himaya_decoded_image>) -> Void
    ) throws(ImageDecodingError) -> PixelBuffer {
        var image = himaya_decoded_image()
        bytes.withUnsafeBufferPointer { buffer in
            call(buffer.baseAddress!, buffer.count, &image)
        }
        defer { himaya_image_free(&image) }
        guard image.status == 0 else {
            let words = withUnsafeBytes(of: image.message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            let kind: ImageDecodingError.Kind =
                switch Int(image.status) {
                case Int(HIMAYA_IMAGE_TRUNCATED): .truncated
                case Int(HIMAYA_IMAGE_TOO_LARGE): .tooLarge
                case Int(HIMAYA_IMAGE_UNSUPPORTED): .unsupported
                case Int(HIMAYA_IMAGE_NO_MEMORY): .outOfMemory
                default: .corrupt
                }
            throw ImageDecodingError(kind, words)
        }
        let width = Int(image.width), height = Int(image.height), channels = Int(image.channels)
        let pixels = Array(UnsafeBufferPointer(start: image.pixels, count: width * height * channels))
        return PixelBuffer(width: width, height: height, layout: channels == 1 ? .grey : .rgb, bytes: pixels)
    }
}
