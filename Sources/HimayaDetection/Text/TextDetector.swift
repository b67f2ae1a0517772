/// Reads one post the way a responder would: who it names, whether it threatens, abuses or
/// exposes them, whether the author is wearing their name, and what in the post clears it
/// (negation, counter-speech, quotation, idioms, objects). Rules from the lexicons and the
/// statistical model combine into one calibrated score per label. Pure: no I/O, no clock.
public struct TextDetector: Sendable {
    /// One post to read.
    public struct Post: Sendable {
        public var text: String
        /// The author's display name or handle, checked for impersonation.
        public var authorName: String?
        /// Protected people the platform says the post replies to or mentions by account.
        public var aimedAt: [Int]
        public var languageHint: String?

        public init(text: String, authorName: String? = nil, aimedAt: [Int] = [], languageHint: String? = nil) {
            self.text = text
            self.authorName = authorName
            self.aimedAt = aimedAt
            self.languageHint = languageHint
        }
    }

    /// A lexicon entry that matched, and what (if anything) cleared it.
    public struct EntryMatch: Sendable, Equatable {
        public var entryID: String
        public var label: String
        public var kind: String
        public var score: Double
        public var words: Range<Int>
        /// `negation`, `trailing_negation`, `counter_speech`, `reporting`, `idiom` or `object`, or
        /// `no_target` (abuse of one person, in a post aimed at nobody Himaya protects); nil when
        /// it stands.
        public var clearedBy: String?
        public var quoted: Bool
        /// The entry attacks the one person it addresses or names (`Lexicon.Entry.target`).
        public var aimedAtPerson = false
    }

    /// Context categories, stored as negative owners in the matcher.
    enum ContextKind: Int, CaseIterable {
        case negation = -1, counterSpeech = -2, reporting = -3, idiom = -4, object = -5, trailingNegation = -6, praise = -7, comparison = -8
        case identity = -9, connective = -10
        /// Whether the kind means something without an entry beside it: the names of groups (for
        /// the model), praise and counter-speech (for its reading of abuse). The others only clear
        /// or join entries.
        var standsAlone: Bool { self == .identity || self == .praise || self == .counterSpeech }

        var name: String {
            switch self {
            case .connective: "connective"
            case .identity: "identity"
            case .praise: "praise"
            case .comparison: "comparison"
            case .negation: "negation"
            case .counterSpeech: "counter_speech"
            case .reporting: "reporting"
            case .idiom: "idiom"
            case .object: "object"
            case .trailingNegation: "trailing_negation"
            }
        }
    }

    private struct EntryRef: Sendable {
        var id: String
        var label: String
        var kind: String
        var score: Double
        var aimedAtPerson: Bool
    }

    public let model: TextModel?
    /// A threat is reported at or above this score.
    public let threshold: Double
    /// Abuse is reported at or above this score: higher, since abuse without a threat is counted
    /// rather than acted on, and a false alarm costs a reviewer's time.
    public let abuseThreshold: Double
    private let matcher: PatternMatcher
    private let entries: [EntryRef]
    private let misspellings: Misspellings
    private let groupNames: GroupNames
    /// Per model head, the raw probability below which its calibrated score stays under both
    /// thresholds: most posts are let go on this, without calibrating.
    let calmBelow: [Double]

    public static let defaultThreshold = 0.5
    public static let defaultAbuseThreshold = 0.5

