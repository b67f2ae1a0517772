public import HimayaHamming

/// `scanBlocks` compiled for AVX2 and POPCNT (see Package.swift); call it only where
/// `VectorUnit.detected` is `.avx2` or better.
public func scanBlocksAVX2(
    _ blocks: HashBlocks, queries: UnsafeBufferPointer<SIMD4<UInt64>>, radius: Int, into hits: inout [BlockHit]
) {
    scanBlocks(blocks, queries: queries, radius: radius, into: &hits)
}
