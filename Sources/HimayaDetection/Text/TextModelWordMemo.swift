extension TextModel {
    /// What a two-headed model read from words it met lately, kept by one reader of posts (not
    /// shared): a word and its n-grams add the same to each head wherever the word appears, and
    /// in any language a few hundred words make most of the running text, so most words cost one
    /// look-up instead of a dozen hashed n-grams. Words are told apart by their 64-bit hash, as
    /// in the rest of the scan. The memo follows one model: given another, it starts again.
    public struct WordMemo: Sendable {
        struct Slot: Sendable {
            var hash: UInt64 = 0
            var first: Int32 = 0
            var second: Int32 = 0
        }

        /// Direct-mapped by the word's hash; a slot whose hash is zero is empty (word hashes
        /// never are).
        var slots: [Slot]
        var model: UInt64 = 0
        /// Words answered from the memo and words read letter by letter, for the figures.
        public private(set) var hits = 0
        public private(set) var misses = 0

        /// A memo of `slots` words (a power of two; 4,096 take 64 KB).
        public init(slots: Int = 4096) {
            precondition(slots > 0 && slots & (slots - 1) == 0, "a memo holds a power of two of words")
            self.slots = Array(repeating: Slot(), count: slots)
        }

        /// No memo: every word is read letter by letter.
        public static var none: WordMemo { WordMemo(slots: []) }

        private init(slots: [Slot]) { self.slots = slots }

        /// Forgets every word if the memo was filled by another model.
        mutating func follow(_ identity: UInt64) {
            guard model != identity else { return }
            for index in slots.indices { slots[index] = Slot() }
            model = identity
        }

        mutating func count(hits: Int, misses: Int) {
            self.hits &+= hits
            self.misses &+= misses
        }
    }
}
