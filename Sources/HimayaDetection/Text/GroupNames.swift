/// The one-word names of groups of people (the lexicons' `identities` and `groups`), found where
/// the lexicons cannot see them: glued to the word beside them ("questazoccola", "Schwulesind")
/// or typed with one slip ("Hmoseksuelen", "Gehandicpten"). Leaving out a space or a letter is
/// a cheap way past a word list, and abuse that only the model reads is reported where a group
/// is named. This runs only for posts the model already reads as abuse and the lexicons found
/// no group in, so it is never on the path of a calm post.
struct GroupNames: Sendable {
    /// Names as the hashes of their folded words, and stems as stem keys.
    private var words = Set<UInt64>()
    private var stems = Set<UInt64>()
    private var stemLengths: UInt64 = 0
    /// The same with one letter left out or two neighbours swapped, for names of
    /// `shortestSlipped` letters or more.
    private var slippedWords = Set<UInt64>()
    private var slippedStems = Set<UInt64>()
    private var slippedStemLengths: UInt64 = 0
    /// Bytes a glued name needs, and the word it is glued to: shorter pieces are parts of
    /// everyday words too often ("rom" ends "from").
    static let shortestGlued = 4
    static let shortestRest = 1
    /// Letters a name needs before its slips count: a slip of a short name is often another word.
    static let shortestSlipped = 5

    init() {}

    /// The names of one list entry as the lexicons write it (`women`, `muslim*`); an entry of
    /// several words, or a class, is left to the lexicons.
    mutating func add(_ name: String, using normaliser: inout TextNormaliser) {
        let isStem = name.hasSuffix("*")
        let text = normaliser.normalise(isStem ? String(name.dropLast()) : name)
        guard text.tokens.count == 1, text.tokens[0].kind == .word else { return }
        let letters = Array(text.word(0).unicodeScalars)
        let bytes = Array(text.word(0).utf8)
        if isStem {
            stems.insert(WordHash.stem(bytes))
            stemLengths |= 1 << UInt64(min(bytes.count, 63))
        } else {
            words.insert(WordHash.of(bytes))
        }
        guard letters.count >= Self.shortestSlipped else { return }
        for slip in Self.slips(of: letters) {
            if isStem {
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

    var isEmpty: Bool { words.isEmpty && stems.isEmpty }

    /// Whether a word of the text is a group's name glued to another word or typed with a slip.
    func named(in text: NormalisedText) -> Bool {
        guard !isEmpty else { return false }
        return text.folded.withUnsafeBufferPointer { folded in
            for token in text.tokens where token.kind == .word {
                let start = Int(token.start)
                let length = min(Int(token.end) - start, 63)
                if slipped(folded, start, length) || glued(folded, start, length) { return true }
            }
            return false
        }
    }

    private func slipped(_ folded: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Bool {
        var state = WordHash.seed
        for at in 0..<length {
            state = WordHash.step(state, folded[start + at])
            if slippedStemLengths & (1 << UInt64(at + 1)) != 0, slippedStems.contains(WordHash.stemKey(fromState: state)) { return true }
        }
        return slippedWords.contains(WordHash.finish(state))
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
