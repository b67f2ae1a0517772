/// The 64-bit fingerprint of a folded word, shared by the normaliser, the automaton and the
/// lexicon so that all three agree without comparing bytes. FNV-1a keeps a running state, so the
/// hash of every prefix of a word comes for free while reading it (for stem patterns such as
/// `tuer*`); a final mix spreads the bits for open-addressing tables.
enum WordHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    /// Keeps a stem's key apart from the same letters as a whole word.
    static let stemSalt: UInt64 = 0x5bd1_e995_7f4a_7c15

    @inline(__always) static func step(_ state: UInt64, _ byte: UInt8) -> UInt64 {
        (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    @inline(__always) static func finish(_ state: UInt64) -> UInt64 {
        var hash = state
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash | 1  // never zero: zero marks an empty slot
    }

    static func of<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var state = seed
        for byte in bytes { state = step(state, byte) }
        return finish(state)
    }

    static func stem<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        finish(of(bytes) ^ stemSalt)
    }

    @inline(__always) static func stemKey(fromState state: UInt64) -> UInt64 {
        finish(finish(state) ^ stemSalt)
    }
}
