/// The words of the lexicons one slip away, a letter left out or two neighbours swapped, each
/// mapped back to its word: "murdr" reads as "murder", "mroir" as "morir", "Shceiße" as
/// "Scheiße". Misspelling the one word that carries a threat or a slur is the cheapest way past a
/// word list. Only slips of five letters or more are known: shorter ones are too often other
/// words ("hats" is one letter from "hates").
struct Misspellings: Sendable {
    /// (0, misspelt word's hash) → its place in `words`.
    private var table = WordTable(capacity: 16)
    /// The lexicon word each slip stands for: its hash and its folded bytes.
    private var words: [(hash: UInt64, bytes: [UInt8])] = []
    /// Two bits per slip, set from its hash: a word whose bits are not both set is no slip, and
    /// is let go after one look in 256 KB rather than a probe of a table of megabytes.
    private var filter: [UInt64] = []
    private static let filterBits = 1 << 21
    /// Letters (Unicode scalars) a slip needs.
    static let shortest = 5

    @inline(__always) private static func filterPlaces(_ hash: UInt64) -> (Int, Int) {
        (Int(truncatingIfNeeded: hash >> 43), Int(truncatingIfNeeded: hash >> 22) & (filterBits - 1))
    }

    @inline(__always) private func mayBeSlip(_ hash: UInt64) -> Bool {
        let (a, b) = Self.filterPlaces(hash)
        return filter.withUnsafeBufferPointer { $0[a >> 6] >> UInt64(a & 63) & $0[b >> 6] >> UInt64(b & 63) & 1 != 0 }
    }

    /// Where in `words` the lexicon word lies that a word of text misspells, if it is a known slip.
    @inline(__always) private func place(ofSlip token: NormalisedText.Token) -> UInt32? {
        guard token.kind == .word, token.end - token.start >= Int32(Self.shortest), mayBeSlip(token.hash) else { return nil }
        return table.value(0, token.hash)
    }

    init() {}

    /// The slips of every word in `vocabulary` (words as the lexicons write them). A slip that the
    /// lexicons already read, as one of their words or by one of their `stems` ("geweldig" is
    /// praise, not "geweldadig" misspelt), or a slip of two different words, is left out.
    init(vocabulary: Set<String>, stems: Set<String> = []) {
        var normaliser = TextNormaliser()
        var known = Set<UInt64>()
        // Stems by the hash of their folded bytes, so that every prefix of a slip is one lookup.
        var knownStems = Set<UInt64>()
        for stem in stems {
            let text = normaliser.normalise(stem)
            if text.tokens.count == 1 { knownStems.insert(text.tokens[0].hash) }
        }
        var folded: [(hash: UInt64, letters: [Unicode.Scalar])] = []
        var spellings: [UInt64: [UInt8]] = [:]
        for word in vocabulary {
            let text = normaliser.normalise(word)
            guard text.tokens.count == 1 else { continue }
            known.insert(text.tokens[0].hash)
            if text.tokens[0].kind == .word {
                folded.append((text.tokens[0].hash, Array(text.word(0).unicodeScalars)))
                spellings[text.tokens[0].hash] = Array(text.word(0).utf8)
            }
        }
        var targets: [UInt64: UInt64] = [:]
        var ambiguous = Set<UInt64>()
        var bytes: [UInt8] = []
        /// The slip of `letters` with the letter at `left` out, or with it swapped with the next
        /// one, as folding would leave it (two alike letters brought together fold to one),
        /// hashed as the normaliser hashes a word.
        func record(_ letters: [Unicode.Scalar], leaving left: Int?, swapping swapped: Int?, for target: UInt64) {
            bytes.removeAll(keepingCapacity: true)
            var count = 0
            var last: Unicode.Scalar?
            for index in letters.indices where index != left {
                let letter = index == swapped ? letters[index + 1] : index == swapped.map({ $0 + 1 }) ? letters[index - 1] : letters[index]
                guard letter != last else { continue }
                UTF8.encode(letter) { bytes.append($0) }
                count += 1
                last = letter
            }
            guard count >= Self.shortest else { return }
            let hash = WordHash.of(bytes)
            guard !known.contains(hash), !Self.readByStem(bytes, knownStems) else { return }
            if let existing = targets[hash], existing != target { ambiguous.insert(hash) } else { targets[hash] = target }
        }
        for (target, letters) in folded where letters.count >= Self.shortest {
            // Not the first letter or the last: a word without its last letter is most often
            // another form of it ("zwarte", "zwart"), and typing slips fall inside words.
            if letters.count > Self.shortest {
                for index in 1..<letters.count - 1 { record(letters, leaving: index, swapping: nil, for: target) }
            }
            for index in 0..<letters.count - 1 where letters[index] != letters[index + 1] {
                record(letters, leaving: nil, swapping: index, for: target)
            }
        }
        var table = WordTable(capacity: targets.count)
        var words: [(hash: UInt64, bytes: [UInt8])] = []
        var filter = [UInt64](repeating: 0, count: Self.filterBits / 64)
        var places: [UInt64: UInt32] = [:]
        for (slip, target) in targets where !ambiguous.contains(slip) {
            if places[target] == nil {
                places[target] = UInt32(words.count)
                words.append((target, spellings[target] ?? []))
            }
            table.set(0, slip, places[target]!)
            let (a, b) = Self.filterPlaces(slip)
            filter[a >> 6] |= 1 << UInt64(a & 63)
            filter[b >> 6] |= 1 << UInt64(b & 63)
        }
        self.filter = filter
        self.table = table
        self.words = words
    }

    /// Whether a stem of the lexicons (by the hash of its folded bytes) begins the folded word.
    private static func readByStem(_ bytes: [UInt8], _ stems: Set<UInt64>) -> Bool {
        guard !stems.isEmpty else { return false }
        var state = WordHash.seed
        for (index, byte) in bytes.enumerated() {
            state = WordHash.step(state, byte)
            if index >= 2, stems.contains(WordHash.finish(state)) { return true }
        }
        return false
    }

    /// How many slips are known.
    var count: Int { table.count }

    /// The hash of the lexicon word a word of text misspells, if it is a known slip.
    func word(for hash: UInt64) -> UInt64? {
        table.value(0, hash).map { words[Int($0)].hash }
    }

    /// Writes each word of `text` that is a known slip as the lexicon word it stands for, in the
    /// folded text only: its place in the original, and so every finding, stays with what the
    /// author wrote. Stems then read it too ("murdr" is "murder", which "murd*" begins).
    func repair(_ text: inout NormalisedText) {
        guard !words.isEmpty else { return }
        var first = -1
        for index in text.tokens.indices where place(ofSlip: text.tokens[index]) != nil {
            first = index
            break
        }
        guard first >= 0 else { return }
        // Rare: rebuild the folded text from the first slip on.
        var folded = Array(text.folded[..<Int(text.tokens[first].start)])
        for index in first..<text.tokens.count {
            var token = text.tokens[index]
            var bytes = text.folded[Int(token.start)..<Int(token.end)]
            if let found = place(ofSlip: token) {
                let word = words[Int(found)]
                bytes = word.bytes[...]
                token.hash = word.hash
                token.strippedHash = 0
            }
            if index > first { folded.append(0x20) }
            token.start = Int32(folded.count)
            folded.append(contentsOf: bytes)
            token.end = Int32(folded.count)
            text.tokens[index] = token
        }
        text.folded = folded
    }
}
