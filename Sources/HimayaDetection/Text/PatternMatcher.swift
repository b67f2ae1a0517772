/// Every lexicon pattern of every language. A pattern stays as it was written, a few steps of
/// alternatives, instead of being multiplied out into every sequence it stands for (three
/// classes of fifty words would be 125,000 paths). Only its first one or two steps are
/// multiplied out, into a shallow trie of words and stems shared by all patterns: a word of text
/// costs one probe at the root (plus one per stem length when its first three bytes begin some
/// stem), and the few patterns whose opening matched are then checked step by step, gaps
/// shortest first. Openings are mostly common words ("i", "you"), so each pattern also has an
/// anchor, a rarer step it needs: a post is searched once for the anchors its words satisfy, and
/// a pattern whose anchor none does is not checked at all.
struct PatternMatcher: Sendable {
    /// One place a pattern matched.
    struct Hit: Sendable, Equatable {
        /// The owner given when the pattern was added (an entry, or a context kind).
        var owner: Int
        var words: Range<Int>
        /// Words that a gap stepped over: context inside a gap ("I will not hurt you") counts.
        var skipped: [Int]
    }

    private typealias Item = LexiconPattern.Item

    /// A step as the matcher keeps it: a gap, or the index of a choice in `choices`. Plain
    /// numbers, so stepping through a pattern copies nothing that needs retaining.
    private enum Step: Sendable {
        case gap(Int)
        case choice(Int)
    }

    /// Every pattern's steps, one after another: pattern p's are `steps[patternStarts[p]..<patternStarts[p + 1]]`.
    private var steps: [Step] = []
    private var patternStarts: [Int32] = [0]
    private var choices: [LexiconPattern.Choice] = []
    /// (choice, word hash or stem key) → 1: membership in one open-addressing table rather than
    /// a `Set` per choice, whose seeded hashing costs more than the rest of a check.
    private var members = WordTable(capacity: 4096)
    private var owners: [Int32] = []
    /// Per pattern, a step it cannot match without (its rarest), as a choice index, or -1: a
    /// pattern whose anchor is in no word of a post is not checked there. Most continuations of
    /// common openings ("i", "you") end this way at the cost of one bit test.
    private var anchors: [Int32] = []
    /// (0, word hash or stem key) → the newest link in `anchorLinks` of the anchors it satisfies.
    private var anchorWords = WordTable(capacity: 4096)
    private var anchorLinks: [(anchor: Int32, next: Int32)] = []
    /// Byte lengths of anchor stems, and their first three bytes, as bit sets.
    private var anchorStemLengths: UInt64 = 0
    private var anchorStemPrefixes = [UInt64](repeating: 0, count: 1024)
    /// Anchors present in a post are kept as bits of their index modulo this.
    static let anchorBits = 8192
    /// The words an anchor needs at least this many bytes of.
    static let anchorWordLength = 3
    /// Trie edges: (node, word hash) or (node, stem key) → child node.
    private var edges = WordTable(capacity: 4096)
    /// Per node: byte lengths of the stems leaving it, as a bit set.
    private var stemLengths: [UInt64] = [0]
    /// Per node: first continuation in `continuations`, or -1.
    private var firstContinuation: [Int32] = [-1]
    /// (pattern, step to go on from, whether that step is checked again from the opening word,
    /// next continuation at the same node or -1).
    private var continuations: [(pattern: Int32, step: Int32, fromOpening: Bool, next: Int32)] = []
    /// The first three bytes of every stem leaving the root, as a bit set: most words begin
    /// like no stem at all and skip the stem probes.
    private var rootStemPrefixes = [UInt64](repeating: 0, count: 1024)
    /// The keys of the root's edges and of the anchor words, each as one bit of a filter small
    /// enough to stay in cache: most words of a post are neither, and a clear bit spares a probe
    /// of the large tables, which is most of the walk's cost.
    private var rootKeys = KeyFilter()
    private var anchorKeys = KeyFilter()
    /// Openings multiplied out per pattern at most; beyond it only the first step is.
    static let openingLimit = 4096

    init() {}

