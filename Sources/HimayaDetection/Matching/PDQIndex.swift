public import HimayaHamming
import HimayaHammingAVX2
import HimayaHammingAVX512

/// An exact radius search over PDQ hashes: every stored hash within a Hamming distance of a query,
/// and nothing beyond it.
///
/// Two layouts, chosen by measurement (Benchmarks/pdq.sh):
/// - `.compact` keeps the 32 bytes of each hash and nothing else, eight hashes to a block, and
///   scans them all with vector instructions, a batch of queries at a time; with the processor's
///   vector population count this answers a batch faster than multi-index hashing does.
/// - `.tables` adds multi-index hashing (Norouzi, Punjani and Fleet) for quick single queries, at
///   64 bytes more a hash: the 256 bits are cut into sixteen 16-bit chunks, each with a table from
///   chunk value to the hashes holding it. Two hashes within distance r differ by at most ⌊r/16⌋
///   bits in at least one chunk (pigeonhole), so probing every chunk value within that distance of
///   the query's chunk, in every table, finds them all; each candidate is then checked on the full
///   256 bits. At the default radius of 31 that is 17 probes a table. Tables are flat arrays (an
///   offset per chunk value, then positions sorted by chunk), so a probe is two loads and a run.
public struct PDQIndex: Sendable {
    /// How the index is kept in memory.
    public enum Layout: String, Sendable, CaseIterable {
        /// The hashes alone, 32 bytes each; searches scan them all.
        case compact
        /// The hashes and multi-index tables, about 96 bytes each; single searches probe.
        case tables
    }

    /// Below this many hashes a scan beats the tables, so none are built.
    public static let flatScanBelow = 4096
    /// Queries scanned together: their limbs stay in the first-level cache beside the block.
    static let queriesAtOnce = 512
    /// Up to this many queries, the tables (where built) beat one scan for them all. Measured
    /// with Benchmarks/pdq.sh: a probe costs about 0.2 ms at 1,000,000 hashes and 1.8 ms at
    /// 10,000,000; a scan 0.3 ms and 6.4 ms for the first query, then 0.07 ms and 0.7 ms a query.
    static let probedBatch = 2
    static let chunks = 16
    static let buckets = 1 << 16

    private let blocks: HashBlocks
    /// `chunks` x (`buckets` + 1) start offsets into `positions`; empty for `.compact`.
    private let offsets: [UInt32]
    /// `chunks` x `count` positions, grouped by chunk value; empty for `.compact`.
    private let positions: [UInt32]
    public let count: Int
    public let layout: Layout

    public init(_ hashes: [PDQHash], layout: Layout = .compact) {
        precondition(hashes.count < Int(UInt32.max), "too many hashes for one index")
        count = hashes.count
        self.layout = layout
        blocks = HashBlocks(hashes.lazy.map(\.limbs))
        guard layout == .tables, hashes.count >= Self.flatScanBelow else {
            offsets = []
            positions = []
            return
        }
        var offsets = [UInt32](repeating: 0, count: Self.chunks * (Self.buckets + 1))
        var positions = [UInt32](repeating: 0, count: Self.chunks * hashes.count)
        offsets.withUnsafeMutableBufferPointer { offsets in
            positions.withUnsafeMutableBufferPointer { positions in
                for chunk in 0..<Self.chunks {
                    let table = chunk * (Self.buckets + 1)
                    let limb = chunk >> 2, shift = UInt64((chunk & 3) * 16)
                    // Counting sort by chunk value.
                    for hash in hashes {
                        offsets[table + Int((hash.limbs[limb] >> shift) & 0xFFFF) + 1] += 1
                    }
                    for value in 0..<Self.buckets { offsets[table + value + 1] += offsets[table + value] }
                    var cursor = Array(offsets[table..<(table + Self.buckets)])
                    let base = chunk * hashes.count
                    for (i, hash) in hashes.enumerated() {
                        let value = Int((hash.limbs[limb] >> shift) & 0xFFFF)
                        positions[base + Int(cursor[value])] = UInt32(i)
                        cursor[value] += 1
                    }
                }
            }
        }
        self.offsets = offsets
        self.positions = positions
    }

    /// The hash stored at `position` (its place in the array the index was built from).
    public func hash(at position: Int) -> PDQHash { PDQHash(limbs: blocks.hash(at: position)) }

    /// Bytes held: the hashes themselves and any tables.
    public var memoryBytes: Int { blocks.memoryBytes + offsets.count * 4 + positions.count * 4 }

    /// Every stored hash within `radius` bits of `query`, nearest first (ties by position).
    public func search(_ query: PDQHash, within radius: Int = 31) -> [PDQIndexMatch] {
        var found: [PDQIndexMatch]
        // Past three bits a chunk, enumerating chunk neighbours costs more than a scan.
        if offsets.isEmpty || radius / Self.chunks > 3 || radius < 0 {
            found = search([query], within: radius)[0]
        } else {
            found = tableSearch(query, within: radius)
            found.sort { ($0.distance, $0.position) < ($1.distance, $1.position) }
        }
        return found
    }

