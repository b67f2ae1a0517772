import Foundation
import HimayaDetection
@testable import HimayaHamming
import Testing

@Suite("PDQ index")
struct PDQIndexTests {
    static func hashes(_ path: String) throws -> [PDQHash]? {
        guard let url = SharedData.file(path) else { return nil }
        return try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).map { try #require(PDQHash(hex: $0)) }
    }

    /// Random hashes, with neighbours planted at known distances, big enough to use the tables.
    static func planted(count: Int, seed: UInt64) -> [PDQHash] {
        var generator = SplitMix(seed: seed)
        var hashes = (0..<count).map { _ in PDQHash(limbs: SIMD4(generator.next(), generator.next(), generator.next(), generator.next())) }
        for i in stride(from: 0, to: count - 1, by: 97) {
            var near = hashes[i]
            let flips = Int(generator.next() % 40)
            var flipped = Set<Int>()
            while flipped.count < flips { flipped.insert(Int(generator.next() % 256)) }
            for bit in flipped { near.limbs[bit >> 6] ^= 1 << UInt64(bit & 63) }
            hashes[i + 1] = near
        }
        return hashes
    }

    static func bruteForce(_ hashes: [PDQHash], _ query: PDQHash, _ radius: Int) -> [PDQIndexMatch] {
        hashes.enumerated().compactMap { position, hash in
            let d = hash.distance(to: query)
            return d <= radius ? PDQIndexMatch(position: position, distance: d) : nil
        }.sorted { ($0.distance, $0.position) < ($1.distance, $1.position) }
    }