    var patternCount: Int { patternStarts.count - 1 }

    @inline(__always) private static func prefixBit(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        Int((UInt32(a) &* 0x9E37 ^ UInt32(b) &* 0x85EB ^ UInt32(c) &* 0xC2B3) & 0xFFFF)
    }

    /// The alternatives of a choice as item sequences, or nil when one holds a gap (such a
    /// choice is checked step by step, never multiplied out).
    private static func alternatives(_ choice: LexiconPattern.Choice) -> [[Item]]? {
        var all: [[Item]] = choice.words.sorted().map { [.word($0)] }
        all += choice.stemBytes.map { [.stem(key: WordHash.stem($0), bytes: $0)] }
        for sequence in choice.sequences {
            if sequence.contains(where: { if case .gap = $0 { true } else { false } }) { return nil }
            all.append(sequence)
        }
        return all
    }

    mutating func add(_ steps: [LexiconPattern.Step], owner: Int) {
        let number = Int32(patternCount)
        self.steps.append(contentsOf: steps.map { step in
            switch step {
            case .gap(let most): return .gap(most)
            case .choice(let choice):
                choices.append(choice)
                let index = UInt32(choices.count - 1)
                for word in choice.words { members.set(index, word, 1) }
                for key in choice.stemKeys { members.set(index, key, 1) }
                return .choice(choices.count - 1)
            }
        })
        patternStarts.append(Int32(self.steps.count))
        owners.append(Int32(owner))
        anchors.append(addAnchor(steps, first: Int(patternStarts[Int(number)])))
        // Every way the pattern can open: at its first step, and at later ones while the steps
        // before them may be left out.
        for (start, step) in steps.enumerated() {
            guard case .choice(let first) = step else { break }
            addOpenings(from: start, first: first, of: steps, pattern: number)
            if !first.allowsEmpty { break }
        }
    }

