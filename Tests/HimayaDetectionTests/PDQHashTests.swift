import Foundation
import HimayaDetection
import HimayaImaging
import Testing

@Suite("PDQ hashing")
struct PDQHashTests {
    struct Expected {
        let file: String, width: Int, height: Int, quality: Int, hash: String, dihedral: [String]
    }

    static func expectations() throws -> [Expected]? {
        guard let url = SharedData.file("pdq/expected-hashes.csv") else { return nil }
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        return lines.map { line in
            let f = line.split(separator: ",").map(String.init)
            return Expected(file: f[0], width: Int(f[1])!, height: Int(f[2])!, quality: Int(f[3])!, hash: f[4], dihedral: Array(f[5...12]))
        }
    }

    static func pixels(_ name: String) throws -> PixelBuffer {
        let url = SharedData.root.appendingPathComponent("pdq/ppm/\(name)")
        return try PortablePixmap.decode([UInt8](Data(contentsOf: url)))
    }

    @Test("every reference test image hashes to the reference hash and quality")
    func referenceVectors() throws {
        guard let expected = try Self.expectations() else { return }
        #expect(expected.count >= 19)
        let hasher = PDQHasher()
        for row in expected {
            let pixels = try Self.pixels(row.file)
            #expect(pixels.width == row.width && pixels.height == row.height, "\(row.file) size")
            let result = hasher.hash(pixels)
            #expect(result.quality == row.quality, "\(row.file) quality")
            // A flat image's bits are rounding noise in the reference too: its quality is what counts.
            if row.file != "synth-80x80-flat.ppm" {
                #expect(result.hash.hex == row.hash, "\(row.file) hash")
            }
        }
    }

    @Test("all eight turned and mirrored hashes agree with the reference")
    func referenceDihedralVectors() throws {
        guard let expected = try Self.expectations() else { return }
        let hasher = PDQHasher()
        for row in expected where row.file != "synth-80x80-flat.ppm" {
            let result = hasher.dihedralHashes(try Self.pixels(row.file))
            #expect(result.hashes.map(\.hex) == row.dihedral, "\(row.file) dihedral hashes")
            #expect(result.quality == row.quality, "\(row.file) quality")
        }
    }

    @Test("an image under five pixels a side gets the zero hash and quality zero")
    func tinyImage() {
        let result = PDQHasher().hash(PixelBuffer(width: 4, height: 40, layout: .grey, bytes: [UInt8](repeating: 9, count: 160)))
        #expect(result.hash == .zero)
        #expect(result.quality == 0)
    }

    @Test("the fast hasher agrees bit for bit with the plain algorithm on images of many shapes", arguments: [
        (5, 5), (7, 300), (63, 64), (64, 64), (65, 64), (100, 75), (129, 257), (333, 517), (640, 480), (1000, 17),
    ])
    func agreesWithNaive(size: (Int, Int)) {
        let (width, height) = size
        var generator = SplitMix(seed: UInt64(width * 1000 + height))
        let bytes = (0..<(width * height * 3)).map { index -> UInt8 in
            // Smooth shapes plus noise, so the hash has structure and the rounding is exercised.
            let x = (index / 3) % width, y = (index / 3) / width
            let base = (x * 7 + y * 3 + (x * y) / 11) % 256
            return UInt8(truncatingIfNeeded: base + Int(generator.next() % 32))
        }
        let pixels = PixelBuffer(width: width, height: height, layout: .rgb, bytes: bytes)
        var luma = [Float](repeating: 0, count: width * height)
        for i in 0..<(width * height) {
            let sum = Float(0.299 as Double) * Float(bytes[3 * i]) + Float(0.587 as Double) * Float(bytes[3 * i + 1])
            luma[i] = sum + Float(0.114 as Double) * Float(bytes[3 * i + 2])
        }
        let fast = PDQHasher().hash(pixels)
        let naive = NaivePDQ.hash(luma: luma, rows: height, cols: width)
        #expect(fast == naive)
    }

    @Test("the hex form reads back to the same hash, and the distance counts differing bits")
    func hexRoundTrip() throws {
        let text = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
        let hash = try #require(PDQHash(hex: text))
        #expect(hash.hex == text)
        #expect(PDQHash(hex: text.uppercased()) == hash)
        #expect(PDQHash(bytes: hash.bytes) == hash)
        var other = hash
        other.setBit(0); other.setBit(255)
        #expect(hash.distance(to: other) == (hash.bit(0) ? 0 : 1) + (hash.bit(255) ? 0 : 1))
        #expect(PDQHash(hex: String(text.dropLast())) == nil)
        #expect(PDQHash(hex: text.dropLast() + "g") == nil)
        // Bit 255 is the top bit of the first hex digit.
        #expect(try #require(PDQHash(hex: "8" + String(repeating: "0", count: 63))).bit(255))
        #expect(try #require(PDQHash(hex: String(repeating: "0", count: 63) + "1")).bit(0))
    }
}
