#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Computes PDQ hashes (Meta's perceptual hash) on decoded pixels, bit for bit as the reference
/// C++ implementation does: luminance, two Jarosz box-filter passes, 64x64 decimation, a 16x16
/// DCT, a median threshold and a gradient-based quality score.
///
/// A hasher keeps its scratch buffers between images; use one per thread.
public final class PDQHasher {
    /// Images under this many pixels a side get the zero hash and quality 0, as in the reference.
    public static let minimumDimension = 5

    private var luma: [Float] = []
    private var scratch: [Float] = []

    public init() {}

    /// The hash and quality of an image.
    public func hash(_ pixels: PixelBuffer) -> PDQResult {
        guard let dct = coefficients(pixels, directWhen64: true) else { return PDQResult(hash: .zero, quality: 0) }
        return PDQResult(hash: Self.threshold(dct.values), quality: dct.quality)
    }

    /// The hashes of the image in all eight orientations, from one DCT.
    public func dihedralHashes(_ pixels: PixelBuffer) -> PDQDihedralResult {
        // The reference's dihedral path always blurs, even a 64x64 image.
        guard let dct = coefficients(pixels, directWhen64: false) else {
            return PDQDihedralResult(hashes: Array(repeating: .zero, count: 8), quality: 0)
        }
        let hashes = Dihedral.allCases.map { Self.threshold($0.transform(dct.values)) }
        return PDQDihedralResult(hashes: hashes, quality: dct.quality)
    }

    /// The hash of a luminance image already in floats (row-major, `rows` x `cols`).
    public func hash(luma values: [Float], rows: Int, cols: Int) -> PDQResult {
        precondition(values.count == rows * cols, "luminance count does not match the size")
        guard rows >= Self.minimumDimension, cols >= Self.minimumDimension else { return PDQResult(hash: .zero, quality: 0) }
        luma = values
        let dct = coefficientsFromLuma(rows: rows, cols: cols, directWhen64: true)
        return PDQResult(hash: Self.threshold(dct.values), quality: dct.quality)
    }

    private func coefficients(_ pixels: PixelBuffer, directWhen64: Bool) -> (values: [Float], quality: Int)? {
        let rows = pixels.height, cols = pixels.width
        guard rows >= Self.minimumDimension, cols >= Self.minimumDimension else { return nil }
        Self.fillLuma(pixels, into: &luma)
        return coefficientsFromLuma(rows: rows, cols: cols, directWhen64: directWhen64)
    }

    private func coefficientsFromLuma(rows: Int, cols: Int, directWhen64: Bool) -> (values: [Float], quality: Int) {
        var block = [Float](repeating: 0, count: 64 * 64)
        if directWhen64 && rows == 64 && cols == 64 {
            // The reference takes a 64x64 image as already downsampled.
            block = Array(luma[0..<4096])
        } else {
            downsample(rows: rows, cols: cols, into: &block)
        }
        let quality = Self.quality(block)
        return (DCT16.transform(block), quality)
    }

    /// Blur and decimate to 64x64. Of the last two passes only the 64x64 samples are read,
    /// so they compute running sums everywhere but divide only where a sample falls.
    private func downsample(rows: Int, cols: Int, into block: inout [Float]) {
        let windowAlongRows = BoxFilter.windowSize(cols)
        let windowAlongCols = BoxFilter.windowSize(rows)
        let sampleRows = (0..<64).map { Int((Double($0) + 0.5) * Double(rows) / 64) }
        let sampleCols = (0..<64).map { Int((Double($0) + 0.5) * Double(cols) / 64) }
        if scratch.count < rows * cols { scratch = [Float](repeating: 0, count: rows * cols) }
        var narrow = [Float](repeating: 0, count: rows * 64)
        luma.withUnsafeMutableBufferPointer { luma in
            scratch.withUnsafeMutableBufferPointer { scratch in
                let l = luma.baseAddress!, s = scratch.baseAddress!
                BoxFilter.alongRows(l, s, rows: rows, cols: cols, window: windowAlongRows)
                BoxFilter.alongColumns(s, l, rows: rows, cols: cols, window: windowAlongCols)
                narrow.withUnsafeMutableBufferPointer { narrow in
                    BoxFilter.alongRows(l, rows: rows, cols: cols, window: windowAlongRows, keep: sampleCols, into: narrow.baseAddress!)
                    block.withUnsafeMutableBufferPointer { block in
                        BoxFilter.alongColumns(narrow.baseAddress!, rows: rows, cols: 64, window: windowAlongCols, keep: sampleRows, into: block.baseAddress!)
                    }
                }
            }
        }
    }

