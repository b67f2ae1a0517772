/// What text detection found in one post, with enough explanation for a responder to check it:
/// the rule or model that fired, the exact characters, and the score.
public struct TextSignal: Sendable, Equatable, Codable {
    /// The family of harm; rules and evaluations speak in labels.
    public enum Label: String, Sendable, Codable, CaseIterable {
        case threat, abuse, doxxing, impersonation, mention, coordinated
    }

    /// Where in the original text, in Unicode scalar offsets, and what it says there.
    public struct Span: Sendable, Equatable, Codable {
        public var start: Int
        public var end: Int
        public var text: String

        public init(start: Int, end: Int, text: String) {
            self.start = start
            self.end = end
            self.text = text
        }
    }

    public var label: Label
    /// A finer kind: `explicit_threat`, `veiled_threat`, `group_threat`, `sexual_threat`,
    /// `sexual_abuse`, `dehumanising`, `degrading`, `smear`, `personal_details`, `location_cue`,
    /// `look_alike_name`, `protected_person`, `near_duplicate`, `pile_on`, or `model_threat` and
    /// `model_abuse` when only the statistical model spoke.
    public var kind: String
    /// Calibrated probability that the label is right.
    public var score: Double
    /// Lexicon entry id (`es.threat.veiled-home`), `model`, or the detector's name.
    public var rule: String
    /// Language of the lexicon entry, when one fired.
    public var language: String?
    public var spans: [Span]
    /// Indices of the protected people concerned, as given to `ProtectedNames`.
    public var people: [Int]
    /// One sentence in English for logs of the engine's reasoning (never the content itself);
    /// pages show a translated explanation built from `kind` and `rule`.
    public var explanation: String

    public init(
        label: Label, kind: String, score: Double, rule: String, language: String?, spans: [Span], people: [Int], explanation: String
    ) {
        self.label = label
        self.kind = kind
        self.score = score
        self.rule = rule
        self.language = language
        self.spans = spans
        self.people = people
        self.explanation = explanation
    }
}
