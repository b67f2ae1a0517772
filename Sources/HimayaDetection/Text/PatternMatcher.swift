/// Every lexicon pattern of every language in one word trie. Patterns expand to many sequences
/// (each alternative, each member of a class), and those sequences share most of their words, so
/// a trie walks each shared prefix once. Words and stems are both edges in one open-addressing
/// table keyed by (node, word hash) or (node, stem hash): at each node a word of text costs one
/// probe plus one per stem length that leaves that node. Gaps are edges that skip words.
struct PatternMatcher: Sendable {
    /// One place a sequence matched.
    struct Hit: Sendable, Equatable {
        /// The owner given when the sequence was added (an entry, or a context kind).
        var owner: Int
        var words: Range<Int>
        /// Words that a gap stepped over: context inside a gap ("I will not hurt you") counts.
        var skipped: [Int]
    }

    private var edges = WordTable(capacity: 4096)
    /// Per node: stem lengths (bytes) of the stem edges leaving it, as a bit set.
    private var stemLengths: [UInt64] = [0]
    /// Per node: gap edges (largest skip, child).
    private var gaps: [[(most: Int, child: Int32)]] = [[]]
    /// Per node: owners of the sequences ending there.
    private var outputs: [[Int32]] = [[]]
    /// Bit set of the first three bytes of every stem that begins a sequence: most words of a
    /// text begin like no stem at all, and skip the stem probes at the root.
    private var rootStemPrefixes = [UInt64](repeating: 0, count: 1024)
    private(set) var sequenceCount = 0

    @inline(__always) private static func prefixBit(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        Int((UInt32(a) &* 0x9E37 ^ UInt32(b) &* 0x85EB ^ UInt32(c) &* 0xC2B3) & 0xFFFF)
    }

    init() {}

    var nodeCount: Int { outputs.count }

    private mutating func newNode() -> Int32 {
        stemLengths.append(0)
        gaps.append([])
        outputs.append([])
        return Int32(outputs.count - 1)
    }

    mutating func add(_ compiled: [[LexiconPattern.Item]], owner: Int) {
        for sequence in compiled {
            sequenceCount += 1
            var node: Int32 = 0
            for item in sequence {
                switch item {
                case .word(let hash):
                    node = child(of: node, key: hash)
                case .stem(let key, let bytes):
                    stemLengths[Int(node)] |= 1 << UInt64(min(bytes.count, 63))
                    if node == 0 {
                        let bit = Self.prefixBit(bytes[0], bytes[1], bytes[2])
                        rootStemPrefixes[bit >> 6] |= 1 << UInt64(bit & 63)
                    }
                    node = child(of: node, key: key)
                case .gap(let most):
                    if let existing = gaps[Int(node)].first(where: { $0.most == most }) {
                        node = existing.child
                    } else {
                        let next = newNode()
                        gaps[Int(node)].append((most, next))
                        node = next
                    }
                }
            }
            if !outputs[Int(node)].contains(Int32(owner)) { outputs[Int(node)].append(Int32(owner)) }
        }
    }

    private mutating func child(of node: Int32, key: UInt64) -> Int32 {
        if let existing = edges.value(UInt32(node), key) { return Int32(existing) }
        let next = newNode()
        edges.set(UInt32(node), key, UInt32(next))
        return next
    }

    /// Every match in the text.
    func hits(in text: NormalisedText) -> [Hit] {
        var hits: [Hit] = []
        var skipped: [Int] = []
        text.folded.withUnsafeBufferPointer { folded in
            for start in text.tokens.indices {
                walk(0, start, start, text, folded, &skipped, &hits)
            }
        }
        return hits
    }

    /// Follows every edge from `node` that the word at `position` allows, reporting each end.
    private func walk(
        _ node: Int32, _ start: Int, _ position: Int, _ text: NormalisedText, _ folded: UnsafeBufferPointer<UInt8>, _ skipped: inout [Int],
        _ hits: inout [Hit]
    ) {
        if node != 0 {
            for owner in outputs[Int(node)] { hits.append(Hit(owner: Int(owner), words: start..<position, skipped: skipped)) }
            // A gap may only lead on to more words: a sequence never ends with one.
            for gap in gaps[Int(node)] {
                for count in 0...gap.most where position + count < text.tokens.count {
                    let mark = skipped.count
                    skipped.append(contentsOf: position..<position + count)
                    walk(gap.child, start, position + count, text, folded, &skipped, &hits)
                    skipped.removeSubrange(mark...)
                }
            }
        }
        guard position < text.tokens.count else { return }
        let token = text.tokens[position]
        if let next = edges.value(UInt32(node), token.hash) { walk(Int32(next), start, position + 1, text, folded, &skipped, &hits) }
        if token.strippedHash != 0, let next = edges.value(UInt32(node), token.strippedHash) {
            walk(Int32(next), start, position + 1, text, folded, &skipped, &hits)
        }
        let lengths = stemLengths[Int(node)]
        guard lengths != 0 else { return }
        let from = Int(token.start)
        let length = min(Int(token.end) - from, 63)
        if node == 0 && token.strippedHash == 0 {
            guard length >= 3 else { return }
            let bit = Self.prefixBit(folded[from], folded[from + 1], folded[from + 2])
            guard rootStemPrefixes[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return }
        }
        var state = WordHash.seed
        var offset = 0
        while offset < length {
            state = WordHash.step(state, folded[from + offset])
            offset += 1
            if lengths & (1 << UInt64(offset)) != 0, let next = edges.value(UInt32(node), WordHash.stemKey(fromState: state)) {
                walk(Int32(next), start, position + 1, text, folded, &skipped, &hits)
            }
        }
        // Arabic one-letter prefixes before a stem: "وسنقتلك" still begins with "سنقتل".
        if token.strippedHash != 0 {
            state = WordHash.seed
            offset = 2
            while offset < length {
                state = WordHash.step(state, folded[from + offset])
                offset += 1
                if lengths & (1 << UInt64(offset - 2)) != 0, let next = edges.value(UInt32(node), WordHash.stemKey(fromState: state)) {
                    walk(Int32(next), start, position + 1, text, folded, &skipped, &hits)
                }
            }
        }
    }
}
