/// What the normaliser made of raw words it met lately, kept by one reader of posts: a raw word
/// (the bytes between two spaces) folds the same wherever it appears, since every rule of
/// folding looks only inside it, so a word met again is copied rather than folded character by
/// character. Only words of up to 16 bytes that fold to one word or to nothing are kept; the
/// raw bytes themselves are the key, so a hit is always exact.
struct FoldedWordMemo {
    struct Slot {
        var raw: (UInt64, UInt64) = (0, 0)
        var folded: (UInt64, UInt64) = (0, 0)
        var hash: UInt64 = 0
        var strippedHash: UInt64 = 0
        /// Zero marks an empty slot: a raw word is never empty.
        var rawLength: UInt8 = 0
        /// Zero when the raw word folds to nothing (punctuation alone).
        var foldedLength: UInt8 = 0
        /// The folded word's place in the raw word.
        var originStart: UInt8 = 0
        var originEnd: UInt8 = 0
        var kind: NormalisedText.Token.Kind = .word
    }

    static let longestWord = 16
    private var slots: [Slot]

    init(slots count: Int) {
        precondition(count > 0 && count & (count - 1) == 0, "a memo holds a power of two of words")
        slots = Array(repeating: Slot(), count: count)
    }

    /// A raw word's bytes as the two numbers that key it (zero past its end), read eight bytes
    /// at a time where the text runs on far enough.
    @inline(__always) static func key(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (UInt64, UInt64) {
        let length = end - start
        guard start + 16 <= bytes.count else {
            var key: (UInt64, UInt64) = (0, 0)
            for offset in 0..<length {
                let byte = UInt64(bytes[start + offset]) << UInt64((offset & 7) * 8)
                if offset < 8 { key.0 |= byte } else { key.1 |= byte }
            }
            return key
        }
        let raw = UnsafeRawPointer(bytes.baseAddress! + start)
        let first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        // Read as little-endian, the word's bytes are the low ones.
        if length >= 16 { return (first, second) }
        if length >= 8 { return (first, second & ((1 << UInt64((length - 8) * 8)) &- 1)) }
        return (first & ((1 << UInt64(length * 8)) &- 1), 0)
    }

    @inline(__always) func index(_ key: (UInt64, UInt64), length: Int) -> Int {
        var hash = (key.0 ^ (key.1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 31
        return Int(truncatingIfNeeded: hash >> 20) & (slots.count &- 1)
    }

    /// What this raw word folded to, if it is remembered.
    @inline(__always) func find(_ key: (UInt64, UInt64), length: Int) -> Slot? {
        let slot = slots[index(key, length: length)]
        return slot.rawLength == UInt8(length) && slot.raw == key ? slot : nil
    }

    mutating func remember(_ slot: Slot) {
        slots[index(slot.raw, length: Int(slot.rawLength))] = slot
    }
}