    /// For each query, every stored hash within `radius` bits of it, nearest first (ties by
    /// position). A batch is scanned in one pass over the stored hashes; `unit` is for tests and
    /// benchmarks, and is never taken above what the processor offers.
    public func search(_ queries: [PDQHash], within radius: Int = 31, unit: VectorUnit = .detected) -> [[PDQIndexMatch]] {
        var found = [[PDQIndexMatch]](repeating: [], count: queries.count)
        guard radius >= 0 else { return found }
        // With tables, a query or two are probed; past that one scan answers them all sooner.
        if !offsets.isEmpty && queries.count <= Self.probedBatch && radius / Self.chunks <= 3 {
            return queries.map { search($0, within: radius) }
        }
        let limbs = queries.map(\.limbs)
        var hits = [BlockHit]()
        limbs.withUnsafeBufferPointer { limbs in
            for start in stride(from: 0, to: limbs.count, by: Self.queriesAtOnce) {
                let batch = UnsafeBufferPointer(rebasing: limbs[start..<min(start + Self.queriesAtOnce, limbs.count)])
                hits.removeAll(keepingCapacity: true)
                Self.scan(blocks, queries: batch, radius: radius, unit: unit, into: &hits)
                for hit in hits {
                    found[start + hit.query].append(PDQIndexMatch(position: hit.position, distance: hit.distance))
                }
            }
        }
        for i in found.indices where found[i].count > 1 {
            found[i].sort { ($0.distance, $0.position) < ($1.distance, $1.position) }
        }
        return found
    }

    private static func scan(
        _ blocks: HashBlocks, queries: UnsafeBufferPointer<SIMD4<UInt64>>, radius: Int, unit: VectorUnit, into hits: inout [BlockHit]
    ) {
        switch min(unit, VectorUnit.detected) {
        case .avx512: scanBlocksAVX512(blocks, queries: queries, radius: radius, into: &hits)
        case .avx2: scanBlocksAVX2(blocks, queries: queries, radius: radius, into: &hits)
        case .portable: scanBlocksPortable(blocks, queries: queries, radius: radius, into: &hits)
        }
    }

    private func tableSearch(_ query: PDQHash, within radius: Int) -> [PDQIndexMatch] {
        let probes = Self.neighbourMasks[radius / Self.chunks]
        let reach = radius / Self.chunks
        var found = [PDQIndexMatch]()
        offsets.withUnsafeBufferPointer { offsets in
            positions.withUnsafeBufferPointer { positions in
                for chunk in 0..<Self.chunks {
                    let table = chunk * (Self.buckets + 1)
                    let base = chunk * count
                    let value = Int((query.limbs[chunk >> 2] >> UInt64((chunk & 3) * 16)) & 0xFFFF)
                    for flip in probes {
                        let bucket = table + (value ^ flip)
                        var slot = Int(offsets[bucket])
                        let end = Int(offsets[bucket + 1])
                        while slot < end {
                            let i = Int(positions[base + slot])
                            let stored = hash(at: i)
                            let distance = stored.distance(to: query)
                            // A hash near in several chunks is met in several tables: keep it
                            // only from the first table where its chunk is within reach.
                            if distance <= radius && Self.firstTable(at: chunk, stored: stored.limbs, query: query, reach: reach) {
                                found.append(PDQIndexMatch(position: i, distance: distance))
                            }
                            slot += 1
                        }
                    }
                }
            }
        }
        return found
    }

    @inline(__always)
    private static func firstTable(at chunk: Int, stored: SIMD4<UInt64>, query: PDQHash, reach: Int) -> Bool {
        var earlier = 0
        while earlier < chunk {
            let limb = earlier >> 2, shift = UInt64((earlier & 3) * 16)
            let difference = ((stored[limb] ^ query.limbs[limb]) >> shift) & 0xFFFF
            if difference.nonzeroBitCount <= reach { return false }
            earlier += 1
        }
        return true
    }

    /// For 0...3 bits: every 16-bit mask with at most that many bits set, the chunk values to
    /// probe around the query's.
    static let neighbourMasks: [[Int]] = (0...3).map { neighbours(within: $0) }

    static func neighbours(within bits: Int) -> [Int] {
        var masks = [0]
        guard bits > 0 else { return masks }
        for mask in 1..<(1 << 16) where mask.nonzeroBitCount <= bits { masks.append(mask) }
        return masks
    }
}

/// A stored hash found near a query.
public struct PDQIndexMatch: Hashable, Sendable {
    public let position: Int
    public let distance: Int
    public init(position: Int, distance: Int) {
        self.position = position
        self.distance = distance
    }
}
