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

    /// Each feature of a text in turn, without gathering them: the scan's path.
    @inline(__always) static func forEach(_ text: NormalisedText, bits: Int, ngrams: [Int], masked: [Int] = [], _ body: (Feature) -> Void) {
        var nextMasked = masked.startIndex
        let shift = UInt64(64 - bits)
        @inline(__always) func add(_ hash: UInt64, _ word: Int) {
            body(Feature(bucket: Int32(truncatingIfNeeded: hash >> shift), sign: hash & 0x100 == 0 ? 1 : -1, word: Int32(word)))
        }
        var previous: UInt64 = 0x2545_F491_4F6C_DD1D
        // The word with a space on each side, then eight spare bytes so a load never runs past;
        // on the stack, since this runs once a post.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 80) { padded in
            padded.initialize(repeating: 0)
            let raw = UnsafeRawBufferPointer(padded)
            text.folded.withUnsafeBufferPointer { folded in
                for index in text.tokens.indices {
                    let token = text.tokens[index]
                    while nextMasked < masked.endIndex && masked[nextMasked] < index { nextMasked += 1 }
                    let isMasked = nextMasked < masked.endIndex && masked[nextMasked] == index
                    let hash = isMasked ? identityHash : token.hash
                    add(mix(hash), index)
                    add(mix(previous &* 31 ^ hash), index)
                    previous = hash
                    guard !isMasked, token.kind == .word || token.kind == .ideograph else { continue }
                    let length = min(Int(token.end - token.start), 64)
                    padded[0] = 0x20
                    for offset in 0..<length { padded[offset + 1] = folded[Int(token.start) + offset] }
                    padded[length + 1] = 0x20
                    for offset in length + 2..<length + 10 { padded[offset] = 0 }
                    let total = length + 2
                    for n in ngrams where n <= 8 && total >= n {
                        let mask: UInt64 = n == 8 ? ~0 : (1 << UInt64(n * 8)) - 1
                        let salt = UInt64(n) &* 0xD6E8_FEB8_6659_FD93
                        for from in 0...(total - n) {
                            let value = raw.loadUnaligned(fromByteOffset: from, as: UInt64.self) & mask
                            add(mix(value ^ salt), index)
                        }
                    }
                }
            }
        }
        add(0x9E37_79B9_7F4A_7C15, 0)  // a constant feature keeps empty texts defined
    }
}