    /// Chooses the pattern's anchor: a step it needs, past its first, whose words all have three
    /// bytes or more (the longer its shortest word the better, then the fewer alternatives); and
    /// indexes the words that satisfy it. A pattern with no such step has none and is always checked.
    private mutating func addAnchor(_ steps: [LexiconPattern.Step], first: Int) -> Int32 {
        var best: (index: Int, shortest: Int, alternatives: Int)?
        for (index, step) in steps.enumerated() where index >= 1 {
            guard case .choice(let choice) = step, !choice.allowsEmpty, choice.shortestWord >= Self.anchorWordLength else { continue }
            guard choice.sequences.allSatisfy({ if case .gap = $0.first { false } else { true } }) else { continue }
            let alternatives = choice.words.count + choice.stemKeys.count + choice.sequences.count
            // Longer words are rarer; among steps alike, the one with fewer alternatives.
            let shortest = min(choice.shortestWord, 6)
            if let chosen = best, (chosen.shortest, -chosen.alternatives) >= (shortest, -alternatives) { continue }
            best = (index, shortest, alternatives)
        }
        guard let best, case .choice(let choice) = steps[best.index], case .choice(let anchor) = self.steps[first + best.index] else { return -1 }
        func link(_ key: UInt64) {
            anchorKeys.insert(key)
            anchorLinks.append((Int32(anchor), Int32(anchorWords.value(0, key).map(Int32.init) ?? -1)))
            anchorWords.set(0, key, UInt32(anchorLinks.count - 1))
        }
        func linkStem(_ bytes: [UInt8]) {
            link(WordHash.stem(bytes))
            anchorStemLengths |= 1 << UInt64(min(bytes.count, 63))
            let bit = Self.prefixBit(bytes[0], bytes[1], bytes[2])
            anchorStemPrefixes[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        for word in choice.words { link(word) }
        for bytes in choice.stemBytes { linkStem(bytes) }
        for sequence in choice.sequences {
            switch sequence.first {
            case .word(let hash): link(hash)
            case .stem(_, let bytes): linkStem(bytes)
            default: break
            }
        }
        return Int32(anchor)
    }

    /// The anchors that some word of a post satisfies, as bits of their index modulo `anchorBits`.
    private func presentAnchors(_ tokens: UnsafeBufferPointer<NormalisedText.Token>, _ folded: UnsafeBufferPointer<UInt8>, into bits: UnsafeMutableBufferPointer<UInt64>) {
        func mark(_ key: UInt64) {
            guard anchorKeys.contains(key) else { return }
            var link = anchorWords.value(0, key).map(Int.init) ?? -1
            while link >= 0 {
                let anchor = Int(anchorLinks[link].anchor) & (Self.anchorBits - 1)
                bits[anchor >> 6] |= 1 << UInt64(anchor & 63)
                link = Int(anchorLinks[link].next)
            }
        }
        for token in tokens {
            mark(token.hash)
            if token.strippedHash != 0 { mark(token.strippedHash) }
            guard anchorStemLengths != 0 else { continue }
            let from = Int(token.start)
            let length = min(Int(token.end) - from, 63)
            for offset in stride(from: 0, through: token.strippedHash != 0 ? 2 : 0, by: 2) where length - offset >= 3 {
                let bit = Self.prefixBit(folded[from + offset], folded[from + offset + 1], folded[from + offset + 2])
                guard anchorStemPrefixes[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { continue }
                var state = WordHash.seed
                for at in offset..<length {
                    state = WordHash.step(state, folded[from + at])
                    if anchorStemLengths & (1 << UInt64(at + 1 - offset)) != 0 { mark(WordHash.stemKey(fromState: state)) }
                }
            }
        }
    }

    private mutating func addOpenings(from start: Int, first: LexiconPattern.Choice, of steps: [LexiconPattern.Step], pattern: Int32) {
        guard let firstAlternatives = Self.alternatives(first) else {
            // A gap inside the opening alternatives: index by each alternative's first item and
            // check the whole step from there.
            let openings = first.sequences + first.words.map({ [.word($0)] }) + first.stemBytes.map({ [.stem(key: WordHash.stem($0), bytes: $0)] })
            for sequence in openings {
                if let item = sequence.first { insert([item], pattern: pattern, step: start, fromOpening: true) }
            }
            return
        }
        // A second step multiplied out too when it is a plain choice and the product stays small.
        if start + 1 < steps.count, case .choice(let second) = steps[start + 1], !second.allowsEmpty, !first.allowsEmpty,
            let secondAlternatives = Self.alternatives(second), firstAlternatives.count * secondAlternatives.count <= Self.openingLimit
        {
            for a in firstAlternatives {
                for b in secondAlternatives { insert(a + b, pattern: pattern, step: start + 2) }
            }
            return
        }
        for a in firstAlternatives { insert(a, pattern: pattern, step: start + 1) }
    }

    /// Adds a path of words and stems to the trie and the continuation at its end. When the path
    /// is only the first item of a longer alternative (the gap case), the continuation checks its
    /// step again from the opening word.
    private mutating func insert(_ path: [Item], pattern: Int32, step: Int, fromOpening: Bool = false) {
        var node: Int32 = 0
        for item in path {
            switch item {
            case .word(let hash):
                node = child(of: node, key: hash)
            case .stem(let key, let bytes):
                stemLengths[Int(node)] |= 1 << UInt64(min(bytes.count, 63))
                if node == 0, bytes.count >= 3 {
                    let bit = Self.prefixBit(bytes[0], bytes[1], bytes[2])
                    rootStemPrefixes[bit >> 6] |= 1 << UInt64(bit & 63)
                }
                node = child(of: node, key: key)
            case .gap:
                return
            }
        }
        var entry = firstContinuation[Int(node)]
        while entry >= 0 {
            let existing = continuations[Int(entry)]
            if existing.pattern == pattern && existing.step == Int32(step) && existing.fromOpening == fromOpening { return }
            entry = existing.next
        }
        continuations.append((pattern, Int32(step), fromOpening, firstContinuation[Int(node)]))
        firstContinuation[Int(node)] = Int32(continuations.count - 1)
    }

    private mutating func child(of node: Int32, key: UInt64) -> Int32 {
        if let existing = edges.value(UInt32(node), key) { return Int32(existing) }
        if node == 0 { rootKeys.insert(key) }
        stemLengths.append(0)
        firstContinuation.append(-1)
        let next = Int32(firstContinuation.count - 1)
        edges.set(UInt32(node), key, UInt32(next))
        return next
    }

    /// Every match in the text.
    func hits(in text: NormalisedText) -> [Hit] {
        var hits: [Hit] = []
        var skipped: [Int] = []
        steps.withUnsafeBufferPointer { steps in
            text.tokens.withUnsafeBufferPointer { tokens in
                text.folded.withUnsafeBufferPointer { folded in
                    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.anchorBits / 64) { present in
                        present.initialize(repeating: 0)
                        presentAnchors(tokens, folded, into: present)
                        let text = Text(steps: steps, tokens: tokens, folded: folded, present: UnsafeBufferPointer(present))
                        for start in tokens.indices {
                            walk(0, start, start, text, &skipped, &hits)
                        }
                    }
                }
            }
        }
        return hits
    }

    /// What a search reads, as plain buffers: no retain or bounds check on the hot path.
    private struct Text {
        var steps: UnsafeBufferPointer<Step>
        var tokens: UnsafeBufferPointer<NormalisedText.Token>
        var folded: UnsafeBufferPointer<UInt8>
        /// Anchors some word of the text satisfies (`presentAnchors`).
        var present: UnsafeBufferPointer<UInt64>

        @inline(__always) func mayMatch(_ anchor: Int32) -> Bool {
            guard anchor >= 0 else { return true }
            let bit = Int(anchor) & (PatternMatcher.anchorBits - 1)
            return present[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }
    }

    /// Follows the trie from `node` with the word at `position`; at each node reached, checks
    /// the rest of the patterns that opened there.
    private func walk(_ node: Int32, _ start: Int, _ position: Int, _ text: Text, _ skipped: inout [Int], _ hits: inout [Hit]) {
        let folded = text.folded
        if node != 0 {
            var entry = firstContinuation[Int(node)]
            while entry >= 0 {
                let continuation = continuations[Int(entry)]
                entry = continuation.next
                guard text.mayMatch(anchors[Int(continuation.pattern)]) else { continue }
                skipped.removeAll(keepingCapacity: true)
                let first = Int(patternStarts[Int(continuation.pattern)])
                let last = Int(patternStarts[Int(continuation.pattern) + 1])
                let from = continuation.fromOpening ? start : position
                if let end = match(first + Int(continuation.step), last, from, text, &skipped), end > start {
                    hits.append(Hit(owner: Int(owners[Int(continuation.pattern)]), words: start..<end, skipped: skipped))
                }
            }
        }
        guard position < text.tokens.count else { return }
        let token = text.tokens[position]
        if let next = edge(node, token.hash) { walk(Int32(next), start, position + 1, text, &skipped, &hits) }
        if token.strippedHash != 0, let next = edge(node, token.strippedHash) {
            walk(Int32(next), start, position + 1, text, &skipped, &hits)
        }
        let lengths = stemLengths[Int(node)]
        guard lengths != 0 else { return }
        let from = Int(token.start)
        let length = min(Int(token.end) - from, 63)
        // The word as written, then (for an Arabic word with a one-letter prefix) without it.
        for offset in stride(from: 0, through: token.strippedHash != 0 ? 2 : 0, by: 2) {
            guard length - offset >= 1 else { continue }
            if node == 0 {
                guard length - offset >= 3 else { continue }
                let bit = Self.prefixBit(folded[from + offset], folded[from + offset + 1], folded[from + offset + 2])
                guard rootStemPrefixes[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { continue }
            }
            var state = WordHash.seed
            var at = offset
            while at < length {
                state = WordHash.step(state, folded[from + at])
                at += 1
                if lengths & (1 << UInt64(at - offset)) != 0, let next = edge(node, WordHash.stemKey(fromState: state)) {
                    walk(Int32(next), start, position + 1, text, &skipped, &hits)
                }
            }
        }
    }

    /// The child of `node` along a word or stem key; at the root, the filter answers most words.
    @inline(__always) private func edge(_ node: Int32, _ key: UInt64) -> UInt32? {
        if node == 0 && !rootKeys.contains(key) { return nil }
        return edges.value(UInt32(node), key)
    }

    /// The end of a match of `steps[step..<last]` from word `position`, trying alternatives in
    /// order and gaps shortest first; nil when there is none.
    private func match(_ step: Int, _ last: Int, _ position: Int, _ text: Text, _ skipped: inout [Int]) -> Int? {
        guard step < last else { return position }
        switch text.steps[step] {
        case .gap(let most):
            for count in 0...most where position + count <= text.tokens.count {
                let mark = skipped.count
                skipped.append(contentsOf: position..<position + count)
                if let end = match(step + 1, last, position + count, text, &skipped) { return end }
                skipped.removeSubrange(mark...)
            }
            return nil
        case .choice(let index):
            if position < text.tokens.count {
                let token = text.tokens[position]
                if members.value(UInt32(index), token.hash) != nil || token.strippedHash != 0 && members.value(UInt32(index), token.strippedHash) != nil
                    || stemMatches(index, token, text.folded)
                {
                    if let end = match(step + 1, last, position + 1, text, &skipped) { return end }
                }
                for alternative in choices[index].sequences.indices {
                    if let end = matchItems(index, alternative, 0, position, step + 1, last, text, &skipped) { return end }
                }
            }
            if choices[index].allowsEmpty { return match(step + 1, last, position, text, &skipped) }
            return nil
        }
    }

    /// Matches item `item` onwards of one longer alternative of a choice, then the rest of the
    /// pattern from step `next`.
    private func matchItems(
        _ choice: Int, _ alternative: Int, _ item: Int, _ position: Int, _ next: Int, _ last: Int, _ text: Text, _ skipped: inout [Int]
    ) -> Int? {
        let count = choices[choice].sequences[alternative].count
        guard item < count else { return match(next, last, position, text, &skipped) }
        switch choices[choice].sequences[alternative][item] {
        case .gap(let most):
            for skip in 0...most where position + skip <= text.tokens.count {
                let mark = skipped.count
                skipped.append(contentsOf: position..<position + skip)
                if let end = matchItems(choice, alternative, item + 1, position + skip, next, last, text, &skipped) { return end }
                skipped.removeSubrange(mark...)
            }
            return nil
        case .word(let hash):
            guard position < text.tokens.count else { return nil }
            let token = text.tokens[position]
            guard token.hash == hash || token.strippedHash == hash else { return nil }
            return matchItems(choice, alternative, item + 1, position + 1, next, last, text, &skipped)
        case .stem(_, let bytes):
            guard position < text.tokens.count else { return nil }
            let token = text.tokens[position]
            guard Self.begins(text.folded, Int(token.start), Int(token.end), with: bytes)
                || token.strippedHash != 0 && Self.begins(text.folded, Int(token.start) + 2, Int(token.end), with: bytes)
            else { return nil }
            return matchItems(choice, alternative, item + 1, position + 1, next, last, text, &skipped)
        }
    }

    private func stemMatches(_ index: Int, _ token: NormalisedText.Token, _ folded: UnsafeBufferPointer<UInt8>) -> Bool {
        let lengths = choices[index].stemLengths
        guard lengths != 0 else { return false }
        let from = Int(token.start)
        let length = min(Int(token.end) - from, 63)
        for offset in stride(from: 0, through: token.strippedHash != 0 ? 2 : 0, by: 2) {
            var state = WordHash.seed
            var at = offset
            while at < length {
                state = WordHash.step(state, folded[from + at])
                at += 1
                if lengths & (1 << UInt64(at - offset)) != 0, members.value(UInt32(index), WordHash.stemKey(fromState: state)) != nil { return true }
            }
        }
        return false
    }

    private static func begins(_ folded: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, with bytes: [UInt8]) -> Bool {
        guard end - start >= bytes.count else { return false }
        for (offset, byte) in bytes.enumerated() where folded[start + offset] != byte { return false }
        return true
    }
}
