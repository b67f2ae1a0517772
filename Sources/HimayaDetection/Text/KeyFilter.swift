/// A set of well-mixed 64-bit keys as one bit each in 2^`bits` (2^20 bits is 128 KB, within a
/// core's cache): it may say yes to a key never inserted, never no to one that was, and so only
/// spares the lookups that would have found nothing.
struct KeyFilter: Sendable {
    private let shift: UInt64
    private var words: [UInt64]

    init(bits: Int = 20) {
        shift = UInt64(64 - bits)
        words = [UInt64](repeating: 0, count: (1 << bits) / 64)
    }

    @inline(__always) private func position(_ key: UInt64) -> (word: Int, bit: UInt64) {
        let index = Int(truncatingIfNeeded: key >> shift)
        return (index >> 6, 1 << UInt64(index & 63))
    }

    mutating func insert(_ key: UInt64) {
        let (word, bit) = position(key)
        words[word] |= bit
    }

    @inline(__always) func contains(_ key: UInt64) -> Bool {
        let (word, bit) = position(key)
        return words.withUnsafeBufferPointer { $0[word] & bit != 0 }
    }

    /// Bytes held, for the memory figures.
    var memoryBytes: Int { words.count * 8 }
}
