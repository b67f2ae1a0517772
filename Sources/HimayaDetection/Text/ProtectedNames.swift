/// The names, aliases and handles of every protected person, found in a text on word boundaries
/// in one pass: an Aho-Corasick automaton whose letters are whole folded words. Words make the
/// automaton small (a two-word name is two states), make word boundaries free, and let one table
/// probe per word of text do the work that a byte automaton does per byte.
public struct ProtectedNames: Sendable {
    /// One place where a protected person is named.
    public struct Mention: Sendable, Equatable {
        /// The caller's identifier of the person.
        public var person: Int
        /// Which of their names (index in the list they were given with).
        public var name: Int
        /// The words of the text that name them.
        public var words: Range<Int>
    }

    private var transitions: WordTable
    /// The words that begin some name, as a filter small enough to stay in a core's cache (512
    /// KB): most words of a post begin no name, and a clear bit spares a probe of the large
    /// transition table, which for 400,000 names lives in main memory.
    private var firstWords = KeyFilter(bits: 22)
    private var failure: [UInt32]
    /// For each state, the first entry in `outputs` ending there, or -1.
    private var outputStart: [Int32]
    /// Entries as (person, name, word count, next entry at the same state or -1).
    private var outputs: [(person: Int32, name: Int32, length: Int32, next: Int32)]
    /// For each state, the nearest state on its failure chain that has outputs, or 0.
    private var outputLink: [UInt32]
    /// Skeletons (the folded name without spaces) of each name, for impersonation: hash to the
    /// first entry in `skeletonEntries`.
    private var skeletons: WordTable
    private var skeletonEntries: [(person: Int32, name: Int32, next: Int32)]
    public private(set) var nameCount = 0

    /// Builds the automaton for people given as lists of names (names, aliases in any script,
    /// handles with or without `@`); `person` in a mention is the index in `people`.
    public init(people: [[String]]) {
        var normaliser = TextNormaliser()
        var transitions = WordTable(capacity: 1024)
        var firstWords = KeyFilter(bits: 22)
        var stateCount: UInt32 = 1
        var depthOf: [UInt8] = [0]
        var ends: [(state: UInt32, person: Int32, name: Int32, length: Int32)] = []
        var edges: [(parent: UInt32, word: UInt64, child: UInt32)] = []
        var skeletons = WordTable(capacity: 1024)
        var skeletonEntries: [(person: Int32, name: Int32, next: Int32)] = []
        var nameCount = 0
        for (person, names) in people.enumerated() {
            for (nameIndex, name) in names.enumerated() {
                let text = normaliser.normalise(name)
                guard !text.tokens.isEmpty else { continue }
                nameCount += 1
                var state: UInt32 = 0
                for token in text.tokens {
                    if let next = transitions.value(state, token.hash) {
                        state = next
                    } else {
                        let child = stateCount
                        stateCount += 1
                        transitions.set(state, token.hash, child)
                        if state == 0 { firstWords.insert(token.hash) }
                        edges.append((state, token.hash, child))
                        depthOf.append(depthOf[Int(state)] &+ 1)
                        state = child
                    }
                }
                ends.append((state, Int32(person), Int32(nameIndex), Int32(text.tokens.count)))
                let key = Self.skeleton(text)
                skeletonEntries.append((Int32(person), Int32(nameIndex), skeletons.value(0, key).map { Int32($0) } ?? -1))
                skeletons.set(0, key, UInt32(skeletonEntries.count - 1))
            }
        }
        var outputStart = [Int32](repeating: -1, count: Int(stateCount))
        var outputs: [(person: Int32, name: Int32, length: Int32, next: Int32)] = []
        outputs.reserveCapacity(ends.count)
        for end in ends {
            outputs.append((end.person, end.name, end.length, outputStart[Int(end.state)]))
            outputStart[Int(end.state)] = Int32(outputs.count - 1)
        }
        // Failure links breadth first: edges sorted by the depth of their parent.
        var failure = [UInt32](repeating: 0, count: Int(stateCount))
        var outputLink = [UInt32](repeating: 0, count: Int(stateCount))
        edges.sort { depthOf[Int($0.parent)] < depthOf[Int($1.parent)] }
        for edge in edges where edge.parent != 0 {
            var fallback = failure[Int(edge.parent)]
            while true {
                if let next = transitions.value(fallback, edge.word), next != edge.child {
                    failure[Int(edge.child)] = next
                    break
                }
                if fallback == 0 { break }
                fallback = failure[Int(fallback)]
            }
            let target = failure[Int(edge.child)]
            outputLink[Int(edge.child)] = outputStart[Int(target)] >= 0 ? target : outputLink[Int(target)]
        }
        self.transitions = transitions
        self.firstWords = firstWords
        self.failure = failure
        self.outputStart = outputStart
        self.outputs = outputs
        self.outputLink = outputLink
        self.skeletons = skeletons
        self.skeletonEntries = skeletonEntries
        self.nameCount = nameCount
    }

