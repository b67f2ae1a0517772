/// An open-addressing map from (state, word) to a value: the transitions of the word automaton
/// and the first-word index of the lexicon. Swift's `Dictionary` hashes with a per-process seed
/// through SipHash, safe against flooding but several times slower than one multiply here, and the
/// keys are already well-mixed 64-bit hashes of folded words.
struct WordTable: Sendable {
    /// One slot, key and value side by side: a probe that finds its word reads one cache line,
    /// where three arrays cost three misses on a table larger than the cache.
    private struct Slot: Sendable {
        var word: UInt64
        var state: UInt32
        var value: UInt32
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(word: 0, state: 0, value: 0), count: size)
        mask = size - 1
    }

    @inline(__always) private func slot(_ state: UInt32, _ word: UInt64) -> Int {
        Int(truncatingIfNeeded: (word ^ (UInt64(state) &* 0x9E37_79B9_7F4A_7C15)) >> 17) & mask
    }

    /// The value for a word leaving a state, if any.
    @inline(__always) func value(_ state: UInt32, _ word: UInt64) -> UInt32? {
        var index = slot(state, word)
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let stored = slots[index]
                if stored.word == 0 { return nil }
                if stored.word == word && stored.state == state { return stored.value }
                index = (index + 1) & mask
            }
        }
    }

    /// Stores or replaces a value.
    mutating func set(_ state: UInt32, _ word: UInt64, _ value: UInt32) {
        if (count + 1) * 2 > slots.count { grow() }
        var index = slot(state, word)
        while slots[index].word != 0 {
            if slots[index].word == word && slots[index].state == state {
                slots[index].value = value
                return
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(word: word, state: state, value: value)
        count += 1
    }

    private mutating func grow() {
        var bigger = WordTable(capacity: slots.count)
        for slot in slots where slot.word != 0 { bigger.set(slot.state, slot.word, slot.value) }
        self = bigger
    }

    /// Bytes held, for the memory figures.
    var memoryBytes: Int { slots.count * MemoryLayout<Slot>.stride }
}
