/// An open-addressing map from (state, word) to a value: the transitions of the word automaton
/// and the first-word index of the lexicon. Swift's `Dictionary` hashes with a per-process seed
/// through SipHash, safe against flooding but several times slower than one multiply here, and the
/// keys are already well-mixed 64-bit hashes of folded words.
struct WordTable: Sendable {
    private var words: [UInt64]
    private var states: [UInt32]
    private var values: [UInt32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        words = [UInt64](repeating: 0, count: size)
        states = [UInt32](repeating: 0, count: size)
        values = [UInt32](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always) private func slot(_ state: UInt32, _ word: UInt64) -> Int {
        Int(truncatingIfNeeded: (word ^ (UInt64(state) &* 0x9E37_79B9_7F4A_7C15)) >> 17) & mask
    }

    /// The value for a word leaving a state, if any.
    @inline(__always) func value(_ state: UInt32, _ word: UInt64) -> UInt32? {
        var index = slot(state, word)
        return words.withUnsafeBufferPointer { words in
            while true {
                let stored = words[index]
                if stored == 0 { return nil }
                if stored == word && states[index] == state { return values[index] }
                index = (index + 1) & mask
            }
        }
    }

    /// Stores or replaces a value.
    mutating func set(_ state: UInt32, _ word: UInt64, _ value: UInt32) {
        if (count + 1) * 2 > words.count { grow() }
        var index = slot(state, word)
        while words[index] != 0 {
            if words[index] == word && states[index] == state {
                values[index] = value
                return
            }
            index = (index + 1) & mask
        }
        words[index] = word
        states[index] = state
        values[index] = value
        count += 1
    }

    private mutating func grow() {
        var bigger = WordTable(capacity: words.count)
        for index in words.indices where words[index] != 0 { bigger.set(states[index], words[index], values[index]) }
        self = bigger
    }

    /// Bytes held, for the memory figures.
    var memoryBytes: Int { words.count * 16 }
}