    @Test("every needle-haystack pair within 31 in the reference ground truth is found, and nothing beyond it")
    func referenceGroundTruth() throws {
        guard let needles = try Self.hashes("pdq/hash-lists/needles.txt"),
            let haystack = try Self.hashes("pdq/hash-lists/haystack.txt"),
            let truthURL = SharedData.file("pdq/hash-lists/needles-vs-haystack-d31.csv")
        else { return }
        var truth = Set<[Int]>()
        for line in try String(contentsOf: truthURL, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst() {
            truth.insert(line.split(separator: ",").map { Int($0)! })
        }
        // The haystack alone is small enough for the scan; with far-away filler added the tables
        // answer for the same pairs, and the compact scan still does, one query or a batch.
        let filled = haystack + Self.randomFar(from: needles, count: 30_000)
        for (name, index) in [("small", PDQIndex(haystack)), ("tables", PDQIndex(filled, layout: .tables)), ("compact", PDQIndex(filled))] {
            var found = Set<[Int]>()
            var batchFound = Set<[Int]>()
            let batch = index.search(needles, within: 31)
            for (n, needle) in needles.enumerated() {
                for match in index.search(needle, within: 31) where match.position < haystack.count {
                    found.insert([n, match.position, match.distance])
                }
                for match in batch[n] where match.position < haystack.count { batchFound.insert([n, match.position, match.distance]) }
            }
            #expect(found == truth, "\(name)")
            #expect(batchFound == truth, "\(name), batch")
        }
    }

    /// Random hashes at least 64 bits from every needle, so the truth is unchanged.
    static func randomFar(from needles: [PDQHash], count: Int) -> [PDQHash] {
        var generator = SplitMix(seed: 11)
        var out = [PDQHash]()
        while out.count < count {
            let hash = PDQHash(limbs: SIMD4(generator.next(), generator.next(), generator.next(), generator.next()))
            if needles.allSatisfy({ $0.distance(to: hash) > 64 }) { out.append(hash) }
        }
        return out
    }

    @Test("the reference edge cases: near duplicates a few bits apart, all zeros and all ones")
    func shortList() throws {
        guard let hashes = try Self.hashes("pdq/hash-lists/short256.dat") else { return }
        let index = PDQIndex(hashes)
        #expect(index.search(hashes[0], within: 31).map(\.position) == [0, 1])
        #expect(index.search(hashes[4], within: 0).map(\.position) == [4])
        #expect(index.search(hashes[5], within: 255).count == 5)  // everything but the all-zero hash
        #expect(index.search(hashes[5], within: 256).count == 6)
        #expect(hashes[4].distance(to: hashes[5]) == 256)
    }

    @Test("the tables find exactly what a brute-force scan finds, at every radius", arguments: [0, 1, 15, 16, 31, 32, 47, 63, 90])
    func tablesMatchBruteForce(radius: Int) {
        let hashes = Self.planted(count: 12_000, seed: 3)
        let index = PDQIndex(hashes, layout: .tables)
        #expect(index.memoryBytes > hashes.count * 96)
        for q in stride(from: 0, to: hashes.count, by: 389) {
            #expect(index.search(hashes[q], within: radius) == Self.bruteForce(hashes, hashes[q], radius))
        }
        // Two queries are probed, more are scanned: both give the same answers.
        for size in [2, 3] {
            let queries = (0..<size).map { hashes[$0 * 97] }
            #expect(Self.firstDifference(index.search(queries, within: radius), queries.map { Self.bruteForce(hashes, $0, radius) }) == nil)
        }
    }

    @Test("the compact scan finds exactly what a brute-force scan finds, with every vector unit here, at every radius",
          arguments: [0, 1, 31, 63, 128, 256])
    func compactMatchesBruteForce(radius: Int) {
        // 12,011 hashes: the last block of eight is part full, and the last pair of blocks is one.
        let hashes = Self.planted(count: 12_011, seed: 13)
        let index = PDQIndex(hashes)
        #expect(index.memoryBytes <= (hashes.count + 7) / 8 * 8 * 32)
        let queries = stride(from: 0, to: hashes.count, by: 211).map { hashes[$0] } + [hashes[hashes.count - 1], hashes[hashes.count - 2]]
        let expected = queries.map { Self.bruteForce(hashes, $0, radius) }
        for unit in VectorUnit.usable {
            let difference = Self.firstDifference(index.search(queries, within: radius, unit: unit), expected)
            #expect(difference == nil, "\(unit.name)")
        }
        #expect(Self.firstDifference(queries.map { index.search($0, within: radius) }, expected) == nil)
    }

    /// Where two answers to a batch first part, said briefly (a wide radius finds thousands).
    static func firstDifference(_ found: [[PDQIndexMatch]], _ expected: [[PDQIndexMatch]]) -> String? {
        guard found.count == expected.count else { return "\(found.count) answers for \(expected.count) queries" }
        for (i, (got, want)) in zip(found, expected).enumerated() where got != want {
            let missing = Set(want).subtracting(got).prefix(3), extra = Set(got).subtracting(want).prefix(3)
            return "query \(i): \(got.count) found, \(want.count) expected; missing \(Array(missing)), extra \(Array(extra))"
        }
        return nil
    }

    @Test("a batch longer than one pass over the blocks is answered in full and in order")
    func longBatch() {
        let hashes = Self.planted(count: 5_000, seed: 17)
        let index = PDQIndex(hashes)
        let queries = (0..<1_300).map { hashes[($0 * 7) % hashes.count] }
        let found = index.search(queries, within: 31)
        #expect(found.count == queries.count)
        for (i, query) in queries.enumerated() { #expect(found[i] == Self.bruteForce(hashes, query, 31)) }
    }

    @Test("an empty index and an empty batch find nothing, and a negative radius finds nothing")
    func emptyCases() {
        #expect(PDQIndex([]).search(PDQHash.zero, within: 31).isEmpty)
        let index = PDQIndex(Self.planted(count: 100, seed: 19))
        #expect(index.search([], within: 31).isEmpty)
        #expect(index.search(index.hash(at: 3), within: -1).isEmpty)
    }

    @Test("the vector unit is read from the processor's flags, and AVX-512 needs its population count")
    func vectorUnitFromFlags() {
        #expect(VectorUnit.unit(forFlags: ["sse2", "popcnt"]) == .portable)
        #expect(VectorUnit.unit(forFlags: ["avx", "avx2", "popcnt", "fma", "f16c"]) == .avx2)
        #expect(VectorUnit.unit(forFlags: ["avx", "avx2", "popcnt", "fma", "f16c", "avx512f"]) == .avx2)
        #expect(VectorUnit.unit(forFlags: ["avx", "avx2", "popcnt", "fma", "f16c", "avx512f", "avx512_vpopcntdq"]) == .avx512)
        #expect(VectorUnit.usable.first == .portable && VectorUnit.usable.last == VectorUnit.detected)
    }

    @Test("the matcher answers a batch as it answers each query alone")
    func matcherBatch() {
        let hashes = Self.planted(count: 6_000, seed: 23)
        for layout in PDQIndex.Layout.allCases {
            let matcher = PDQMatcher(hashes.enumerated().map { PDQMatcher.Entry(hash: $1, id: Int64($0)) }, layout: layout)
            matcher.add(PDQMatcher.Entry(hash: hashes[0], id: 99_999))
            let queries = stride(from: 0, to: hashes.count, by: 97).map { hashes[$0] }
            #expect(matcher.search(queries) == queries.map { matcher.search($0) }, "\(layout)")
            #expect(matcher.search(hashes[0]).map(\.id).contains(99_999))
        }
    }

    @Test("the matcher finds hashes added while it serves and forgets removed ones", arguments: PDQIndex.Layout.allCases)
    func liveChanges(layout: PDQIndex.Layout) {
        let hashes = Self.planted(count: 9_000, seed: 5)
        let matcher = PDQMatcher(hashes.enumerated().map { PDQMatcher.Entry(hash: $1, id: Int64($0)) }, layout: layout)
        let query = hashes[194]
        let before = matcher.search(query).map(\.id)
        #expect(before.contains(194))
        matcher.remove(id: 194)
        #expect(!matcher.search(query).map(\.id).contains(194))
        var copy = query
        copy.limbs[0] ^= 0b111
        matcher.add(PDQMatcher.Entry(hash: copy, id: 50_000))
        let after = matcher.search(query)
        #expect(after.contains { $0.id == 50_000 && $0.distance == 3 })
        // Enough changes to rebuild the index; everything live is still found.
        matcher.add((0..<5_000).map { PDQMatcher.Entry(hash: hashes[$0], id: Int64(100_000 + $0)) })
        #expect(matcher.search(query).map(\.id).contains(100_194))
        #expect(!matcher.search(query).map(\.id).contains(194))
        #expect(matcher.count == 9_000 - 1 + 1 + 5_000)
    }
}