    // The reference's coefficients are floats rounded from these decimals.
    private static let lumaRed = Float(0.299 as Double)
    private static let lumaGreen = Float(0.587 as Double)
    private static let lumaBlue = Float(0.114 as Double)

    private static func fillLuma(_ pixels: PixelBuffer, into luma: inout [Float]) {
        let count = pixels.pixelCount
        if luma.count < count { luma = [Float](repeating: 0, count: count) }
        pixels.bytes.withUnsafeBufferPointer { bytes in
            luma.withUnsafeMutableBufferPointer { luma in
                switch pixels.layout {
                case .grey:
                    for i in 0..<count { luma[i] = Float(bytes[i]) }
                case .rgb:
                    let red = lumaRed, green = lumaGreen, blue = lumaBlue
                    for i in 0..<count {
                        let sum = red * Float(bytes[3 * i]) + green * Float(bytes[3 * i + 1])
                        luma[i] = sum + blue * Float(bytes[3 * i + 2])
                    }
                }
            }
        }
    }

    /// The reference's heuristic: the sum of quantised gradients, scaled to at most 100.
    static func quality(_ block: [Float]) -> Int {
        var gradientSum = 0
        block.withUnsafeBufferPointer { b in
            for i in 0..<63 {
                for j in 0..<64 {
                    let d = Int32(((b[i * 64 + j] - b[(i + 1) * 64 + j]) * 100) / 255)
                    gradientSum += Int(abs(d))
                }
            }
            for i in 0..<64 {
                for j in 0..<63 {
                    let d = Int32(((b[i * 64 + j] - b[i * 64 + j + 1]) * 100) / 255)
                    gradientSum += Int(abs(d))
                }
            }
        }
        return min(gradientSum / 90, 100)
    }

    /// A bit for each coefficient above the median (the 128th smallest of 256).
    static func threshold(_ dct: [Float]) -> PDQHash {
        var sorted = dct
        sorted.sort()
        let median = sorted[127]
        var hash = PDQHash.zero
        for k in 0..<256 where dct[k] > median { hash.setBit(k) }
        return hash
    }
}

/// The part of the 64x64 DCT that PDQ keeps: frequencies 1...16 in each direction.
enum DCT16 {
    /// 16 x 64, row-major: the reference's float matrix.
    static let matrix: [Float] = {
        let scale = Float((2.0 / 64.0).squareRoot())
        var d = [Float](repeating: 0, count: 16 * 64)
        for i in 0..<16 {
            for j in 0..<64 {
                d[i * 64 + j] = Float(Double(scale) * cos((Double.pi / 2.0 / 64.0) * Double(i + 1) * Double(2 * j + 1)))
            }
        }
        return d
    }()

    /// 64 x 16: the matrix transposed, so the second product runs along memory.
    static let transposed: [Float] = {
        var t = [Float](repeating: 0, count: 64 * 16)
        for i in 0..<16 { for k in 0..<64 { t[k * 16 + i] = matrix[i * 64 + k] } }
        return t
    }()

    /// D A Dᵀ for a 64x64 block, each sum taken over k in increasing order like the reference.
    static func transform(_ block: [Float]) -> [Float] {
        var t = [Float](repeating: 0, count: 16 * 64)
        var out = [Float](repeating: 0, count: 256)
        block.withUnsafeBufferPointer { a in
            matrix.withUnsafeBufferPointer { d in
                t.withUnsafeMutableBufferPointer { t in
                    let ra = UnsafeRawPointer(a.baseAddress!)
                    for i in 0..<16 {
                        // Eight columns j share a vector; every lane adds over k in order.
                        for jBlock in 0..<8 {
                            var sum = SIMD8<Float>.zero
                            for k in 0..<64 {
                                sum += SIMD8(repeating: d[i * 64 + k]) * ra.loadUnaligned(fromByteOffset: (k * 64 + jBlock * 8) * 4, as: SIMD8<Float>.self)
                            }
                            for lane in 0..<8 { t[i * 64 + jBlock * 8 + lane] = sum[lane] }
                        }
                    }
                }
            }
        }
        t.withUnsafeBufferPointer { t in
            transposed.withUnsafeBufferPointer { dt in
                let rdt = UnsafeRawPointer(dt.baseAddress!)
                for i in 0..<16 {
                    var sum = SIMD16<Float>.zero
                    for k in 0..<64 {
                        sum += SIMD16(repeating: t[i * 64 + k]) * rdt.loadUnaligned(fromByteOffset: k * 16 * 4, as: SIMD16<Float>.self)
                    }
                    for j in 0..<16 { out[i * 16 + j] = sum[j] }
                }
            }
        }
        return out
    }
}
