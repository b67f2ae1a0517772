/// The names of groups of people (the lexicons' `identities` and `groups`), found as written and
/// where a word list cannot see them: a one-word name glued to the word beside it
/// ("questazoccola", "Schwulesind") or typed with one slip ("Hmoseksuelen", "Gehandicpten").
/// Leaving out a space or a letter is a cheap way past a word list, and abuse that only the model
/// reads is reported where a group is named. This runs only for posts the model already reads as
/// abuse, so it is never on the path of a calm post, and the long `groups` lists cost the scan
/// nothing.
struct GroupNames: Sendable {
    /// A word of a name of several words.
    private enum Word: Sendable {
        case word(UInt64)
        case stem(key: UInt64, length: Int)
    }

    /// One-word names as the hashes of their folded words, and stems as stem keys.
    private var words = WordSet()
    private var stems = WordSet()
    private var stemLengths: UInt64 = 0
    /// Names of several words ("black people", "kale log*").
    private var phrases: [[Word]] = []
    /// The same with one letter left out or two neighbours swapped, for names of
    /// `shortestSlipped` letters or more.
    private var slippedWords = WordSet()
    private var slippedStems = WordSet()
    private var slippedStemLengths: UInt64 = 0
    /// Bytes a glued name needs, and the word it is glued to: shorter pieces are parts of
    /// everyday words too often ("rom" ends "from").
    static let shortestGlued = 4
    static let shortestRest = 1
    /// Letters a name needs before its slips count: a slip of a short name is often another word.
    static let shortestSlipped = 5

    init() {}

    /// One name as the lexicons write it: `women`, `muslim*`, `black people`, `kale log*`, `黑鬼`.
    /// Names are plain words, looked through word by word rather than compiled: one written as a
    /// pattern (braces, a class, a gap, a `*` inside a word) is refused.
    mutating func add(_ name: String, using normaliser: inout TextNormaliser) throws(LexiconPattern.Problem) {
        if name.contains(where: { "{}|~<>".contains($0) }) || name.split(separator: " ").contains(where: { $0.dropLast().contains("*") }) {
            throw LexiconPattern.Problem(pattern: name, reason: "a name in groups is plain words, with a * only at the end of a word")
        }
        var phrase: [Word] = []
        var single: (bytes: [UInt8], letters: [Unicode.Scalar], isStem: Bool)?
        for part in name.split(separator: " ") {
            let isStem = part.hasSuffix("*")
            let text = normaliser.normalise(String(isStem ? part.dropLast() : part))
            for index in text.tokens.indices {
                let bytes = Array(text.word(index).utf8)
                let stem = isStem && index == text.tokens.count - 1
                phrase.append(stem ? .stem(key: WordHash.stem(bytes), length: bytes.count) : .word(text.tokens[index].hash))
                single = text.tokens[index].kind == .word ? (bytes, Array(text.word(index).unicodeScalars), stem) : nil
            }
        }
        if phrase.count > 1 {
            phrases.append(phrase)
            return
        }
        // A name that folding shortens to under four letters is left out: repeated letters fold
        // to one, so "coon" reads as "con", a common word in three languages.
        if let single, single.letters.count < 4, single.letters.count < name.unicodeScalars.count - (single.isStem ? 1 : 0) { return }
        switch phrase.first {
        case .word(let hash): words.insert(hash)
        case .stem(let key, let length):
            stems.insert(key)
            stemLengths |= 1 << UInt64(min(length, 63))
        case nil: return
        }
        // Slips and glued forms are looked for in words of letters only.
        guard let single, single.letters.count >= Self.shortestSlipped else { return }
        for slip in Self.slips(of: single.letters) {
            if single.isStem {
                slippedStems.insert(WordHash.stem(slip))
                slippedStemLengths |= 1 << UInt64(min(slip.count, 63))
            } else {
                slippedWords.insert(WordHash.of(slip))
            }
        }
    }

