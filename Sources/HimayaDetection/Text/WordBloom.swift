/// The words of one post as bits of a small filter (512 bits, one per word hash's top bits):
/// asked whether a post could hold a pattern's words, it may say yes wrongly but never no
/// wrongly, and it costs a few instructions a word to fill.
enum WordBloom {
    /// 64-bit words in a filter.
    static let words = 8

    @inline(__always) static func bit(_ hash: UInt64) -> (word: Int, mask: UInt64) {
        let index = Int(truncatingIfNeeded: hash >> 55)
        return (index >> 6, 1 << UInt64(index & 63))
    }

    static func set(_ hash: UInt64, in filter: inout [UInt64]) {
        let (word, mask) = bit(hash)
        filter[word] |= mask
    }

    /// Fills `filter` (`words` long) with a post's words, as written and without an Arabic prefix.
    @inline(__always) static func fill(_ filter: UnsafeMutableBufferPointer<UInt64>, with tokens: UnsafeBufferPointer<NormalisedText.Token>) {
        filter.initialize(repeating: 0)
        for token in tokens {
            let (word, mask) = bit(token.hash)
            filter[word] |= mask
            if token.strippedHash != 0 {
                let (word, mask) = bit(token.strippedHash)
                filter[word] |= mask
            }
        }
    }
}
