/// A lexicon pattern compiled to the sequences of word tests it stands for. The syntax: words;
/// `stem*` for any word beginning so; `{a|b c|}` for alternatives (empty makes it optional);
/// `<class>` for a class of the lexicon; `~` or `~N` for a gap of up to 3 or N words.
public enum LexiconPattern {
    /// One test on one position of the text.
    enum Item: Sendable, Equatable {
        case word(UInt64)
        case stem(key: UInt64, bytes: [UInt8])
        case gap(Int)
    }

    /// Why a pattern cannot be compiled.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var pattern: String
        public var reason: String
        public var description: String { "pattern \"\(pattern)\": \(reason)" }
    }

    static let maximumExpansion = 20_000

    /// Every sequence the pattern stands for.
    static func compile(_ pattern: String, classes: [String: [String]]) throws(Problem) -> [[Item]] {
        let parts = pattern.split(separator: " ")
        if parts.first?.hasPrefix("~") == true { throw Problem(pattern: pattern, reason: "starts with a gap") }
        if parts.last?.hasPrefix("~") == true { throw Problem(pattern: pattern, reason: "ends with a gap") }
        var normaliser = TextNormaliser()
        var sequences: [[Item]] = []
        for var sequence in try expand(pattern, classes: classes, normaliser: &normaliser, allowClasses: true, whole: pattern) {
            // An optional word left out ("~2 {off|}") can leave a gap at an end: it matches nothing more.
            while case .gap = sequence.last { sequence.removeLast() }
            while case .gap = sequence.first { sequence.removeFirst() }
            guard !sequence.isEmpty else { throw Problem(pattern: pattern, reason: "matches nothing") }
            sequences.append(sequence)
        }
        return sequences
    }

    private static func expand(
        _ text: String, classes: [String: [String]], normaliser: inout TextNormaliser, allowClasses: Bool, whole: String
    ) throws(Problem) -> [[Item]] {
        var sequences: [[Item]] = [[]]
        for part in try split(text, whole: whole) {
            var choices: [[Item]]
            if part.hasPrefix("{") {
                let inner = String(part.dropFirst().dropLast())
                choices = []
                for alternative in inner.split(separator: "|", omittingEmptySubsequences: false) {
                    choices += try expand(String(alternative), classes: classes, normaliser: &normaliser, allowClasses: allowClasses, whole: whole)
                }
            } else if part.hasPrefix("<") {
                let name = String(part.dropFirst().dropLast())
                guard allowClasses else { throw Problem(pattern: whole, reason: "class <\(name)> used inside a class") }
                guard let members = classes[name] else { throw Problem(pattern: whole, reason: "no class <\(name)>") }
                choices = []
                for member in members {
                    choices += try expand(member, classes: classes, normaliser: &normaliser, allowClasses: false, whole: whole)
                }
            } else if part.hasPrefix("~") {
                let count = part == "~" ? 3 : Int(part.dropFirst()) ?? -1
                guard (1...6).contains(count) else { throw Problem(pattern: whole, reason: "a gap is ~ or ~1 to ~6") }
                choices = [[.gap(count)]]
            } else {
                choices = [try literal(part, normaliser: &normaliser, whole: whole)]
            }
            var next: [[Item]] = []
            for sequence in sequences {
                for choice in choices { next.append(sequence + choice) }
            }
            guard next.count <= maximumExpansion else { throw Problem(pattern: whole, reason: "expands to more than \(maximumExpansion) sequences") }
            sequences = next
        }
        return sequences
    }

    /// A word (which folding may split, as "j'vais" is "j vais") or a stem.
    private static func literal(_ part: String, normaliser: inout TextNormaliser, whole: String) throws(Problem) -> [Item] {
        let isStem = part.hasSuffix("*")
        let text = normaliser.normalise(isStem ? String(part.dropLast()) : part)
        guard !text.tokens.isEmpty else { throw Problem(pattern: whole, reason: "\"\(part)\" has no letters") }
        var items: [Item] = text.tokens.map { .word($0.hash) }
        if isStem {
            let last = text.tokens[text.tokens.count - 1]
            let bytes = Array(text.folded[Int(last.start)..<Int(last.end)])
            guard text.word(text.tokens.count - 1).count >= 3 else { throw Problem(pattern: whole, reason: "stem \"\(part)\" is shorter than 3 letters") }
            items[items.count - 1] = .stem(key: WordHash.stem(bytes), bytes: bytes)
        }
        return items
    }

    /// Top-level parts: braces and classes kept whole, words split on spaces.
    private static func split(_ text: String, whole: String) throws(Problem) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "{":
                guard depth == 0 else { throw Problem(pattern: whole, reason: "braces inside braces") }
                if !current.isEmpty { parts.append(current) }
                current = "{"
                depth = 1
            case "}":
                guard depth == 1 else { throw Problem(pattern: whole, reason: "a } without its {") }
                current.append("}")
                parts.append(current)
                current = ""
                depth = 0
            case " " where depth == 0:
                if !current.isEmpty { parts.append(current) }
                current = ""
            default:
                current.append(character)
            }
        }
        guard depth == 0 else { throw Problem(pattern: whole, reason: "a { without its }") }
        if !current.isEmpty { parts.append(current) }
        for part in parts where part.hasPrefix("<") != part.hasSuffix(">") {
            throw Problem(pattern: whole, reason: "\"\(part)\" is not a <class>")
        }
        return parts
    }
}
