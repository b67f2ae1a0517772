/// An exact radius search over PDQ hashes: every stored hash within a Hamming distance of a query,
/// and nothing beyond it.
///
/// Multi-index hashing (Norouzi, Punjani and Fleet): the 256 bits are cut into sixteen 16-bit
/// chunks, each with a table from chunk value to the hashes holding it. Two hashes within
/// distance r differ by at most ⌊r/16⌋ bits in at least one chunk (pigeonhole), so probing every
/// chunk value within that distance of the query's chunk, in every table, finds them all; each
/// candidate is then checked on the full 256 bits. At the default radius of 31 that is 17 probes
/// a table. Tables are flat arrays (an offset per chunk value, then positions sorted by chunk),
/// so a probe is two loads and a contiguous run. Small collections are scanned flat instead,
/// which is faster below a few thousand hashes.
public struct PDQIndex: Sendable {
    /// Below this many hashes a flat scan beats the tables (measured: Benchmarks/pdq-match.sh).
    public static let flatScanBelow = 4096
    static let chunks = 16
    static let buckets = 1 << 16

    /// Four limbs a hash.
    private let limbs: [UInt64]
    /// `chunks` x (`buckets` + 1) start offsets into `positions`.
    private let offsets: [UInt32]
    /// `chunks` x `count` positions, grouped by chunk value.
    private let positions: [UInt32]
    public let count: Int

    public init(_ hashes: [PDQHash]) {
        precondition(hashes.count < Int(UInt32.max), "too many hashes for one index")
        count = hashes.count
        var limbs = [UInt64]()
        limbs.reserveCapacity(hashes.count * 4)
        for hash in hashes { limbs += [hash.limbs[0], hash.limbs[1], hash.limbs[2], hash.limbs[3]] }
        self.limbs = limbs
        guard hashes.count >= Self.flatScanBelow else {
            offsets = []
            positions = []
            return
        }
        var offsets = [UInt32](repeating: 0, count: Self.chunks * (Self.buckets + 1))
        var positions = [UInt32](repeating: 0, count: Self.chunks * hashes.count)
        limbs.withUnsafeBufferPointer { limbs in
            offsets.withUnsafeMutableBufferPointer { offsets in
                positions.withUnsafeMutableBufferPointer { positions in
                    for chunk in 0..<Self.chunks {
                        let table = chunk * (Self.buckets + 1)
                        let limb = chunk >> 2, shift = UInt64((chunk & 3) * 16)
                        // Counting sort by chunk value.
                        for i in 0..<hashes.count {
                            offsets[table + Int((limbs[i * 4 + limb] >> shift) & 0xFFFF) + 1] += 1
                        }
                        for value in 0..<Self.buckets { offsets[table + value + 1] += offsets[table + value] }
                        var cursor = Array(offsets[table..<(table + Self.buckets)])
                        let base = chunk * hashes.count
                        for i in 0..<hashes.count {
                            let value = Int((limbs[i * 4 + limb] >> shift) & 0xFFFF)
                            positions[base + Int(cursor[value])] = UInt32(i)
                            cursor[value] += 1
                        }
                    }
                }
            }
        }
        self.offsets = offsets
        self.positions = positions
    }

    /// The hash stored at `position` (its place in the array the index was built from).
    public func hash(at position: Int) -> PDQHash {
        PDQHash(limbs: SIMD4(limbs[position * 4], limbs[position * 4 + 1], limbs[position * 4 + 2], limbs[position * 4 + 3]))
    }

    /// Bytes held: the hashes themselves and the tables.
    public var memoryBytes: Int { limbs.count * 8 + offsets.count * 4 + positions.count * 4 }

    /// Every stored hash within `radius` bits of `query`, nearest first (ties by position).
    public func search(_ query: PDQHash, within radius: Int = 31) -> [PDQIndexMatch] {
        var found: [PDQIndexMatch]
        // Past three bits a chunk, enumerating chunk neighbours costs more than a scan.
        if offsets.isEmpty || radius / Self.chunks > 3 || radius < 0 {
            found = flatSearch(query, within: radius)
        } else {
            found = tableSearch(query, within: radius)
        }
        found.sort { ($0.distance, $0.position) < ($1.distance, $1.position) }
        return found
    }

    private func flatSearch(_ query: PDQHash, within radius: Int) -> [PDQIndexMatch] {
        var found = [PDQIndexMatch]()
        guard radius >= 0 else { return found }
        let q0 = query.limbs[0], q1 = query.limbs[1], q2 = query.limbs[2], q3 = query.limbs[3]
        limbs.withUnsafeBufferPointer { limbs in
            for i in 0..<count {
                let base = i * 4
                let distance = (limbs[base] ^ q0).nonzeroBitCount + (limbs[base + 1] ^ q1).nonzeroBitCount
                    + (limbs[base + 2] ^ q2).nonzeroBitCount + (limbs[base + 3] ^ q3).nonzeroBitCount
                if distance <= radius { found.append(PDQIndexMatch(position: i, distance: distance)) }
            }
        }
        return found
    }

    private func tableSearch(_ query: PDQHash, within radius: Int) -> [PDQIndexMatch] {
        let probes = Self.neighbourMasks[radius / Self.chunks]
        var found = [PDQIndexMatch]()
        let q0 = query.limbs[0], q1 = query.limbs[1], q2 = query.limbs[2], q3 = query.limbs[3]
        limbs.withUnsafeBufferPointer { limbs in
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
                                let at = i * 4
                                let distance = (limbs[at] ^ q0).nonzeroBitCount + (limbs[at + 1] ^ q1).nonzeroBitCount
                                    + (limbs[at + 2] ^ q2).nonzeroBitCount + (limbs[at + 3] ^ q3).nonzeroBitCount
                                // A hash near in several chunks is met in several tables: keep it
                                // only from the first table where its chunk is within reach.
                                if distance <= radius && Self.firstTable(at: chunk, limbs: limbs, position: i, query: query, reach: radius / Self.chunks) {
                                    found.append(PDQIndexMatch(position: i, distance: distance))
                                }
                                slot += 1
                            }
                        }
                    }
                }
            }
        }
        return found
    }

    @inline(__always)
    private static func firstTable(at chunk: Int, limbs: UnsafeBufferPointer<UInt64>, position: Int, query: PDQHash, reach: Int) -> Bool {
        var earlier = 0
        while earlier < chunk {
            let limb = earlier >> 2, shift = UInt64((earlier & 3) * 16)
            let difference = ((limbs[position * 4 + limb] ^ query.limbs[limb]) >> shift) & 0xFFFF
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
