public import HimayaHamming

/// `scanBlocks` compiled for AVX-512 with its population count (see Package.swift); call it only
/// where `VectorUnit.detected` is `.avx512`.
public func scanBlocksAVX512(
    _ blocks: HashBlocks, queries: UnsafeBufferPointer<SIMD4<UInt64>>, radius: Int, into hits: inout [BlockHit]
) {
    scanBlocks(blocks, queries: queries, radius: radius, into: &hits)
}
