/// Every lexicon pattern of every language. A pattern stays as it was written, a few steps of
/// alternatives, instead of being multiplied out into every sequence it stands for (three
/// classes of fifty words would be 125,000 paths). Only its first one or two steps are
/// multiplied out, into a shallow trie of words and stems shared by all patterns: a word of text
/// costs one probe at the root (plus one per stem length when its first three bytes begin some
/// stem), and the few patterns whose opening matched are then checked step by step, gaps
/// shortest first. Openings are mostly common words ("i", "you"), so each pattern also has an
/// anchor, the rarest step it needs (never one of the languages' most frequent words, where it
/// has another): a post is searched once for the anchors its words satisfy, a pattern whose
/// anchor none does is not checked at all, and a post where no pattern that stands on its own
/// (an entry, not the context around one) has its anchor is not walked at all. That is most
/// posts: ordinary text is mostly frequent words. Nor is a pattern tried in a post that lacks
/// every word of some step it needs (`requirements`, read from a small filter of the post's
/// words): a pattern of frequent words is anchored on one of them, but seldom has them all.
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

    /// A step as the matcher keeps it: a gap, or the index of a choice. Plain numbers, so
    /// stepping through a pattern copies nothing that needs retaining.
    private enum Step: Sendable {
        case gap(Int)
        case choice(Int)
    }

    /// Every pattern's steps, one after another: pattern p's are `steps[patternStarts[p]..<patternStarts[p + 1]]`.
    private var steps: [Step] = []
    private var patternStarts: [Int32] = [0]
    /// Per choice: whether it may be left out, and the byte lengths of its stems as a bit set.
    private var choiceAllowsEmpty: [Bool] = []
    private var choiceStemLengths: [UInt64] = []
    /// Per choice, where its longer alternatives start in `sequenceFirsts`: the hash of each
    /// alternative's first word, or 0 when it opens with a stem or a gap. Most alternatives are
    /// ruled out by their first word; reading it from one flat array spares stepping into each
    /// (Chinese choices hold dozens of two-character words).
    private var sequenceFirstStarts: [Int32] = [0]
    private var sequenceFirsts: [UInt64] = []
    /// Per longer alternative (in the order of `sequenceFirsts`), its items in `sequenceItems`;
    /// stems' bytes in `stemBytes`. Flat and plain, like the steps.
    private var sequenceItemStarts: [Int32] = [0]
    private var sequenceItems: [FlatItem] = []
    private var stemBytes: [UInt8] = []

    /// An item of a longer alternative: a word (`hash`), a stem (bytes `start..<start+count` of
    /// `stemBytes`) or a gap of up to `count` words.
    private struct FlatItem: Sendable {
        enum Kind: UInt8, Sendable { case word, stem, gap }
        var kind: Kind
        var hash: UInt64 = 0
        var start: Int32 = 0
        var count: Int32 = 0
    }
    /// (choice, word hash or stem key) → 1: membership in one open-addressing table rather than
    /// a `Set` per choice, whose seeded hashing costs more than the rest of a check.
    private var members = WordTable(capacity: 4096)
    /// The same pairs as a filter (`memberKey`): most tests of a word against a step fail, and
    /// the filter, unlike the table, stays in cache.
    private var memberKeys = KeyFilter()
    private var owners: [Int32] = []
    /// Per pattern, a step it cannot match without (its rarest), as a choice index, or -1: a
    /// pattern whose anchor is in no word of a post is not checked there. Most continuations of
    /// common openings ("i", "you") end this way at the cost of one bit test.
    private var anchors: [Int32] = []
    /// The words and stems that satisfy some anchor, kept apart for the patterns that stand alone
    /// and for context: a post is read for the first, and for the second only when one matched.
    private var entryAnchorWords = AnchorWords()
    private var contextAnchorWords = AnchorWords()
    private var anchorLinks: [(anchor: Int32, pattern: Int32, next: Int32)] = []
    /// Per pattern, the words it needs: for each step it cannot do without whose alternatives all
    /// begin with a word, those words as `WordBloom.words` bits (pattern p's masks are
    /// `requirements[requirementStarts[p]..<requirementStarts[p + 1]]`, `WordBloom.words` each).
    /// A post that has no word of one of them cannot match the pattern, which is then not tried:
    /// a pattern of frequent words needs them all ("we are coming for you").
    private var requirements: [UInt64] = []
    private var requirementStarts: [Int32] = [0]
    /// Per pattern, how many words come before its anchor at least and at most: where a word
    /// satisfies the anchor, the pattern can only start that far back.
    private var anchorPlaces: [(fewest: Int32, most: Int32)] = []
    /// Patterns that stand alone and have no anchor: while there is one, every post is walked.
    private var unanchored = 0
    /// The languages' most frequent words, by hash and by folded spelling, each with its place
    /// in its language's list (0 the most frequent): a pattern anchors on one only when every
    /// step it needs holds one, and then on the least frequent it can.
    private let frequentWords: [UInt64: Int]
    private let frequentSpellings: [(bytes: [UInt8], rank: Int)]
    /// Anchors present in a post are kept as bits of their index modulo this.
    static let anchorBits = 8192
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
    /// The keys of the root's edges, each as one bit of a filter small enough to stay in cache:
    /// most words of a post open no pattern, and a clear bit spares a probe of the large table.
    private var rootKeys = KeyFilter()

    /// Words and stem keys that satisfy anchors, each to the newest of its links in `anchorLinks`.
    private struct AnchorWords: Sendable {
        /// The keys as a filter: most words of a post satisfy no anchor.
        var keys = KeyFilter()
        /// (0, word hash or stem key) → the newest link.
        var links = WordTable(capacity: 4096)
        /// Byte lengths of the stems, and their first three bytes, as bit sets.
        var stemLengths: UInt64 = 0
        var stemPrefixes = [UInt64](repeating: 0, count: 1024)

        /// The newest link of a key, or -1.
        func newest(_ key: UInt64) -> Int32 { links.value(0, key).map(Int32.init) ?? -1 }

        /// Makes `link` the newest of a key (a stem's key, with the stem's bytes).
        mutating func insert(_ key: UInt64, link: Int32, stem: [UInt8]?) {
            keys.insert(key)
            links.set(0, key, UInt32(link))
            guard let stem else { return }
            stemLengths |= 1 << UInt64(min(stem.count, 63))
            let bit = PatternMatcher.prefixBit(stem[0], stem[1], stem[2])
            stemPrefixes[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }
    /// Openings multiplied out per pattern at most; beyond it only the first step is.
    static let openingLimit = 4096

    /// A matcher that anchors patterns away from frequent words: per language, folded, the
    /// most frequent first.
    init(frequentWords: [[[UInt8]]] = []) {
        frequentSpellings = frequentWords.flatMap { $0.enumerated().map { ($1, $0) } }
        self.frequentWords = Dictionary(frequentSpellings.map { (WordHash.of($0.bytes), $0.rank) }, uniquingKeysWith: min)
    }

    var patternCount: Int { patternStarts.count - 1 }

    @inline(__always) fileprivate static func prefixBit(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
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

    /// Adds a pattern, and says how well it is anchored. One that does not `standsAlone` is
    /// context, which means something only beside a pattern that does (a negation, a
    /// connective): a post where no pattern standing alone can match yields no hits at all.
    @discardableResult
    mutating func add(_ steps: [LexiconPattern.Step], owner: Int, standsAlone: Bool = true) -> Anchoring {
        let number = Int32(patternCount)
        self.steps.append(contentsOf: steps.map { step in
            switch step {
            case .gap(let most): return .gap(most)
            case .choice(let choice):
                choiceAllowsEmpty.append(choice.allowsEmpty)
                choiceStemLengths.append(choice.stemLengths)
                for sequence in choice.sequences {
                    if case .word(let hash) = sequence.first { sequenceFirsts.append(hash) } else { sequenceFirsts.append(0) }
                    for item in sequence {
                        switch item {
                        case .word(let hash): sequenceItems.append(FlatItem(kind: .word, hash: hash))
                        case .stem(_, let bytes):
                            sequenceItems.append(FlatItem(kind: .stem, start: Int32(stemBytes.count), count: Int32(bytes.count)))
                            stemBytes += bytes
                        case .gap(let most): sequenceItems.append(FlatItem(kind: .gap, count: Int32(most)))
                        }
                    }
                    sequenceItemStarts.append(Int32(sequenceItems.count))
                }
                sequenceFirstStarts.append(Int32(sequenceFirsts.count))
                let index = UInt32(choiceAllowsEmpty.count - 1)
                for word in choice.words.union(choice.stemKeys) {
                    members.set(index, word, 1)
                    memberKeys.insert(Self.memberKey(Int(index), word))
                }
                return .choice(Int(index))
            }
        })
        patternStarts.append(Int32(self.steps.count))
        owners.append(Int32(owner))
        addRequirements(steps)
        let (anchor, anchoring) = addAnchor(steps, first: Int(patternStarts[Int(number)]), pattern: number, standsAlone: standsAlone)
        anchors.append(anchor)
        if standsAlone && anchor < 0 { unanchored += 1 }
        // Every way the pattern can open: at its first step, and at later ones while the steps
        // before them may be left out.
        for (start, step) in steps.enumerated() {
            guard case .choice(let first) = step else { break }
            addOpenings(from: start, first: first, of: steps, pattern: number)
            if !first.allowsEmpty { break }
        }
        return anchoring
    }

    /// Keeps the words each step the pattern needs begins with (`requirements`), for the steps
    /// where every alternative begins with a word: a stem or a gap could begin with anything.
    private mutating func addRequirements(_ steps: [LexiconPattern.Step]) {
        for case .choice(let choice) in steps where !choice.allowsEmpty && choice.stemKeys.isEmpty {
            var firsts = Array(choice.words)
            for sequence in choice.sequences {
                guard case .word(let hash) = sequence.first else {
                    firsts = []
                    break
                }
                firsts.append(hash)
            }
            guard !firsts.isEmpty else { continue }
            var mask = [UInt64](repeating: 0, count: WordBloom.words)
            for word in firsts { WordBloom.set(word, in: &mask) }
            requirements += mask
        }
        requirementStarts.append(Int32(requirements.count))
    }

    /// How a pattern is anchored: on a step no frequent word satisfies (most posts skip it), on
    /// frequent words only (most posts in their language are checked for it), or not at all
    /// (every post is).
    enum Anchoring: Sendable, Equatable { case rare, frequent, none }

    /// Chooses the pattern's anchor: a step it needs, rather one that no frequent word satisfies,
    /// then the longer its shortest word the better (longer words are rarer), then the fewer
    /// alternatives; and indexes the words that satisfy it. A pattern with no step it needs has
    /// none and is always checked.
    private mutating func addAnchor(_ steps: [LexiconPattern.Step], first: Int, pattern: Int32, standsAlone: Bool) -> (Int32, Anchoring) {
        var best: (index: Int, rarity: Int, shortest: Int, alternatives: Int)?
        for (index, step) in steps.enumerated() {
            guard case .choice(let choice) = step, !choice.allowsEmpty else { continue }
            guard choice.sequences.allSatisfy({ anchorIndex(of: $0) != nil }) else { continue }
            let alternatives = choice.words.count + choice.stemKeys.count + choice.sequences.count
            let rarity = rarity(of: choice)
            let shortest = min(choice.shortestWord, 6)
            if let chosen = best, (chosen.rarity, chosen.shortest, -chosen.alternatives) >= (rarity, shortest, -alternatives) { continue }
            best = (index, rarity, shortest, alternatives)
        }
        guard let best, case .choice(let choice) = steps[best.index], case .choice(let anchor) = self.steps[first + best.index] else {
            anchorPlaces.append((0, 0))
            return (-1, .none)
        }
        // The words before the anchor: the steps before its step, and within a longer alternative
        // the items before the one that stands for it.
        var before = steps[..<best.index].map(Self.width)
        var within = choice.words.isEmpty && choice.stemKeys.isEmpty ? (fewest: Int.max, most: 0) : (fewest: 0, most: 0)
        for sequence in choice.sequences {
            guard let item = anchorIndex(of: sequence) else { continue }
            let width = Self.width(of: sequence[..<item])
            within = (min(within.fewest, width.fewest), max(within.most, width.most))
        }
        before.append(within)
        anchorPlaces.append((Int32(clamping: before.map(\.fewest).reduce(0, &+)), Int32(clamping: before.map(\.most).reduce(0, &+))))
        let words = standsAlone ? \PatternMatcher.entryAnchorWords : \PatternMatcher.contextAnchorWords
        func link(_ key: UInt64, stem: [UInt8]? = nil) {
            anchorLinks.append((Int32(anchor), pattern, self[keyPath: words].newest(key)))
            self[keyPath: words].insert(key, link: Int32(anchorLinks.count - 1), stem: stem)
        }
        func linkStem(_ bytes: [UInt8]) { link(WordHash.stem(bytes), stem: bytes) }
        for word in choice.words { link(word) }
        for bytes in choice.stemBytes { linkStem(bytes) }
        for sequence in choice.sequences {
            switch anchorIndex(of: sequence).map({ sequence[$0] }) {
            case .word(let hash): link(hash)
            case .stem(_, let bytes): linkStem(bytes)
            default: break
            }
        }
        return (Int32(anchor), best.rarity == Int.max ? .rare : .frequent)
    }

    /// How many words a step takes, at least and at most.
    private static func width(_ step: LexiconPattern.Step) -> (fewest: Int, most: Int) {
        switch step {
        case .gap(let most): return (0, most)
        case .choice(let choice):
            var fewest = choice.words.isEmpty && choice.stemKeys.isEmpty ? Int.max : 1
            var most = choice.words.isEmpty && choice.stemKeys.isEmpty ? 0 : 1
            for sequence in choice.sequences {
                let width = width(of: sequence[...])
                (fewest, most) = (min(fewest, width.fewest), max(most, width.most))
            }
            return (choice.allowsEmpty ? 0 : min(fewest, most), most)
        }
    }

    /// How many words a run of items takes, at least and at most.
    private static func width(of items: ArraySlice<Item>) -> (fewest: Int, most: Int) {
        var (fewest, most) = (0, 0)
        for item in items {
            if case .gap(let gap) = item { most += gap } else { (fewest, most) = (fewest + 1, most + 1) }
        }
        return (fewest, most)
    }

    /// The item of a longer alternative that stands for it among the anchors: all its words are
    /// in a post it matches, so its rarest will do (the first, among equals).
    private func anchorIndex(of sequence: [Item]) -> Int? {
        var best: (index: Int, rarity: Int)?
        for (index, item) in sequence.enumerated() {
            if case .gap = item { continue }
            let rarity = rarity(of: item)
            if best.map({ rarity > $0.rarity }) ?? true { best = (index, rarity) }
        }
        return best?.index
    }

    /// How rarely an item is met: `Int.max` for no frequent word, else the place in its
    /// language's list of the most frequent word it is or a stem of.
    private func rarity(of item: Item) -> Int {
        switch item {
        case .word(let hash): frequentWords[hash] ?? Int.max
        case .stem(_, let bytes): frequentSpellings.filter { $0.bytes.starts(with: bytes) }.map(\.rank).min() ?? Int.max
        case .gap: Int.max
        }
    }

    /// How rarely a step is satisfied: as its most frequent alternative is.
    private func rarity(of choice: LexiconPattern.Choice) -> Int {
        var rarity = choice.words.compactMap { frequentWords[$0] }.min() ?? Int.max
        for bytes in choice.stemBytes { rarity = min(rarity, self.rarity(of: .stem(key: 0, bytes: bytes))) }
        for sequence in choice.sequences { rarity = min(rarity, anchorIndex(of: sequence).map { self.rarity(of: sequence[$0]) } ?? 0) }
        return rarity
    }

    /// The anchors in `words` that some word of a post satisfies, as bits of their index modulo
    /// `anchorBits`; when `checking`, returns whether one of their patterns matches somewhere,
    /// checked only from where its anchor allows it to start.
    private func presentAnchors(_ text: Text, _ words: AnchorWords, into bits: UnsafeMutableBufferPointer<UInt64>, checking: Bool) -> Bool {
        let tokens = text.tokens
        let folded = text.folded
        var matched = false
        var skipped: [Int] = []
        var position = 0
        func mark(_ key: UInt64) {
            guard words.keys.contains(key) else { return }
            var link = words.links.value(0, key).map(Int.init) ?? -1
            while link >= 0 {
                let found = anchorLinks[link]
                let anchor = Int(found.anchor) & (Self.anchorBits - 1)
                bits[anchor >> 6] |= 1 << UInt64(anchor & 63)
                if checking && !matched && text.mayHold(Int(found.pattern)) {
                    matched = matches(Int(found.pattern), anchoredAt: position, text, &skipped)
                }
                link = Int(found.next)
            }
        }
        for (index, token) in tokens.enumerated() {
            position = index
            mark(token.hash)
            if token.strippedHash != 0 { mark(token.strippedHash) }
            guard words.stemLengths != 0 else { continue }
            let from = Int(token.start)
            let length = min(Int(token.end) - from, 63)
            for offset in stride(from: 0, through: token.strippedHash != 0 ? 2 : 0, by: 2) where length - offset >= 3 {
                let bit = Self.prefixBit(folded[from + offset], folded[from + offset + 1], folded[from + offset + 2])
                guard words.stemPrefixes[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { continue }
                var state = WordHash.seed
                for at in offset..<length {
                    state = WordHash.step(state, folded[from + at])
                    if words.stemLengths & (1 << UInt64(at + 1 - offset)) != 0 { mark(WordHash.stemKey(fromState: state)) }
                }
            }
        }
        return matched
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

    /// Every match in the text; none where no pattern that stands alone matches (context alone
    /// means nothing).
    func hits(in text: NormalisedText) -> [Hit] {
        var hits: [Hit] = []
        var skipped: [Int] = []
        steps.withUnsafeBufferPointer { steps in
            text.tokens.withUnsafeBufferPointer { tokens in
                text.folded.withUnsafeBufferPointer { folded in
                    requirements.withUnsafeBufferPointer { requirements in
                        requirementStarts.withUnsafeBufferPointer { requirementStarts in
                            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.anchorBits / 64 + WordBloom.words) { scratch in
                                let present = UnsafeMutableBufferPointer(rebasing: scratch[0..<Self.anchorBits / 64])
                                let bloom = UnsafeMutableBufferPointer(rebasing: scratch[(Self.anchorBits / 64)..<scratch.count])
                                present.initialize(repeating: 0)
                                WordBloom.fill(bloom, with: tokens)
                                let text = Text(
                                    steps: steps, tokens: tokens, folded: folded, present: UnsafeBufferPointer(present),
                                    bloom: UnsafeBufferPointer(bloom), requirements: requirements, requirementStarts: requirementStarts)
                                guard presentAnchors(text, entryAnchorWords, into: present, checking: true) || unanchored > 0 else { return }
                                _ = presentAnchors(text, contextAnchorWords, into: present, checking: false)
                                for start in tokens.indices {
                                    walk(0, start, start, text, &skipped, &hits)
                                }
                            }
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
        /// The text's words (`WordBloom`), and the words each pattern needs.
        var bloom: UnsafeBufferPointer<UInt64>
        var requirements: UnsafeBufferPointer<UInt64>
        var requirementStarts: UnsafeBufferPointer<Int32>

        /// Whether the text may hold a word of each step the pattern needs (`requirements`).
        @inline(__always) func mayHold(_ pattern: Int) -> Bool {
            var at = Int(requirementStarts[pattern])
            let end = Int(requirementStarts[pattern + 1])
            while at < end {
                var shared: UInt64 = 0
                for word in 0..<WordBloom.words { shared |= requirements[at + word] & bloom[word] }
                if shared == 0 { return false }
                at += WordBloom.words
            }
            return true
        }

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
                guard text.mayMatch(anchors[Int(continuation.pattern)]), text.mayHold(Int(continuation.pattern)) else { continue }
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

    /// Whether a pattern matches starting where the word at `position`, which satisfies its
    /// anchor, allows.
    private func matches(_ pattern: Int, anchoredAt position: Int, _ text: Text, _ skipped: inout [Int]) -> Bool {
        let place = anchorPlaces[pattern]
        let first = Int(patternStarts[pattern])
        let last = Int(patternStarts[pattern + 1])
        var start = position - Int(place.fewest)
        while start >= max(0, position - Int(place.most)) {
            skipped.removeAll(keepingCapacity: true)
            if match(first, last, start, text, &skipped) != nil { return true }
            start -= 1
        }
        return false
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
                if isMember(index, token.hash) || token.strippedHash != 0 && isMember(index, token.strippedHash)
                    || stemMatches(index, token, text.folded)
                {
                    if let end = match(step + 1, last, position + 1, text, &skipped) { return end }
                }
                let firsts = Int(sequenceFirstStarts[index])..<Int(sequenceFirstStarts[index + 1])
                for sequence in firsts {
                    let first = sequenceFirsts[sequence]
                    guard first == 0 || first == token.hash || first == token.strippedHash else { continue }
                    let items = Int(sequenceItemStarts[sequence])..<Int(sequenceItemStarts[sequence + 1])
                    if let end = matchItems(items, position, step + 1, last, text, &skipped) { return end }
                }
            }
            if choiceAllowsEmpty[index] { return match(step + 1, last, position, text, &skipped) }
            return nil
        }
    }

    /// Matches the items (of one longer alternative of a choice) from word `position`, then the
    /// rest of the pattern from step `next`.
    private func matchItems(_ items: Range<Int>, _ position: Int, _ next: Int, _ last: Int, _ text: Text, _ skipped: inout [Int]) -> Int? {
        guard let item = items.first else { return match(next, last, position, text, &skipped) }
        let rest = item + 1..<items.upperBound
        let flat = sequenceItems[item]
        switch flat.kind {
        case .gap:
            for skip in 0...Int(flat.count) where position + skip <= text.tokens.count {
                let mark = skipped.count
                skipped.append(contentsOf: position..<position + skip)
                if let end = matchItems(rest, position + skip, next, last, text, &skipped) { return end }
                skipped.removeSubrange(mark...)
            }
            return nil
        case .word:
            guard position < text.tokens.count else { return nil }
            let token = text.tokens[position]
            guard token.hash == flat.hash || token.strippedHash == flat.hash else { return nil }
            return matchItems(rest, position + 1, next, last, text, &skipped)
        case .stem:
            guard position < text.tokens.count else { return nil }
            let token = text.tokens[position]
            let bytes = Int(flat.start)..<Int(flat.start + flat.count)
            guard begins(text.folded, Int(token.start), Int(token.end), with: bytes)
                || token.strippedHash != 0 && begins(text.folded, Int(token.start) + 2, Int(token.end), with: bytes)
            else { return nil }
            return matchItems(rest, position + 1, next, last, text, &skipped)
        }
    }

    @inline(__always) private static func memberKey(_ choice: Int, _ word: UInt64) -> UInt64 {
        WordHash.finish(word ^ UInt64(choice) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Whether a word or stem key is one of a choice's alternatives.
    @inline(__always) private func isMember(_ choice: Int, _ word: UInt64) -> Bool {
        memberKeys.contains(Self.memberKey(choice, word)) && members.value(UInt32(choice), word) != nil
    }

    private func stemMatches(_ index: Int, _ token: NormalisedText.Token, _ folded: UnsafeBufferPointer<UInt8>) -> Bool {
        let lengths = choiceStemLengths[index]
        guard lengths != 0 else { return false }
        let from = Int(token.start)
        let length = min(Int(token.end) - from, 63)
        for offset in stride(from: 0, through: token.strippedHash != 0 ? 2 : 0, by: 2) {
            var state = WordHash.seed
            var at = offset
            while at < length {
                state = WordHash.step(state, folded[from + at])
                at += 1
                if lengths & (1 << UInt64(at - offset)) != 0, isMember(index, WordHash.stemKey(fromState: state)) { return true }
            }
        }
        return false
    }

    /// Whether the word at `start..<end` of the folded text begins with the stem at `bytes` of `stemBytes`.
    private func begins(_ folded: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, with bytes: Range<Int>) -> Bool {
        guard end - start >= bytes.count else { return false }
        for (offset, at) in bytes.enumerated() where folded[start + offset] != stemBytes[at] { return false }
        return true
    }
}