    public init(
        lexicons: [Lexicon], model: TextModel?, threshold: Double = defaultThreshold, abuseThreshold: Double = defaultAbuseThreshold
    ) throws(LexiconPattern.Problem) {
        var groupNames = GroupNames()
        var normaliser = TextNormaliser()
        let frequentWords = lexicons.map { lexicon in
            lexicon.context.frequentWords.flatMap { word in
                let text = normaliser.normalise(word)
                return text.tokens.map { Array(text.folded[Int($0.start)..<Int($0.end)]) }
            }
        }
        var matcher = PatternMatcher(frequentWords: frequentWords)
        var entries: [EntryRef] = []
        var weaklyAnchored: [String] = []
        var vocabulary = Set<String>()
        var stems = Set<String>()
        for lexicon in lexicons {
            for entry in lexicon.entries {
                let owner = entries.count
                guard entry.target == nil || entry.target == "person" else {
                    throw LexiconPattern.Problem(pattern: entry.id, reason: "target \"\(entry.target!)\" is not \"person\"")
                }
                entries.append(
                    EntryRef(id: entry.id, label: entry.label, kind: entry.kind, score: entry.score, aimedAtPerson: entry.target == "person"))
                for pattern in entry.patterns {
                    let anchoring = matcher.add(try LexiconPattern.steps(pattern, classes: lexicon.classes), owner: owner)
                    if anchoring != .rare { weaklyAnchored.append("\(entry.id): \(pattern)") }
                }
            }
            let context: [(ContextKind, [String])] = [
                (.negation, lexicon.context.negation), (.counterSpeech, lexicon.context.counterSpeech),
                (.reporting, lexicon.context.reporting), (.idiom, lexicon.context.idioms), (.object, lexicon.context.objects),
                (.trailingNegation, lexicon.context.trailingNegation), (.praise, lexicon.context.praise),
                (.comparison, lexicon.context.comparison), (.identity, lexicon.context.identities),
                (.connective, lexicon.context.connectives),
            ]
            for (kind, patterns) in context {
                for pattern in patterns {
                    let anchoring = matcher.add(
                        try LexiconPattern.steps(pattern, classes: lexicon.classes), owner: kind.rawValue, standsAlone: kind.standsAlone)
                    if kind.standsAlone && anchoring != .rare { weaklyAnchored.append("\(lexicon.language).\(kind.name): \(pattern)") }
                }
            }
            // The neutral names may name a class of the lexicon; the other names are plain words.
            for pattern in lexicon.context.identities {
                let isClass = pattern.hasPrefix("<") && pattern.hasSuffix(">")
                for name in isClass ? lexicon.classes[String(pattern.dropFirst().dropLast())] ?? [] : [pattern] {
                    try groupNames.add(name, using: &normaliser)
                }
            }
            for name in lexicon.context.groups { try groupNames.add(name, using: &normaliser) }
            // Every word the lexicon names, for its slips (`Misspellings`).
            for text in lexicon.classes.values.joined() + lexicon.entries.flatMap(\.patterns) + context.flatMap(\.1) {
                vocabulary.formUnion(Self.words(text))
                stems.formUnion(Self.words(text, stems: true))
            }
        }
        self.model = model
        self.threshold = threshold
        self.abuseThreshold = abuseThreshold
        self.matcher = matcher
        self.groupNames = groupNames
        self.entries = entries
        self.weaklyAnchored = weaklyAnchored
        self.misspellings = Misspellings(vocabulary: vocabulary, stems: stems)
        calmBelow = model.map { model in model.heads.indices.map { model.rawProbability(below: min(threshold, abuseThreshold), head: $0) } } ?? []
    }

    /// The whole words a pattern names (not its classes or gaps), or with `stems` its stems
    /// without the `*`, for `Misspellings`.
    private static func words(_ pattern: String, stems: Bool = false) -> [String] {
        pattern.split(whereSeparator: { $0 == " " || $0 == "{" || $0 == "}" || $0 == "|" })
            .filter { !$0.hasPrefix("<") && !$0.hasPrefix("~") && $0.hasSuffix("*") == stems }
            .map { String(stems ? $0.dropLast() : $0) }
    }

    /// Compiled patterns, for the figures.
    public var patternCount: Int { matcher.patternCount }
    /// Patterns (as "entry: pattern") that any frequent word of the lexicons can anchor, or
    /// nothing: each makes the search walk ordinary posts that cannot match. For lexicon authors.
    public let weaklyAnchored: [String]

    /// Every lexicon entry that matched the text, cleared or not.
    public func entryMatches(_ text: NormalisedText) -> [EntryMatch] { analyse(repaired(text)).matches }

    /// The text with each known slip of a lexicon word written as the word (`Misspellings`).
    func repaired(_ text: NormalisedText) -> NormalisedText {
        var text = text
        misspellings.repair(&text)
        return text
    }

    /// What the lexicons make of a post, before any score.
    struct Analysis {
        var matches: [EntryMatch] = []
        /// Words of praise stand un-negated.
        var praised = false
        /// The post answers someone else's words (counter-speech: "how dare you say…").
        var answersOthers = false
        /// Words that name a group neutrally, for the model; other names of groups are looked
        /// for only when they matter (`GroupNames`).
        var identities: [Int] = []
    }