    /// Each way of writing `letters` with one left out or two neighbours swapped, as UTF-8.
    private static func slips(of letters: [Unicode.Scalar]) -> [[UInt8]] {
        var slips: [[UInt8]] = []
        func bytes(_ scalars: some Sequence<Unicode.Scalar>) -> [UInt8] {
            var bytes: [UInt8] = []
            for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
            return bytes
        }
        for index in letters.indices {
            var left = letters
            left.remove(at: index)
            slips.append(bytes(left))
        }
        for index in letters.indices.dropLast() where letters[index] != letters[index + 1] {
            var swapped = letters
            swapped.swapAt(index, index + 1)
            slips.append(bytes(swapped))
        }
        return slips
    }

    var isEmpty: Bool { words.isEmpty && stems.isEmpty && phrases.isEmpty }

    /// Whether the text names a group: as written, glued to another word, or with a slip.
    func named(in text: NormalisedText) -> Bool {
        guard !isEmpty else { return false }
        return text.folded.withUnsafeBufferPointer { folded in
            for (index, token) in text.tokens.enumerated() {
                let start = Int(token.start)
                let length = min(Int(token.end) - start, 63)
                if words.contains(token.hash) || token.strippedHash != 0 && words.contains(token.strippedHash)
                    || begunByStem(folded, start, length) || phrases.contains(where: { begins($0, at: index, text, folded) })
                {
                    return true
                }
                if token.kind == .word && (slipped(folded, start, length) || glued(folded, start, length)) { return true }
            }
            return false
        }
    }

    /// Whether one of `keys` (stems of a byte length in `lengths`) begins the word, and if none
    /// does, the hash of the whole word.
    private static func stem(
        of folded: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int, in keys: WordSet, lengths: UInt64
    ) -> (found: Bool, word: UInt64) {
        var state = WordHash.seed
        for at in 0..<length {
            state = WordHash.step(state, folded[start + at])
            if lengths & (1 << UInt64(at + 1)) != 0, keys.contains(WordHash.stemKey(fromState: state)) { return (true, 0) }
        }
        return (false, WordHash.finish(state))
    }

    private func begunByStem(_ folded: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Bool {
        Self.stem(of: folded, start, length, in: stems, lengths: stemLengths).found
    }

    private func begins(_ phrase: [Word], at index: Int, _ text: NormalisedText, _ folded: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index + phrase.count <= text.tokens.count else { return false }
        for (offset, word) in phrase.enumerated() {
            let token = text.tokens[index + offset]
            switch word {
            case .word(let hash):
                guard token.hash == hash else { return false }
            case .stem(let key, let length):
                let start = Int(token.start)
                guard Int(token.end) - start >= length else { return false }
                var state = WordHash.seed
                for at in 0..<length { state = WordHash.step(state, folded[start + at]) }
                guard WordHash.stemKey(fromState: state) == key else { return false }
            }
        }
        return true
    }

    private func slipped(_ folded: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Bool {
        let read = Self.stem(of: folded, start, length, in: slippedStems, lengths: slippedStemLengths)
        return read.found || slippedWords.contains(read.word)
    }

    /// A name at the start of a word with another word after it, or a name (or a word a stem
    /// begins) after another word. Quadratic in the word's length, which is why it waits.
    private func glued(_ folded: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Bool {
        guard length >= Self.shortestGlued + Self.shortestRest else { return false }
        var state = WordHash.seed
        for at in 0..<length - Self.shortestRest {
            state = WordHash.step(state, folded[start + at])
            if at + 1 >= Self.shortestGlued, words.contains(WordHash.finish(state)) { return true }
        }
        for from in Self.shortestRest...(length - Self.shortestGlued) {
            var state = WordHash.seed
            for at in from..<length {
                state = WordHash.step(state, folded[start + at])
                let read = at + 1 - from
                if read >= Self.shortestGlued, stemLengths & (1 << UInt64(read)) != 0, stems.contains(WordHash.stemKey(fromState: state)) {
                    return true
                }
            }
            if words.contains(WordHash.finish(state)) { return true }
        }
        return false
    }
}
