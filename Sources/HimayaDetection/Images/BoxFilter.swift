/// The running-sum box filter of PDQ's Jarosz blur, computed so that every sum adds and
/// subtracts in exactly the reference's order (hashes must agree bit for bit), but with
/// eight independent sums in flight at once instead of one.
///
/// A window of `w` covers `half - 1` samples before the output and `w - half` after it,
/// with `half = (w + 2) / 2`; near the ends the window shrinks and the divisor with it.
enum BoxFilter {
    typealias Lanes = SIMD8<Float>

    /// The reference's window for shrinking `dimension` samples to `target`.
    static func windowSize(_ dimension: Int, target: Int = 64) -> Int {
        (dimension + 2 * target - 1) / (2 * target)
    }

    /// Filters every column of a `rows` x `cols` row-major image; every output is written.
    /// Columns are contiguous in memory, so eight neighbouring columns share a vector.
    static func alongColumns(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, rows: Int, cols: Int, window: Int) {
        let half = (window + 2) / 2
        let vectorCols = cols & ~7
        let sums = UnsafeMutablePointer<Float>.allocate(capacity: cols)
        defer { sums.deallocate() }
        sums.initialize(repeating: 0, count: cols)
        let rawSums = UnsafeMutableRawPointer(sums)

        @inline(__always) func add(_ row: Int) {
            let source = UnsafeRawPointer(input + row * cols)
            var c = 0
            while c < vectorCols {
                let offset = c * 4
                let sum = rawSums.loadUnaligned(fromByteOffset: offset, as: Lanes.self) + source.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                rawSums.storeBytes(of: sum, toByteOffset: offset, as: Lanes.self)
                c += 8
            }
            while c < cols { sums[c] += input[row * cols + c]; c += 1 }
        }
        @inline(__always) func addSubtract(_ added: Int, _ removed: Int) {
            let plus = UnsafeRawPointer(input + added * cols)
            let minus = UnsafeRawPointer(input + removed * cols)
            var c = 0
            while c < vectorCols {
                let offset = c * 4
                var sum = rawSums.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                sum += plus.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                sum -= minus.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                rawSums.storeBytes(of: sum, toByteOffset: offset, as: Lanes.self)
                c += 8
            }
            while c < cols {
                sums[c] += input[added * cols + c]
                sums[c] -= input[removed * cols + c]
                c += 1
            }
        }
        @inline(__always) func subtract(_ row: Int) {
            let source = UnsafeRawPointer(input + row * cols)
            var c = 0
            while c < vectorCols {
                let offset = c * 4
                let sum = rawSums.loadUnaligned(fromByteOffset: offset, as: Lanes.self) - source.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                rawSums.storeBytes(of: sum, toByteOffset: offset, as: Lanes.self)
                c += 8
            }
            while c < cols { sums[c] -= input[row * cols + c]; c += 1 }
        }
        @inline(__always) func write(_ row: Int, _ count: Int) {
            let target = UnsafeMutableRawPointer(output + row * cols)
            let divisor = Lanes(repeating: Float(count))
            var c = 0
            while c < vectorCols {
                let offset = c * 4
                target.storeBytes(of: rawSums.loadUnaligned(fromByteOffset: offset, as: Lanes.self) / divisor, toByteOffset: offset, as: Lanes.self)
                c += 8
            }
            let scalarDivisor = Float(count)
            while c < cols { output[row * cols + c] = sums[c] / scalarDivisor; c += 1 }
        }

        var ri = 0, li = 0, oi = 0, count = 0
        for _ in 0..<(half - 1) { add(ri); ri += 1; count += 1 }
        for _ in 0..<(window - half + 1) { add(ri); ri += 1; count += 1; write(oi, count); oi += 1 }
        for _ in 0..<max(0, rows - window) { addSubtract(ri, li); ri += 1; li += 1; write(oi, count); oi += 1 }
        for _ in 0..<(half - 1) { subtract(li); li += 1; count -= 1; write(oi, count); oi += 1 }
    }

    /// Filters each of `cols` columns of a narrow row-major image and keeps only the rows in `keep`
    /// (ascending), written to `output` as `keep.count` x `cols`.
    static func alongColumns(_ input: UnsafePointer<Float>, rows: Int, cols: Int, window: Int, keep: [Int], into output: UnsafeMutablePointer<Float>) {
        let half = (window + 2) / 2
        var sums = [Float](repeating: 0, count: cols)
        var next = 0
        var ri = 0, li = 0, oi = 0, count = 0
        sums.withUnsafeMutableBufferPointer { sums in
            @inline(__always) func emit() {
                while next < keep.count && keep[next] == oi {
                    let divisor = Float(count)
                    for c in 0..<cols { output[next * cols + c] = sums[c] / divisor }
                    next += 1
                }
                oi += 1
            }
            for _ in 0..<(half - 1) { for c in 0..<cols { sums[c] += input[ri * cols + c] }; ri += 1; count += 1 }
            for _ in 0..<(window - half + 1) { for c in 0..<cols { sums[c] += input[ri * cols + c] }; ri += 1; count += 1; emit() }
            for _ in 0..<max(0, rows - window) {
                for c in 0..<cols {
                    sums[c] += input[ri * cols + c]
                    sums[c] -= input[li * cols + c]
                }
                ri += 1; li += 1; emit()
            }
            for _ in 0..<(half - 1) { for c in 0..<cols { sums[c] -= input[li * cols + c] }; li += 1; count -= 1; emit() }
        }
    }