    /// Whether a negation just before `hit` (within three words, in the same clause: no
    /// punctuation and no connective between them, the hit's own first word included) or inside
    /// its gaps turns it round.
    private static func negated(
        _ hit: PatternMatcher.Hit, by negations: [PatternMatcher.Hit], connectives: [PatternMatcher.Hit], in text: NormalisedText
    ) -> Bool {
        negations.contains { negation in
            (hit.words.lowerBound - 3..<hit.words.lowerBound).contains(negation.words.lowerBound)
                && !sentenceEnds(text, between: negation.words.upperBound - 1, and: hit.words.lowerBound, clauses: true)
                && !connectives.contains { (negation.words.upperBound...hit.words.lowerBound).contains($0.words.lowerBound) }
                || negation.words.contains { hit.skipped.contains($0) }
        }
    }

    /// The words of a text that name a group of people neutrally, in order: what the model masks.
    public func identities(in text: NormalisedText) -> [Int] {
        Self.identityWords(matcher.hits(in: repaired(text)))
    }

    private static func identityWords(_ hits: [PatternMatcher.Hit]) -> [Int] {
        var words: [Int] = []
        for hit in hits where hit.owner == ContextKind.identity.rawValue { words += hit.words }
        return words.isEmpty ? [] : Array(Set(words)).sorted()
    }

    /// Context hits by kind, in a fixed array rather than a dictionary: this runs for most posts.
    private struct ContextHits {
        private var byKind = [[PatternMatcher.Hit]](repeating: [], count: ContextKind.allCases.count)

        subscript(kind: ContextKind) -> [PatternMatcher.Hit] { byKind[-kind.rawValue - 1] }

        mutating func append(_ hit: PatternMatcher.Hit, _ kind: ContextKind) { byKind[-kind.rawValue - 1].append(hit) }
    }

    /// The entries that matched, and the context around them, in a text already `repaired`.
    func analyse(_ text: NormalisedText) -> Analysis {
        let hits = matcher.hits(in: text)
        // Connectives matter only between a negation and an entry; alone (most posts that have
        // one) they change nothing.
        guard hits.contains(where: { $0.owner != ContextKind.connective.rawValue }) else { return Analysis() }
        var context = ContextHits()
        for hit in hits {
            let owner = hit.owner
            if owner < 0, let kind = ContextKind(rawValue: owner) { context.append(hit, kind) }
        }
        // Praise is no praise when a negation comes anywhere before it in its sentence ("there are
        // no intelligent X", "sind nicht freundlich") or right after it, or when it is a
        // comparison ("an ape is smarter than X").
        let negations = context[.negation] + context[.trailingNegation]
        let praised = context[.praise].contains { praise in
            !negations.contains { $0.words.lowerBound < praise.words.lowerBound && !Self.sentenceEnds(text, between: $0.words.lowerBound, and: praise.words.lowerBound) }
                && !context[.trailingNegation].contains { (praise.words.upperBound...praise.words.upperBound + 1).contains($0.words.lowerBound) }
                && !context[.comparison].contains { (praise.words.upperBound...praise.words.upperBound + 1).contains($0.words.lowerBound) }
        }
        // Quotation matters only to entries; most posts with hits have context alone.
        let quoted = hits.contains { $0.owner >= 0 } ? Self.quotedWords(text) : []
        // One match per entry and starting word; where several paths match, one left standing wins.
        var best: [Int: Int] = [:]
        var matches: [EntryMatch] = []
        for hit in hits {
            let owner = hit.owner
            guard owner >= 0 else { continue }
            let entry = entries[owner]
            var clearedBy: ContextKind?
            if Self.negated(hit, by: context[.negation], connectives: context[.connective], in: text) {
                clearedBy = .negation
            } else if context[.trailingNegation].contains(where: { negation in
                (hit.words.upperBound...hit.words.upperBound + 1).contains(negation.words.lowerBound)
                    && !Self.sentenceEnds(text, between: hit.words.upperBound - 1, and: negation.words.lowerBound, clauses: true)
            }) {
                clearedBy = .trailingNegation
            } else if let kind = [ContextKind.idiom, .object].first(where: { kind in context[kind].contains { $0.words.overlaps(hit.words) } }) {
                clearedBy = kind
            } else if context[.counterSpeech].contains(where: { Self.inOneSentence($0, hit, in: text) }) {
                clearedBy = .counterSpeech
            } else if context[.reporting].contains(where: { Self.inOneSentence($0, hit, in: text) }) {
                clearedBy = .reporting
            }
            let match = EntryMatch(
                entryID: entry.id, label: entry.label, kind: entry.kind, score: entry.score, words: hit.words, clearedBy: clearedBy?.name,
                quoted: hit.words.contains { quoted.contains($0) }, aimedAtPerson: entry.aimedAtPerson)
            let key = owner &* 100_003 &+ hit.words.lowerBound
            if let index = best[key] {
                if matches[index].clearedBy != nil && match.clearedBy == nil { matches[index] = match }
            } else {
                best[key] = matches.count
                matches.append(match)
            }
        }
        return Analysis(
            matches: matches, praised: praised, answersOthers: !context[.counterSpeech].isEmpty,
            identities: Self.identityWords(context[.identity]))
    }