    /// Every place in the text that names a protected person.
    public func mentions(in text: NormalisedText) -> [Mention] {
        var found: [Mention] = []
        var state: UInt32 = 0
        for (index, token) in text.tokens.enumerated() {
            state = step(state, token)
            guard state != 0 else { continue }
            var at = outputStart[Int(state)] >= 0 ? state : outputLink[Int(state)]
            while at != 0 {
                var entry = outputStart[Int(at)]
                while entry >= 0 {
                    let output = outputs[Int(entry)]
                    found.append(Mention(person: Int(output.person), name: Int(output.name), words: index + 1 - Int(output.length)..<index + 1))
                    entry = output.next
                }
                at = outputLink[Int(at)]
            }
        }
        return found
    }

    /// Counts the words at which some name ends, without collecting mentions: the inner loop of
    /// the benchmark (two names ending on one word count once).
    public func countMentions(in text: NormalisedText) -> Int {
        var count = 0
        var state: UInt32 = 0
        for token in text.tokens {
            state = step(state, token)
            if state != 0, outputStart[Int(state)] >= 0 || outputLink[Int(state)] != 0 { count += 1 }
        }
        return count
    }

    @inline(__always) private func step(_ state: UInt32, _ token: NormalisedText.Token) -> UInt32 {
        var state = state
        while true {
            if state == 0 {
                if firstWords.contains(token.hash), let next = transitions.value(0, token.hash) { return next }
                if token.strippedHash != 0, firstWords.contains(token.strippedHash), let next = transitions.value(0, token.strippedHash) { return next }
                return 0
            }
            if let next = transitions.value(state, token.hash) { return next }
            state = failure[Int(state)]
        }
    }

    /// People whose name or handle a display name or handle spells once look-alike letters,
    /// leetspeak, spacing, dots and underscores are folded away: "María_L0pez" is "Maria Lopez".
    public func impersonated(by displayName: String) -> [(person: Int, name: Int)] {
        var normaliser = TextNormaliser()
        let text = normaliser.normalise(displayName)
        guard !text.tokens.isEmpty else { return [] }
        guard text.folded.count - text.tokens.count + 1 >= 4, var entry = skeletons.value(0, Self.skeleton(text)).map(Int32.init) else { return [] }
        var found: [(person: Int, name: Int)] = []
        while entry >= 0 {
            let stored = skeletonEntries[Int(entry)]
            found.append((Int(stored.person), Int(stored.name)))
            entry = stored.next
        }
        return found.reversed()
    }

    static func skeleton(_ text: NormalisedText) -> UInt64 {
        WordHash.of(text.folded.lazy.filter { $0 != 0x20 })
    }

    /// Bytes held by the automaton, for the memory figures.
    public var memoryBytes: Int {
        transitions.memoryBytes + firstWords.memoryBytes + skeletons.memoryBytes + skeletonEntries.count * 12 + failure.count * 4 + outputStart.count * 4 + outputLink.count * 4 + outputs.count * 16
    }
}
