import Foundation

/// A lexicon pattern compiled to steps of word tests. The syntax: words;
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

    /// A pattern as the matcher keeps it: one step per top-level part, each a gap or a choice.
    /// Alternatives stay side by side instead of multiplying out, so a pattern of three classes
    /// costs the sum of their sizes, not the product.
    enum Step: Sendable {
        case gap(Int)
        case choice(Choice)
    }

    /// The alternatives of one step: single words in a set, stems by hash, longer alternatives as
    /// short sequences, and whether the step may be skipped.
    struct Choice: Sendable {
        var words = Set<UInt64>()
        var stemKeys = Set<UInt64>()
        var stemBytes: [[UInt8]] = []
        /// Byte lengths of the stems, as a bit set.
        var stemLengths: UInt64 = 0
        var sequences: [[Item]] = []
        var allowsEmpty = false
        /// Bytes in the shortest first word of any alternative: short words ("i", "you", "the")
        /// are in most posts, so a step made only of longer ones is a good sign that the pattern
        /// cannot match (`PatternMatcher` anchors on it).
        var shortestWord = Int.max

        mutating func add(_ sequence: [Item]) {
            if sequence.count == 1 {
                switch sequence[0] {
                case .word(let hash):
                    words.insert(hash)
                    return
                case .stem(let key, let bytes):
                    if stemKeys.insert(key).inserted { stemBytes.append(bytes) }
                    stemLengths |= 1 << UInt64(min(bytes.count, 63))
                    return
                case .gap:
                    break
                }
            }
            sequences.append(sequence)
        }
    }

    /// The steps of a pattern.
    static func steps(_ pattern: String, classes: [String: [String]]) throws(Problem) -> [Step] {
        let parts = try split(pattern, whole: pattern)
        guard let first = parts.first, let last = parts.last else { throw Problem(pattern: pattern, reason: "matches nothing") }
        if first.hasPrefix("~") { throw Problem(pattern: pattern, reason: "starts with a gap") }
        if last.hasPrefix("~") { throw Problem(pattern: pattern, reason: "ends with a gap") }
        var folder = WordFolder()
        var steps: [Step] = []
        for part in parts {
            if part.hasPrefix("~") {
                steps.append(.gap(try gapLength(part, whole: pattern)))
                continue
            }
            var choice = Choice()
            var alternatives: [String]
            var allowClasses = true
            if part.hasPrefix("{") {
                alternatives = String(part.dropFirst().dropLast()).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            } else if part.hasPrefix("<") {
                alternatives = try members(ofClass: part, in: classes, whole: pattern)
                allowClasses = false
            } else {
                alternatives = [part]
            }
            for alternative in alternatives {
                if alternative.trimmingCharacters(in: .whitespaces).isEmpty {
                    choice.allowsEmpty = true
                    continue
                }
                for var sequence in try expand(alternative, classes: classes, folder: &folder, allowClasses: allowClasses, whole: pattern) {
                    while case .gap = sequence.last { sequence.removeLast() }
                    while case .gap = sequence.first { sequence.removeFirst() }
                    guard let first = sequence.first else {
                        choice.allowsEmpty = true
                        continue
                    }
                    choice.add(sequence)
                    switch first {
                    case .word(let hash): choice.shortestWord = min(choice.shortestWord, folder.bytes[hash] ?? 0)
                    case .stem(_, let bytes): choice.shortestWord = min(choice.shortestWord, bytes.count)
                    case .gap: choice.shortestWord = 0
                    }
                }
            }
            steps.append(.choice(choice))
        }
        // A pattern must be able to start on a word: skip over leading optional steps only if a
        // later step is not optional.
        guard steps.contains(where: { if case .choice(let choice) = $0 { return !choice.allowsEmpty } else { return false } }) else {
            throw Problem(pattern: pattern, reason: "every part is optional")
        }
        return steps
    }

    /// The words a gap `~` or `~N` may skip: 3, or 1 to 8 (verb-final languages put a whole noun phrase and adverbs between subject and verb).
    private static func gapLength(_ part: String, whole: String) throws(Problem) -> Int {
        let count = part == "~" ? 3 : Int(part.dropFirst()) ?? -1
        guard (1...8).contains(count) else { throw Problem(pattern: whole, reason: "a gap is ~ or ~1 to ~8") }
        return count
    }

    /// The members of the class `<name>` named by `part`.
    private static func members(ofClass part: String, in classes: [String: [String]], whole: String) throws(Problem) -> [String] {
        let name = String(part.dropFirst().dropLast())
        guard let members = classes[name] else { throw Problem(pattern: whole, reason: "no class <\(name)>") }
        return members
    }

    private static func expand(
        _ text: String, classes: [String: [String]], folder: inout WordFolder, allowClasses: Bool, whole: String
    ) throws(Problem) -> [[Item]] {
        var sequences: [[Item]] = [[]]
        for part in try split(text, whole: whole) {
            var choices: [[Item]]
            if part.hasPrefix("{") {
                let inner = String(part.dropFirst().dropLast())
                choices = []
                for alternative in inner.split(separator: "|", omittingEmptySubsequences: false) {
                    choices += try expand(String(alternative), classes: classes, folder: &folder, allowClasses: allowClasses, whole: whole)
                }
            } else if part.hasPrefix("<") {
                guard allowClasses else { throw Problem(pattern: whole, reason: "class \(part) used inside a class") }
                choices = []
                for member in try members(ofClass: part, in: classes, whole: whole) {
                    choices += try expand(member, classes: classes, folder: &folder, allowClasses: false, whole: whole)
                }
            } else if part.hasPrefix("~") {
                choices = [[.gap(try gapLength(part, whole: whole))]]
            } else {
                choices = [try literal(part, folder: &folder, whole: whole)]
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
    private static func literal(_ part: String, folder: inout WordFolder, whole: String) throws(Problem) -> [Item] {
        let isStem = part.hasSuffix("*")
        let text = folder.normaliser.normalise(isStem ? String(part.dropLast()) : part)
        for token in text.tokens { folder.bytes[token.hash] = Int(token.end - token.start) }
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

    /// Folds the words of patterns, and keeps each folded word's length in bytes (a step of short
    /// words makes a poor anchor).
    struct WordFolder {
        var normaliser = TextNormaliser()
        var bytes: [UInt64: Int] = [:]
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