    /// What the lexicons alone say, per model head: the best standing entry's score.
    static func ruleScores(_ matches: [EntryMatch]) -> [String: Double] {
        guard !matches.isEmpty else { return [:] }
        var scores: [String: Double] = ["threat": 0, "harmful": 0]
        for match in matches where match.clearedBy == nil {
            let score = match.quoted ? match.score * 0.5 : match.score
            if match.label == "threat" { scores["threat"] = max(scores["threat"]!, score) }
            if match.label == "threat" || match.label == "abuse" { scores["harmful"] = max(scores["harmful"]!, score) }
        }
        return scores
    }

    /// Everything found in one post.
    public func detect(_ post: Post, names: ProtectedNames?) -> [TextSignal] {
        var reader = Reader(posts: 1)
        return detect(post, names: names, using: &reader)
    }

    /// The same, for one of many posts a reader reads in turn.
    public func detect(_ post: Post, names: ProtectedNames?, using reader: inout Reader) -> [TextSignal] {
        let text = reader.normaliser.normalise(post.text)
        // The lexicons read slips of their words as the words; the model reads what was written,
        // as it was trained to.
        let analysis = analyse(repaired(text))
        var matches = analysis.matches
        let identities = analysis.identities
        let mentions = names?.mentions(in: text) ?? []
        // Whether the post is aimed at someone Himaya could protect: it names or replies to a
        // protected person, or names a group of people. Abuse needs such a target; the search
        // for group names runs at most once, and only where it decides something.
        lazy var aimedAtSomeone = !mentions.isEmpty || !post.aimedAt.isEmpty || !identities.isEmpty || groupNames.named(in: text)
        // Abuse of one person counts only so ("you are a rat" aimed at no one does not; "you
        // are a rat, like all <group>" does).
        if matches.contains(where: { $0.aimedAtPerson && $0.clearedBy == nil }) && !aimedAtSomeone {
            for index in matches.indices where matches[index].aimedAtPerson && matches[index].clearedBy == nil {
                matches[index].clearedBy = "no_target"
            }
        }
        let rules = Self.ruleScores(matches)
        let predictions = model?.predict(text, identities: identities, memo: &reader.memo) ?? []
        // Most posts: nothing matched, nobody named, the model calm. Leave before any bookkeeping.
        if matches.isEmpty && mentions.isEmpty && post.aimedAt.isEmpty && post.authorName == nil
            && predictions.indices.allSatisfy({ index in
                predictions[index].probability < calmBelow[index]
                    || model?.calibrated(predictions[index].label, rule: 0, model: predictions[index].probability) ?? 0 < min(threshold, abuseThreshold)
            })
        {
            return []
        }
        let standing = matches.filter { $0.clearedBy == nil }
        let contextCleared = matches.contains { $0.clearedBy == "counter_speech" || $0.clearedBy == "reporting" }
        let people = Array(Set(mentions.map(\.person) + post.aimedAt)).sorted()
        var signals: [TextSignal] = []

        func span(bytes: Range<Int>) -> TextSignal.Span {
            let scalars = text.scalarRange(bytes)
            return TextSignal.Span(start: scalars.lowerBound, end: scalars.upperBound, text: text.excerpt(bytes: bytes))
        }
        func span(_ words: Range<Int>) -> TextSignal.Span { span(bytes: text.originRange(words)) }

        // Rules and model, one calibrated score per label.
        var probabilities: [String: Double] = [:]
        // Where no harmful entry stands, un-negated praise tells the model's words-in-a-bag reading
        // of abuse that the post speaks well of the people it names. (An abusive phrase the rules
        // saw negated is not enough: "X are not human" is negated and still dehumanising.)
        let harmStands = standing.contains { $0.label == "abuse" || $0.label == "threat" }
        let speaksWell = analysis.praised && !harmStands
        // A threat the rules found and saw negated ("no one deserves to be shot") is read by the
        // model as a threat all the same; where no threat stands, the negation weighs on it too,
        // and where no harmful entry stands, on its reading of abuse.
        let threatNegated = !standing.contains { $0.label == "threat" }
            && matches.contains { $0.label == "threat" && ($0.clearedBy == "negation" || $0.clearedBy == "trailing_negation") }
        // A post that answers someone else's words ("when you say you hate them, it shows…")
        // quotes the words the model reads as abuse; where no harmful entry stands, that weighs on
        // its reading of abuse. Threats are not tempered this way: a threat does not stop being
        // one because the post also names hate speech.
        let answersAbuse = analysis.answersOthers && !harmStands
        for prediction in predictions {
            // Counter-speech and reported speech that cleared an entry weigh on the model too.
            let damped = contextCleared || ((speaksWell || answersAbuse || threatNegated && !harmStands) && prediction.label == "harmful")
                || (threatNegated && prediction.label == "threat")
            probabilities[prediction.label] = damped ? prediction.probability * 0.3 : prediction.probability
        }
        func score(_ label: String) -> Double {
            let rule = rules[label] ?? 0
            guard let model, let probability = probabilities[label] else { return rule }
            return model.calibrated(label, rule: rule, model: probability)
        }
        /// The words behind the model's score, worked out only when a signal needs them.
        func modelWords(_ label: String) -> [Int] {
            model?.predict(text, identities: identities, explain: true).first { $0.label == label }?.words ?? []
        }
        let threatScore = score("threat")
        let harmfulScore = score("harmful")

        /// One signal per standing lexicon entry of a label, or one from the model when no entry
        /// stands (for abuse, only when no threat was reported either).
        func labelSignals(_ label: TextSignal.Label, score: Double, head: String, modelOnlyIf: @autoclosure () -> Bool) {
            let hits = standing.filter { $0.label == label.rawValue }
            for (entryID, group) in Dictionary(grouping: hits, by: \.entryID).sorted(by: { $0.key < $1.key }) {
                let first = group[0]
                signals.append(
                    TextSignal(
                        label: label, kind: first.kind, score: score, rule: entryID, language: language(of: entryID),
                        spans: group.prefix(3).map { span($0.words) }, people: people,
                        explanation: "lexicon entry \(entryID) (\(first.kind)) matched; calibrated with the model"))
            }
            guard hits.isEmpty && modelOnlyIf() else { return }
            signals.append(
                TextSignal(
                    label: label, kind: "model_\(label.rawValue)", score: score, rule: "model", language: post.languageHint,
                    spans: modelWords(head).map { span($0..<$0 + 1) }, people: people,
                    explanation: "the statistical model scored the text as \(label == .threat ? "a threat" : "abusive")"))
        }
        if threatScore >= threshold { labelSignals(.threat, score: threatScore, head: "threat", modelOnlyIf: true) }
        // Abuse needs someone it is aimed at: a protected person, or a group named for who they
        // are (written apart or glued to a neighbour). The model reads the tone of "I hate
        // cauliflower" or "what a stupid referee" as it reads abuse, but nobody Himaya protects
        // is attacked there.
        if harmfulScore >= abuseThreshold {
            labelSignals(
                .abuse, score: harmfulScore, head: "harmful",
                modelOnlyIf: !signals.contains { $0.label == .threat } && aimedAtSomeone)
        }

        // Names of protected people.
        for person in Set(mentions.map(\.person)).sorted() {
            let spans = mentions.filter { $0.person == person }.prefix(3).map { span($0.words) }
            signals.append(
                TextSignal(
                    label: .mention, kind: "protected_person", score: 1, rule: "protected_names", language: nil, spans: spans, people: [person],
                    explanation: "names a protected person"))
        }

        // Personal details or cues to them, next to a protected person.
        if !people.isEmpty {
            let details = PersonalDetails.find(in: text)
            let cues = standing.filter { $0.label == "doxxing_cue" }
            if !details.isEmpty || !cues.isEmpty {
                var spans = details.prefix(3).map { span(bytes: $0.bytes) }
                spans += cues.prefix(2).map { span($0.words) }
                let kinds = Set(details.map(\.kind.rawValue)).sorted()
                signals.append(
                    TextSignal(
                        label: .doxxing, kind: details.isEmpty ? "location_cue" : "personal_details",
                        score: details.isEmpty ? 0.6 : (cues.isEmpty ? 0.75 : 0.9), rule: cues.first?.entryID ?? "personal_details",
                        language: cues.first.flatMap { language(of: $0.entryID) }, spans: spans, people: people,
                        explanation: details.isEmpty
                            ? "words that point to where a protected person lives or works"
                            : "personal details (\(kinds.joined(separator: ", "))) next to a protected person"))
            }
        }

        // An author whose name spells a protected person's.
        if let authorName = post.authorName, let names {
            let found = Set(names.impersonated(by: authorName).map(\.person)).sorted()
            if !found.isEmpty {
                signals.append(
                    TextSignal(
                        label: .impersonation, kind: "look_alike_name", score: 0.8, rule: "protected_names", language: nil, spans: [],
                        people: found, explanation: "the author's name spells a protected person's once look-alike letters are folded"))
            }
        }
        return signals
    }

