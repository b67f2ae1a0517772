/// Compares every query with every stored hash and appends each pair within `radius` to `hits`.
///
/// The loop keeps one block of eight stored hashes in registers while it runs through the
/// queries, so a batch reads the stored hashes once rather than once a query. Always inlined, so
/// that each vector-unit module compiles its own copy with its own instructions.
@inlinable @inline(__always)
public func scanBlocks(
    _ blocks: HashBlocks, queries: UnsafeBufferPointer<SIMD4<UInt64>>, radius: Int, into hits: inout [BlockHit]
) {
    guard radius >= 0, blocks.count > 0, !queries.isEmpty else { return }
    let reach = SIMD8<UInt64>(repeating: UInt64(min(radius, 256)))
    let count = blocks.count
    blocks.low.withUnsafeBufferPointer { low in
        blocks.high.withUnsafeBufferPointer { high in
            @inline(__always)
            func report(_ block: Int, _ near: SIMD8<UInt64>, _ query: Int, _ q: SIMD4<UInt64>) {
                let whole = near &+ (high[block * 2] ^ SIMD8(repeating: q[2])).nonzeroBitCount
                    &+ (high[block * 2 + 1] ^ SIMD8(repeating: q[3])).nonzeroBitCount
                for lane in 0..<8 where whole[lane] <= reach[lane] && block * 8 + lane < count {
                    hits.append(BlockHit(position: block * 8 + lane, query: query, distance: Int(whole[lane])))
                }
            }
            let blockCount = blocks.blockCount
            var block = 0
            // Two blocks a pass: each query's limbs are broadcast once for sixteen stored hashes.
            while block + 1 < blockCount {
                let a0 = low[block * 2], a1 = low[block * 2 + 1], b0 = low[block * 2 + 2], b1 = low[block * 2 + 3]
                for query in 0..<queries.count {
                    let q = queries[query]
                    let q0 = SIMD8(repeating: q[0]), q1 = SIMD8(repeating: q[1])
                    let nearA = (a0 ^ q0).nonzeroBitCount &+ (a1 ^ q1).nonzeroBitCount
                    let nearB = (b0 ^ q0).nonzeroBitCount &+ (b1 ^ q1).nonzeroBitCount
                    // The first 128 bits alone already rule out almost every stored hash.
                    guard any((nearA .<= reach) .| (nearB .<= reach)) else { continue }
                    report(block, nearA, query, q)
                    report(block + 1, nearB, query, q)
                }
                block += 2
            }
            if block < blockCount {
                let a0 = low[block * 2], a1 = low[block * 2 + 1]
                for query in 0..<queries.count {
                    let q = queries[query]
                    let near = (a0 ^ SIMD8(repeating: q[0])).nonzeroBitCount &+ (a1 ^ SIMD8(repeating: q[1])).nonzeroBitCount
                    guard any(near .<= reach) else { continue }
                    report(block, near, query, q)
                }
            }
        }
    }
}

/// `scanBlocks` compiled for any processor of the architecture.
public func scanBlocksPortable(
    _ blocks: HashBlocks, queries: UnsafeBufferPointer<SIMD4<UInt64>>, radius: Int, into hits: inout [BlockHit]
) {
    scanBlocks(blocks, queries: queries, radius: radius, into: &hits)
}
