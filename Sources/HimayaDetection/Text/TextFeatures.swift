/// The features the statistical model reads: each folded word, each pair of words, and the byte
/// n-grams of each word with its boundaries (sizes chosen by the model), hashed into a fixed
/// number of buckets with a sign, so that any language and any spelling the normaliser left
/// behind still gives features. An n-gram of up to eight bytes is read as one 64-bit number and
/// hashed with one multiplication: the model has to keep up with the scan. Words that name a
/// group of people neutrally may be masked: each then reads as one and the same word, without
/// its letters, so the model learns what is said of a group rather than which group is named.
struct TextFeatures {
    /// Bucket index, sign and the word it came from (to point at words in an explanation).
    struct Feature {
        var bucket: Int32
        var sign: Int8
        var word: Int32
    }

    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var hash = value &* 0x9E37_79B9_7F4A_7C15
        hash ^= hash >> 29
        return hash &* 0xBF58_476D_1CE4_E5B9
    }

    /// The hash every masked word takes instead of its own.
    static let identityHash: UInt64 = 0x1D_E471_7E5A_11ED

    /// The features of a text; `masked` lists word indices (in order) read as `identityHash`.
    static func extract(_ text: NormalisedText, bits: Int, ngrams: [Int], masked: [Int] = [], into features: inout [Feature]) {
        features.removeAll(keepingCapacity: true)
        forEach(text, bits: bits, ngrams: ngrams, masked: masked) { features.append($0) }
    }

    /// Each feature of a text in turn, without gathering them.
    @inline(__always) static func forEach(_ text: NormalisedText, bits: Int, ngrams: [Int], masked: [Int] = [], _ body: (Feature) -> Void) {
        let shift = UInt64(64 - bits)
        forEachWord(text, masked: masked) { word in
            body(feature(mix(word.hash), word.index, shift))
            body(feature(mix(word.previous &* 31 ^ word.hash), word.index, shift))
            guard word.hasLetters else { return }
            forEachNgram(of: word.letters(), ngrams: ngrams) { body(feature($0, word.index, shift)) }
        }
        body(feature(constant, 0, shift))
    }

    /// A hashed feature's bucket and sign.
    @inline(__always) static func feature(_ hash: UInt64, _ word: Int, _ shift: UInt64) -> Feature {
        Feature(bucket: Int32(truncatingIfNeeded: hash >> shift), sign: hash & 0x100 == 0 ? 1 : -1, word: Int32(word))
    }

    /// The feature every text has, so that an empty one is still defined.
    static let constant: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// One word as the model reads it.
    struct Word {
        var index: Int
        /// The hash it is read as: its own, or `identityHash` when masked.
        var hash: UInt64
        /// The hash of the word before it.
        var previous: UInt64
        /// Whether its n-grams are read: words and ideographs that are not masked.
        var hasLetters: Bool
        fileprivate var token: NormalisedText.Token
        fileprivate var folded: UnsafeBufferPointer<UInt8>
        fileprivate var padded: UnsafeMutableBufferPointer<UInt8>

        /// The word (its first 64 bytes) with a space on each side, in a buffer with eight spare
        /// bytes so that a 64-bit load never runs past; copied only when asked for.
        @inline(__always) func letters() -> UnsafeRawBufferPointer {
            let length = min(Int(token.end - token.start), 64)
            padded[0] = 0x20
            for offset in 0..<length { padded[offset + 1] = folded[Int(token.start) + offset] }
            padded[length + 1] = 0x20
            for offset in length + 2..<length + 10 { padded[offset] = 0 }
            return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(padded)[0..<length + 2])
        }

        /// How many bytes `letters()` holds.
        var letterCount: Int { min(Int(token.end - token.start), 64) + 2 }
    }

    /// Each word of a text in turn, as the model reads it.
    @inline(__always) static func forEachWord(_ text: NormalisedText, masked: [Int], _ body: (Word) -> Void) {
        var nextMasked = masked.startIndex
        var previous: UInt64 = 0x2545_F491_4F6C_DD1D
        // On the stack, since this runs once a post.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 80) { padded in
            padded.initialize(repeating: 0)
            text.folded.withUnsafeBufferPointer { folded in
                for index in text.tokens.indices {
                    let token = text.tokens[index]
                    while nextMasked < masked.endIndex && masked[nextMasked] < index { nextMasked += 1 }
                    let isMasked = nextMasked < masked.endIndex && masked[nextMasked] == index
                    let hash = isMasked ? identityHash : token.hash
                    body(
                        Word(
                            index: index, hash: hash, previous: previous, hasLetters: !isMasked && (token.kind == .word || token.kind == .ideograph),
                            token: token, folded: folded, padded: padded))
                    previous = hash
                }
            }
        }
    }

    /// The hashes of the byte n-grams of one word's `letters` (`Word.letters()`). An n-gram of
    /// up to eight bytes is read as one 64-bit number and hashed with one multiplication: the
    /// model has to keep up with the scan.
    @inline(__always) static func forEachNgram(of letters: UnsafeRawBufferPointer, ngrams: [Int], _ body: (UInt64) -> Void) {
        let total = letters.count
        for n in ngrams where n <= 8 && total >= n {
            let mask: UInt64 = n == 8 ? ~0 : (1 << UInt64(n * 8)) - 1
            let salt = UInt64(n) &* 0xD6E8_FEB8_6659_FD93
            for from in 0...(total - n) {
                let value = letters.baseAddress!.loadUnaligned(fromByteOffset: from, as: UInt64.self) & mask
                body(mix(value ^ salt))
            }
        }
    }

    /// How many n-grams `forEachNgram` reads from letters of this many bytes.
    @inline(__always) static func ngramCount(letters total: Int, ngrams: [Int]) -> Int {
        var count = 0
        for n in ngrams where n <= 8 && total >= n { count += total - n + 1 }
        return count
    }
}