    private func language(of entryID: String) -> String? {
        entryID.split(separator: ".").first.map(String.init)
    }

    /// Whether two hits stand in one sentence: counter-speech and reported speech answer the words
    /// of their own sentence ("he wrote that he would kill me"), not a threat in the next one
    /// ("Run them over. According to them they are dying anyway").
    static func inOneSentence(_ first: PatternMatcher.Hit, _ second: PatternMatcher.Hit, in text: NormalisedText) -> Bool {
        // Overlapping hits share a sentence: `sentenceEnds` finds no end between words out of order.
        let (from, to) = first.words.lowerBound <= second.words.lowerBound ? (first, second) : (second, first)
        return !sentenceEnds(text, between: from.words.upperBound - 1, and: to.words.lowerBound)
    }

    /// Whether a sentence ends between two words ("No. I will find you" keeps its threat); with
    /// `clauses`, whether a clause does (a comma, colon or semicolon too: "they are not like us,
    /// so they should be shot" keeps its threat).
    static func sentenceEnds(_ text: NormalisedText, between first: Int, and second: Int, clauses: Bool = false) -> Bool {
        guard first >= 0, second < text.tokens.count, first < second else { return false }
        let from = Int(text.tokens[first].originEnd)
        let to = Int(text.tokens[second].originStart)
        guard from < to else { return false }
        var utf8 = text.original
        return utf8.withUTF8 { bytes in
            bytes[from..<to].contains { $0 == 0x2E || $0 == 0x21 || $0 == 0x3F || $0 == 0x0A || clauses && ($0 == 0x2C || $0 == 0x3A || $0 == 0x3B) }
                || String(decoding: bytes[from..<to], as: UTF8.self).unicodeScalars.contains {
                    "؟。！？".unicodeScalars.contains($0) || clauses && "،؛，、；：".unicodeScalars.contains($0)
                }
        }
    }