    /// Filters every row; every output is written. Each row's sum runs along memory, so eight
    /// rows go side by side, one to a lane.
    static func alongRows(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, rows: Int, cols: Int, window: Int) {
        var r = 0
        while r + 8 <= rows {
            rowBlock(input + r * cols, cols: cols, window: window) { oi, sum, count in
                let value = sum / Lanes(repeating: Float(count))
                let base = output + r * cols + oi
                for lane in 0..<8 { base[lane * cols] = value[lane] }
            }
            r += 8
        }
        while r < rows {
            singleRow(input + r * cols, cols: cols, window: window) { oi, sum, count in output[r * cols + oi] = sum / Float(count) }
            r += 1
        }
    }

    /// Filters every row and keeps only the columns in `keep` (ascending), written to `output`
    /// as `rows` x `keep.count`: the last row pass of PDQ, whose other outputs nobody reads.
    static func alongRows(_ input: UnsafePointer<Float>, rows: Int, cols: Int, window: Int, keep: [Int], into output: UnsafeMutablePointer<Float>) {
        let width = keep.count
        var wanted = [Bool](repeating: false, count: cols)
        for k in keep { wanted[k] = true }
        var r = 0
        wanted.withUnsafeBufferPointer { wanted in
            while r + 8 <= rows {
                var next = 0
                rowBlock(input + r * cols, cols: cols, window: window) { oi, sum, count in
                    guard wanted[oi] else { return }
                    let value = sum / Lanes(repeating: Float(count))
                    while next < width && keep[next] == oi {
                        for lane in 0..<8 { output[(r + lane) * width + next] = value[lane] }
                        next += 1
                    }
                }
                r += 8
            }
            while r < rows {
                var next = 0
                singleRow(input + r * cols, cols: cols, window: window) { oi, sum, count in
                    guard wanted[oi] else { return }
                    while next < width && keep[next] == oi {
                        output[r * width + next] = sum / Float(count)
                        next += 1
                    }
                }
                r += 1
            }
        }
    }

    /// Runs the sums of eight consecutive rows together; `emit` gets each output index, the
    /// eight sums and the window's current size.
    @inline(__always)
    private static func rowBlock(_ base: UnsafePointer<Float>, cols: Int, window: Int, emit: (Int, Lanes, Int) -> Void) {
        let half = (window + 2) / 2
        let p0 = base, p1 = base + cols, p2 = base + 2 * cols, p3 = base + 3 * cols
        let p4 = base + 4 * cols, p5 = base + 5 * cols, p6 = base + 6 * cols, p7 = base + 7 * cols
        @inline(__always) func column(_ i: Int) -> Lanes {
            Lanes(p0[i], p1[i], p2[i], p3[i], p4[i], p5[i], p6[i], p7[i])
        }
        var sum = Lanes.zero
        var ri = 0, li = 0, oi = 0, count = 0
        for _ in 0..<(half - 1) { sum += column(ri); ri += 1; count += 1 }
        for _ in 0..<(window - half + 1) { sum += column(ri); ri += 1; count += 1; emit(oi, sum, count); oi += 1 }
        for _ in 0..<max(0, cols - window) {
            sum += column(ri)
            sum -= column(li)
            ri += 1; li += 1
            emit(oi, sum, count); oi += 1
        }
        for _ in 0..<(half - 1) { sum -= column(li); li += 1; count -= 1; emit(oi, sum, count); oi += 1 }
    }

    /// One row alone, for the rows left over after the blocks of eight.
    @inline(__always)
    private static func singleRow(_ base: UnsafePointer<Float>, cols: Int, window: Int, emit: (Int, Float, Int) -> Void) {
        let half = (window + 2) / 2
        var sum: Float = 0
        var ri = 0, li = 0, oi = 0, count = 0
        for _ in 0..<(half - 1) { sum += base[ri]; ri += 1; count += 1 }
        for _ in 0..<(window - half + 1) { sum += base[ri]; ri += 1; count += 1; emit(oi, sum, count); oi += 1 }
        for _ in 0..<max(0, cols - window) {
            sum += base[ri]
            sum -= base[li]
            ri += 1; li += 1
            emit(oi, sum, count); oi += 1
        }
        for _ in 0..<(half - 1) { sum -= base[li]; li += 1; count -= 1; emit(oi, sum, count); oi += 1 }
    }
}
