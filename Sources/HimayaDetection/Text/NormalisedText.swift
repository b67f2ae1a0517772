/// A text after folding: its words in a canonical spelling, each tied back to the characters it
/// came from, so that every finding can point at what the author actually wrote.
public struct NormalisedText: Sendable {
    /// One word of the folded text.
    public struct Token: Sendable, Equatable {
        /// What the word is made of.
        public enum Kind: UInt8, Sendable { case word, number, emoji, ideograph }

        /// Byte range in `folded`.
        public var start: Int32
        public var end: Int32
        /// Byte range (UTF-8) in the original text.
        public var originStart: Int32
        public var originEnd: Int32
        public var hash: UInt64
        /// For Arabic words that begin with a one-letter prefix (و ف ب ل ك), the word without it,
        /// so that "ولينا" still names "لينا"; zero otherwise.
        public var strippedHash: UInt64
        public var kind: Kind
    }

    /// The text as given.
    public let original: String
    /// The folded words, UTF-8, one space between words.
    public internal(set) var folded: [UInt8]
    public internal(set) var tokens: [Token]

    /// The folded spelling of one word.
    public func word(_ index: Int) -> String {
        let token = tokens[index]
        return String(decoding: folded[Int(token.start)..<Int(token.end)], as: UTF8.self)
    }

    /// The folded words joined by spaces.
    public var foldedString: String { String(decoding: folded, as: UTF8.self) }

    /// The original UTF-8 byte range that a run of words came from.
    public func originRange(_ words: Range<Int>) -> Range<Int> {
        guard !words.isEmpty else { return 0..<0 }
        return Int(tokens[words.lowerBound].originStart)..<Int(tokens[words.upperBound - 1].originEnd)
    }

    /// What the author wrote for a run of words.
    public func excerpt(_ words: Range<Int>) -> String { excerpt(bytes: originRange(words)) }

    /// What the author wrote at a UTF-8 byte range of the original.
    public func excerpt(bytes: Range<Int>) -> String {
        // Read in place: copying the whole post to cut a few words out of it was most of the cost.
        original.utf8.withContiguousStorageIfAvailable { String(decoding: UnsafeBufferPointer(rebasing: $0[bytes]), as: UTF8.self) }
            ?? String(decoding: Array(original.utf8)[bytes], as: UTF8.self)
    }

    /// A UTF-8 byte range as Unicode character (scalar) offsets, the unit most clients index by.
    public func scalarRange(_ bytes: Range<Int>) -> Range<Int> {
        var start = 0
        var end = 0
        var offset = 0
        for byte in original.utf8 {
            if offset >= bytes.upperBound { break }
            if byte & 0xC0 != 0x80 {
                if offset < bytes.lowerBound { start += 1 }
                end += 1
            }
            offset += 1
        }
        return start..<end
    }
}
