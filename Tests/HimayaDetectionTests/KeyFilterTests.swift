@testable import HimayaDetection
import Testing

/// The filter in front of the lexicon automaton's large tables may let a stranger through but
/// never turns away a key it was given: a word it turned away would be a missed threat.
@Suite("Key filter")
struct KeyFilterTests {
    @Test("every key inserted is contained, and an empty filter contains none")
    func insertedKeysAreContained() {
        var filter = KeyFilter()
        var keys: [UInt64] = []
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = WordHash.finish(state &+ 0x632B_E59B_D9B4_E019)
            keys.append(state)
        }
        #expect(!keys.contains { KeyFilter().contains($0) })
        for key in keys.prefix(10_000) { filter.insert(key) }
        #expect(keys.prefix(10_000).allSatisfy { filter.contains($0) })
        // About one in a hundred strangers passes at this load; most are turned away.
        #expect(keys.suffix(10_000).filter { filter.contains($0) }.count < 500)
    }

    @Test("a larger filter keeps every key too, and lets fewer strangers through")
    func largerFilter() {
        var small = KeyFilter()
        var large = KeyFilter(bits: 22)
        var keys: [UInt64] = []
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<200_000 {
            state = WordHash.finish(state &+ 0x632B_E59B_D9B4_E019)
            keys.append(state)
        }
        for key in keys.prefix(100_000) {
            small.insert(key)
            large.insert(key)
        }
        #expect(keys.prefix(100_000).allSatisfy { large.contains($0) })
        let strangers = keys.suffix(100_000)
        #expect(strangers.filter { large.contains($0) }.count < strangers.filter { small.contains($0) }.count / 2)
    }
}
