/// 256-bit hashes stored eight to a block, limb by limb, so that one vector instruction compares a
/// query with eight stored hashes at once.
///
/// The first two limbs of every block live in `low` and the last two in `high`: a stored hash more
/// than the radius away on its first 128 bits is ruled out without reading the rest, which is
/// nearly every hash at PDQ's usual radius, so a scan reads half the memory.
public struct HashBlocks: Sendable {
    /// Per block: limb 0 of its eight hashes, then limb 1.
    public let low: [SIMD8<UInt64>]
    /// Per block: limb 2 of its eight hashes, then limb 3.
    public let high: [SIMD8<UInt64>]
    /// How many hashes are stored; the lanes of the last block past it are zero and never reported.
    public let count: Int

    public init(_ hashes: some Collection<SIMD4<UInt64>>) {
        count = hashes.count
        let blocks = (hashes.count + 7) / 8
        var low = [SIMD8<UInt64>](repeating: .zero, count: blocks * 2)
        var high = [SIMD8<UInt64>](repeating: .zero, count: blocks * 2)
        for (position, hash) in hashes.enumerated() {
            let block = position >> 3, lane = position & 7
            low[block * 2][lane] = hash[0]
            low[block * 2 + 1][lane] = hash[1]
            high[block * 2][lane] = hash[2]
            high[block * 2 + 1][lane] = hash[3]
        }
        self.low = low
        self.high = high
    }

    public var blockCount: Int { low.count / 2 }

    /// The hash stored at `position`.
    @inlinable
    public func hash(at position: Int) -> SIMD4<UInt64> {
        let block = position >> 3, lane = position & 7
        return SIMD4(low[block * 2][lane], low[block * 2 + 1][lane], high[block * 2][lane], high[block * 2 + 1][lane])
    }

    /// Bytes held by the blocks.
    public var memoryBytes: Int { (low.count + high.count) * MemoryLayout<SIMD8<UInt64>>.stride }
}
