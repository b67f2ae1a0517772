/// One language's words of attack, as a local expert writes them: classes of words, patterns
/// grouped into entries with a label, a kind and a score, each entry with examples that must fire
/// and counter-examples that must not, and the context that clears a false alarm. Files live in
/// `Lexicons/<language>.json`; adding a language needs no Swift.
public struct Lexicon: Sendable, Decodable {
    /// A group of patterns for one kind of attack.
    public struct Entry: Sendable, Decodable {
        public var id: String
        public var label: String
        public var kind: String
        public var score: Double
        public var patterns: [String]
        public var examples: [String]
        public var counterExamples: [String]
        /// `person` for abuse that attacks the one person it addresses or names ("you are a
        /// rat", "kill yourself", "a paid agent"), which is reported only where that person could
        /// be someone Himaya protects: the post names or replies to a protected person, or names
        /// a group of people. Otherwise nil.
        public var target: String?

        enum CodingKeys: String, CodingKey {
            case id, label, kind, score, patterns, examples, target
            case counterExamples = "counter_examples"
        }

        public init(
            id: String, label: String, kind: String, score: Double, patterns: [String], examples: [String], counterExamples: [String],
            target: String? = nil
        ) {
            self.id = id
            self.label = label
            self.kind = kind
            self.score = score
            self.patterns = patterns
            self.examples = examples
            self.counterExamples = counterExamples
            self.target = target
        }
    }

    /// Patterns that clear a match: negation before it (or, in languages that put it there, just
    /// after it), counter-speech or reported speech in the same post, idioms and threats against
    /// objects that overlap it.
    public struct Context: Sendable, Decodable {
        public var negation: [String]
        /// Negation that follows the verb, as German "nicht" and Dutch "niet" do: it clears a
        /// match when it starts right after it.
        public var trailingNegation: [String]
        public var counterSpeech: [String]
        public var reporting: [String]
        public var idioms: [String]
        public var objects: [String]
        /// Words of praise or support for people ("we love", "are brilliant"): where they stand
        /// un-negated and no harmful entry does, the model's reading of abuse counts for less,
        /// so that speaking well of a group is not taken for attacking it.
        public var praise: [String]
        /// Words that make praise a comparison ("smarter than", "plus … que"): praise followed
        /// by one within two words does not count.
        public var comparison: [String]
        /// Neutral names of groups of people ("women", "refugees", "journalists"), never slurs:
        /// the model reads them all as one word, so that naming a group is not taken for
        /// attacking it. The lexicon's own entries still see the words.
        public var identities: [String]
        /// Words that open a new clause without punctuation ("therefore", "but", "donc",
        /// "deshalb"): a negation before one does not reach past it ("they will never change
        /// therefore kill them all" keeps its threat). Never words that are common in another
        /// language: every lexicon's context applies to every post ("so" is Italian "I know").
        public var connectives: [String]
        /// Every other name of a group of people: slurs ("faggots", "sudaca", "czarnuch") and the
        /// forms `identities` leave out (singular, inflected: "Schwulen", "judeu"). Abuse that only
        /// the model reads is reported when the post names a group by these or by `identities`,
        /// or is aimed at a protected person. Not masked for the model.
        public var groups: [String]
        /// The language's most frequent words (articles, pronouns, auxiliaries, prepositions),
        /// the most frequent first: never a pattern's anchor where it has another step, so that
        /// ordinary text, mostly made of them, is not searched pattern by pattern. Only speed
        /// depends on this list.
        public var frequentWords: [String]

        enum CodingKeys: String, CodingKey {
            case negation, reporting, idioms, objects, praise, comparison, identities, connectives, groups
            case counterSpeech = "counter_speech"
            case trailingNegation = "trailing_negation"
            case frequentWords = "frequent_words"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            negation = try container.decodeIfPresent([String].self, forKey: .negation) ?? []
            counterSpeech = try container.decodeIfPresent([String].self, forKey: .counterSpeech) ?? []
            reporting = try container.decodeIfPresent([String].self, forKey: .reporting) ?? []
            idioms = try container.decodeIfPresent([String].self, forKey: .idioms) ?? []
            objects = try container.decodeIfPresent([String].self, forKey: .objects) ?? []
            trailingNegation = try container.decodeIfPresent([String].self, forKey: .trailingNegation) ?? []
            praise = try container.decodeIfPresent([String].self, forKey: .praise) ?? []
            comparison = try container.decodeIfPresent([String].self, forKey: .comparison) ?? []
            identities = try container.decodeIfPresent([String].self, forKey: .identities) ?? []
            connectives = try container.decodeIfPresent([String].self, forKey: .connectives) ?? []
            groups = try container.decodeIfPresent([String].self, forKey: .groups) ?? []
            frequentWords = try container.decodeIfPresent([String].self, forKey: .frequentWords) ?? []
        }
    }

    public var language: String
    public var name: String
    public var version: Int
    public var classes: [String: [String]]
    public var context: Context
    public var entries: [Entry]

    public init(language: String, name: String, version: Int, classes: [String: [String]], context: Context, entries: [Entry]) {
        self.language = language
        self.name = name
        self.version = version
        self.classes = classes
        self.context = context
        self.entries = entries
    }
}
