import HimayaDetection
import Foundation
import HimayaImaging
import Testing

@Suite("Image decoding")
struct ImageDecoderTests {
    /// A picture with a clear top-left corner, so turning it shows.
    static func picture(width: Int = 96, height: Int = 64) -> PixelBuffer {
        var bytes = [UInt8]()
        for y in 0..<height {
            for x in 0..<width {
                let corner = x < width / 4 && y < height / 4
                bytes += corner ? [250, 20, 20] : [UInt8(x * 255 / width), UInt8(y * 255 / height), 128]
            }
        }
        return PixelBuffer(width: width, height: height, layout: .rgb, bytes: bytes)
    }

    @Test("PNG, WebP and PPM decode to their pixels, JPEG to nearly its pixels", arguments: [ImageFormat.png, .webp, .jpeg, .ppm])
    func roundTrip(format: ImageFormat) throws {
        let original = Self.picture()
        let bytes = try #require(ImageEncoder.encode(original, as: format, quality: 95))
        let decoded = try ImageDecoder().decode(bytes)
        #expect(decoded.width == 96 && decoded.height == 64)
        let error = zip(decoded.bytes, original.bytes).map { abs(Int($0) - Int($1)) }.reduce(0, +) / original.bytes.count
        #expect(error <= (format == .png || format == .ppm ? 0 : 3))
    }

    @Test("a grey JPEG decodes to one channel")
    func greyJPEG() throws {
        let grey = PixelBuffer(width: 40, height: 30, layout: .grey, bytes: (0..<1200).map { UInt8($0 % 251) })
        let decoded = try ImageDecoder().decode(try #require(ImageEncoder.encode(grey, as: .jpeg)))
        #expect(decoded.layout == .grey)
    }

    @Test("the EXIF orientation is applied: a picture stored on its side comes out upright", arguments: [6, 8, 3])
    func exifOrientation(orientation: Int) throws {
        let jpeg = try #require(ImageEncoder.encode(Self.picture(), as: .jpeg, quality: 95))
        let decoded = try ImageDecoder().decode(ImageEncoder.withExifOrientation(jpeg, orientation))
        let turned = orientation == 3 ? (96, 64) : (64, 96)
        #expect(decoded.width == turned.0 && decoded.height == turned.1)
        // The red corner moves: 6 turns clockwise (top-left goes top-right), 8 anticlockwise, 3 half.
        let (x, y) = switch orientation {
        case 6: (decoded.width - 4, 4)
        case 8: (4, decoded.height - 4)
        default: (decoded.width - 4, decoded.height - 4)
        }
        let red = decoded.bytes[(y * decoded.width + x) * 3]
        #expect(red > 200)
    }

    @Test("a truncated file is a clear error, in every format", arguments: [ImageFormat.png, .webp, .jpeg, .ppm])
    func truncated(format: ImageFormat) throws {
        let bytes = try #require(ImageEncoder.encode(Self.picture(), as: format))
        #expect {
            try ImageDecoder().decode(Array(bytes.prefix(bytes.count * 2 / 3)))
        } throws: { error in
            guard let error = error as? ImageDecodingError else { return false }
            return error.kind == .truncated || error.kind == .corrupt
        }
    }

    @Test("a JPEG cut short is reported as truncated, not hashed grey")
    func truncatedJPEG() throws {
        let bytes = try #require(ImageEncoder.encode(Self.picture(width: 400, height: 300), as: .jpeg))
        #expect(throws: ImageDecodingError.self) { try ImageDecoder().decode(Array(bytes.prefix(bytes.count / 2))) }
    }

    @Test("bytes that are no image, or a name that lies, are refused by what they are")
    func unknownFormat() throws {
        #expect(throws: ImageDecodingError(.unknownFormat, "")) { try ImageDecoder().decode(Array("%PDF-1.7 not an image".utf8)) }
        #expect(throws: ImageDecodingError(.unknownFormat, "")) { try ImageDecoder().decode([]) }
    }

    @Test("a corrupt body after a valid signature is an error, never a crash", arguments: [ImageFormat.png, .webp, .jpeg])
    func corrupt(format: ImageFormat) throws {
        var bytes = try #require(ImageEncoder.encode(Self.picture(), as: format))
        for i in stride(from: 16, to: bytes.count, by: 7) { bytes[i] ^= 0x5A }
        do {
            _ = try ImageDecoder().decode(bytes)
        } catch {
            #expect(!error.description.isEmpty)
        }
    }

    @Test("an image with more pixels than allowed is refused from its header", arguments: [ImageFormat.png, .webp, .jpeg, .ppm])
    func pixelLimit(format: ImageFormat) throws {
        let bytes = try #require(ImageEncoder.encode(Self.picture(), as: format))
        #expect(throws: ImageDecodingError.self) { try ImageDecoder(maximumPixels: 96 * 64 - 1).decode(bytes) }
        #expect(throws: Never.self) { try ImageDecoder(maximumPixels: 96 * 64).decode(bytes) }
    }

    @Test("a PPM header claiming a huge picture is refused before anything is allocated")
    func ppmBomb() {
        #expect(throws: ImageDecodingError.self) { try ImageDecoder().decode(Array("P6\n999999 999999\n255\n".utf8) + [1, 2, 3]) }
    }

    @Test("scaled JPEG decoding keeps the hash close to the full-size one")
    func scaledDecoding() throws {
        // A photo-like picture: soft blobs of light and dark at several sizes.
        var bytes = [UInt8]()
        for y in 0..<1200 {
            for x in 0..<1600 {
                let u = Double(x) / 1600, v = Double(y) / 1200
                let value = 128 + 50 * sin(u * 9 + v * 4) * cos(v * 7 - u * 2) + 70 * sin(u * 61) * sin(v * 47 + u * 5)
                bytes += [UInt8(max(0, min(255, value))), UInt8(max(0, min(255, 255 - value))), 100]
            }
        }
        let big = PixelBuffer(width: 1600, height: 1200, layout: .rgb, bytes: bytes)
        let jpeg = try #require(ImageEncoder.encode(big, as: .jpeg, quality: 90))
        let full = try ImageDecoder().decode(jpeg)
        let scaled = try ImageDecoder(jpegScaledDecodingMinimumSide: 512).decode(jpeg)
        #expect(scaled.width == 800 && scaled.height == 600)
        let hasher = PDQHasher()
        let fullHash = hasher.hash(full)
        #expect(fullHash.quality >= 80)
        #expect(fullHash.hash.distance(to: hasher.hash(scaled).hash) <= 10)
    }
}