    /// Words between quotation marks (straight or typographic, in the four first languages),
    /// read from the UTF-8 bytes: most posts have none, and this stays off their path.
    static func quotedWords(_ text: NormalisedText) -> Set<Int> {
        var regions: [Range<Int>] = []
        var open: Int?
        var utf8 = text.original
        utf8.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x22 {
                    if let start = open {
                        regions.append(start..<index)
                        open = nil
                    } else {
                        open = index
                    }
                } else if byte == 0xC2, index + 1 < bytes.count {
                    // « U+00AB opens, » U+00BB closes
                    if bytes[index + 1] == 0xAB, open == nil { open = index }
                    if bytes[index + 1] == 0xBB, let start = open {
                        regions.append(start..<index)
                        open = nil
                    }
                } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80 {
                    // “ U+201C, „ U+201E and ‘ U+2018 open; ” U+201D and ’ U+2019 close
                    let third = bytes[index + 2]
                    if third == 0x9C || third == 0x9E || third == 0x98, open == nil { open = index }
                    if third == 0x9D || third == 0x99, let start = open {
                        regions.append(start..<index)
                        open = nil
                    }
                }
                index += 1
            }
        }
        guard !regions.isEmpty else { return [] }
        var words = Set<Int>()
        for (index, token) in text.tokens.enumerated() where regions.contains(where: { $0.contains(Int(token.originStart)) }) {
            words.insert(index)
        }
        return words
    }
}
