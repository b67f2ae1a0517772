// libFuzzer entry point over everything that reads untrusted bytes in image matching: the image
// decoders (JPEG, PNG, WebP, PPM, EXIF), PDQ hashing of whatever decodes, and the hash-list
// parsers. The first byte picks the target; the rest is the input.
import HimayaDetection
import HimayaImaging

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let input = Array(bytes.dropFirst())
    switch bytes[0] % 4 {
    case 0:
        // A small pixel limit keeps each run fast; the limit itself is part of what is tested.
        if let pixels = try? ImageDecoder(maximumPixels: 4_000_000, jpegScaledDecodingMinimumSide: bytes.count % 2 == 0 ? 64 : nil).decode(input) {
            let hasher = PDQHasher()
            _ = hasher.hash(pixels)
            _ = hasher.dihedralHashes(pixels)
        }
    case 1:
        _ = try? HashListFile.parse(String(decoding: input, as: UTF8.self), format: .text)
    case 2:
        _ = try? HashListFile.parse(String(decoding: input, as: UTF8.self), format: .csv)
    default:
        let text = String(decoding: input, as: UTF8.self)
        if let hash = PDQHash(hex: text) { precondition(PDQHash(hex: hash.hex) == hash) }
    }
    return 0
}
