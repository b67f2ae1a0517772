@testable import HimayaDetection

/// The PDQ steps written the plain way, one running sum at a time over the whole image: the
/// yardstick the fast hasher must agree with bit for bit.
enum NaivePDQ {
    static func box(_ input: [Float], _ output: inout [Float], start: Int, length: Int, stride: Int, window: Int) {
        let half = (window + 2) / 2
        var sum: Float = 0
        var count = 0
        var ri = start, li = start, oi = start
        for _ in 0..<(half - 1) { sum += input[ri]; count += 1; ri += stride }
        for _ in 0..<(window - half + 1) { sum += input[ri]; count += 1; output[oi] = sum / Float(count); ri += stride; oi += stride }
        for _ in 0..<max(0, length - window) {
            sum += input[ri]; sum -= input[li]
            output[oi] = sum / Float(count)
            li += stride; ri += stride; oi += stride
        }
        for _ in 0..<(half - 1) { sum -= input[li]; count -= 1; output[oi] = sum / Float(count); li += stride; oi += stride }
    }

    static func hash(luma: [Float], rows: Int, cols: Int) -> PDQResult {
        guard rows >= 5, cols >= 5 else { return PDQResult(hash: .zero, quality: 0) }
        var block = [Float](repeating: 0, count: 4096)
        if rows == 64 && cols == 64 {
            block = luma
        } else {
            var a = luma
            var b = [Float](repeating: 0, count: luma.count)
            let wr = (cols + 127) / 128, wc = (rows + 127) / 128
            for _ in 0..<2 {
                for r in 0..<rows { box(a, &b, start: r * cols, length: cols, stride: 1, window: wr) }
                for c in 0..<cols { box(b, &a, start: c, length: rows, stride: cols, window: wc) }
            }
            for i in 0..<64 {
                let ini = Int((Double(i) + 0.5) * Double(rows) / 64)
                for j in 0..<64 {
                    let inj = Int((Double(j) + 0.5) * Double(cols) / 64)
                    block[i * 64 + j] = a[ini * cols + inj]
                }
            }
        }
        let d = DCT16.matrix
        var t = [Float](repeating: 0, count: 16 * 64)
        for i in 0..<16 { for j in 0..<64 { var s: Float = 0; for k in 0..<64 { s += d[i * 64 + k] * block[k * 64 + j] }; t[i * 64 + j] = s } }
        var out = [Float](repeating: 0, count: 256)
        for i in 0..<16 { for j in 0..<16 { var s: Float = 0; for k in 0..<64 { s += t[i * 64 + k] * d[j * 64 + k] }; out[i * 16 + j] = s } }
        return PDQResult(hash: PDQHasher.threshold(out), quality: PDQHasher.quality(block))
    }
}
