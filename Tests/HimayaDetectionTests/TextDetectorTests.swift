import Foundation
import HimayaDetection
import Testing

/// A small lexicon made here, so that the detector's behaviour is specified apart from the
/// shipped word lists.
enum FixtureLexicon {
    static let json = """
        {
          "language": "en", "name": "English", "version": 1,
          "classes": {
            "you": ["you", "u", "your family"],
            "kill": ["kill*", "shoot*", "stab*"],
            "group": ["journalists", "women"]
          },
          "context": {
            "negation": ["not", "never", "no one should"],
            "counter_speech": ["how dare", "is unacceptable"],
            "reporting": ["he wrote", "posts like"],
            "idioms": ["killing it", "kill for a coffee"],
            "objects": ["kill {this|that} {bug|spider}"],
            "connectives": ["therefore", "that is why"],
            "identities": ["women", "journalists"],
            "groups": ["harpies"]
          },
          "entries": [
            {"id": "en.threat.kill-you", "label": "threat", "kind": "explicit_threat", "score": 0.95,
             "patterns": ["{i will|i'll|gonna} <kill> ~3 <you>"], "examples": ["I will kill you"], "counter_examples": ["I will never kill you"]},
            {"id": "en.threat.veiled-home", "label": "threat", "kind": "veiled_threat", "score": 0.85,
             "patterns": ["we know where ~3 {live*|sleep*}", "<you> 🔪"], "examples": ["we know where you live"], "counter_examples": ["we know where the party is"]},
            {"id": "en.threat.group", "label": "threat", "kind": "group_threat", "score": 0.9,
             "patterns": ["<kill> all <group>", "death to <group>"], "examples": ["kill all journalists"], "counter_examples": ["no one should kill all journalists"]},
            {"id": "en.abuse.vermin", "label": "abuse", "kind": "dehumanising", "score": 0.8,
             "patterns": ["<group> are {vermin|rats}"], "examples": ["journalists are vermin"], "counter_examples": ["rats are vermin"]},
            {"id": "en.abuse.rat-you", "label": "abuse", "kind": "dehumanising", "score": 0.8, "target": "person",
             "patterns": ["you {filthy|dirty} rat"], "examples": ["you filthy rat"], "counter_examples": ["the filthy rat ran off"]},
            {"id": "en.doxxing.lives-at", "label": "doxxing_cue", "kind": "location_cue", "score": 0.7,
             "patterns": ["lives at", "{her|his} address is"], "examples": ["she lives at the corner"], "counter_examples": ["she lived long"]}
          ]
        }
        """

    static func lexicon() throws -> Lexicon { try JSONDecoder().decode(Lexicon.self, from: Data(json.utf8)) }
    static func detector() throws -> TextDetector { try TextDetector(lexicons: [lexicon()], model: nil) }
}

@Suite("Text detector")
struct TextDetectorTests {
    let names = ProtectedNames(people: [["Maria Lopez", "@mlopez"]])

    func signals(_ text: String, author: String? = nil, aimedAt: [Int] = []) throws -> [TextSignal] {
        try FixtureLexicon.detector().detect(TextDetector.Post(text: text, authorName: author, aimedAt: aimedAt), names: names)
    }

    @Test("a reader of many posts finds in each what the post read alone gives")
    func readerFindsWhatEachPostGives() throws {
        let detector = try BundledText.detector()
        let posts = [
            "Maria Lopez, I'll sh00t u tomorrow", "Sabemos dónde vives, Maria Lopez. Los accidentes pasan.", "have a lovely day @mlopez",
            "women are vermin and should be wiped out", "@mlopez her phone is +33 6 12 34 56 78", "نعرف أين تسكن يا ماريا",
            "Tu es une ordure, Maria Lopez", "what a stupid referee", "",
        ]
        for size in [nil, 1, 3] {
            var reader = TextDetector.Reader(posts: size)
            for text in posts + posts.reversed() {
                let post = TextDetector.Post(text: text, authorName: "maria_lopez")
                #expect(detector.detect(post, names: names, using: &reader) == detector.detect(post, names: names), "\(text)")
            }
        }
    }

    @Test("an explicit threat is found with its rule, kind and the words the author wrote")
    func explicitThreat() throws {
        let threat = try #require(try signals("Maria Lopez, I'll sh00t u tomorrow").first { $0.label == .threat })
        #expect(threat.rule == "en.threat.kill-you")
        #expect(threat.kind == "explicit_threat")
        #expect(threat.spans.first?.text == "I'll sh00t u")
        #expect(threat.spans.first?.start == 13)
        #expect(threat.people == [0])
    }

    @Test("a gap lets a veiled threat through with words in between")
    func veiledThreatWithGap() throws {
        #expect(try signals("we know where your little kids sleep").contains { $0.kind == "veiled_threat" })
    }

    @Test("a coded emoji aimed at the reader is a veiled threat")
    func codedEmoji() throws {
        #expect(try signals("you 🔪🔪").contains { $0.kind == "veiled_threat" })
    }

    @Test("negation just before the threat clears it")
    func negation() throws {
        #expect(try signals("I will not kill you").allSatisfy { $0.label != .threat })
        #expect(try signals("I will kill not you").contains { $0.label == .threat } == false)
        #expect(try signals("No one should kill all journalists").allSatisfy { $0.label != .threat })
    }

    @Test("a negation in the sentence before does not clear a threat")
    func negationStopsAtSentenceEnd() throws {
        #expect(try signals("No one should. I will kill you").contains { $0.label == .threat })
    }

    @Test("a negation in the clause before does not clear a threat")
    func negationStopsAtClauseEnd() throws {
        #expect(try signals("Journalists never change, so kill all journalists").contains { $0.label == .threat })
        #expect(try signals("They are not like us; kill all journalists").contains { $0.label == .threat })
        #expect(try signals("No, I will kill you").contains { $0.label == .threat })
        #expect(try signals("No one should kill all journalists, ever").allSatisfy { $0.label != .threat })
    }

    @Test("a negation does not reach past a word that opens a new clause")
    func negationStopsAtConnective() throws {
        #expect(try signals("Journalists are never welcome therefore kill all journalists").contains { $0.label == .threat })
        #expect(try signals("They are not welcome that is why I will kill you").contains { $0.label == .threat })
        #expect(try signals("Therefore no one should kill all journalists").allSatisfy { $0.label != .threat })
    }

    @Test("counter-speech and reported speech in the same sentence clear it")
    func counterSpeechAndReporting() throws {
        #expect(try signals("\"kill all journalists\" is unacceptable").allSatisfy { $0.label != .threat })
        #expect(try signals("Posts like kill all women must go").allSatisfy { $0.label != .threat })
    }

    @Test("counter-speech or reported speech in another sentence does not clear a threat")
    func counterSpeechAndReportingStopAtSentenceEnd() throws {
        #expect(try signals("He wrote a long thread. I will kill you").contains { $0.label == .threat })
        #expect(try signals("That is unacceptable! Kill all journalists").contains { $0.label == .threat })
    }

    @Test("idioms and threats against objects are not threats")
    func idiomsAndObjects() throws {
        #expect(try signals("gonna kill for a coffee, you know").allSatisfy { $0.label != .threat })
        #expect(try signals("I will kill this bug, you see").allSatisfy { $0.label != .threat })
        #expect(try signals("I will kill the lot of you").contains { $0.label == .threat })
    }

    @Test("a threat against a group needs no second person")
    func groupThreat() throws {
        #expect(try signals("death to journalists").contains { $0.kind == "group_threat" })
    }

    @Test("dehumanising abuse of a group is abuse, not a threat")
    func abuse() throws {
        let found = try signals("journalists are rats")
        #expect(found.contains { $0.label == .abuse && $0.kind == "dehumanising" })
        #expect(!found.contains { $0.label == .threat })
    }

    @Test("a protected person's name is a mention signal")
    func mention() throws {
        #expect(try signals("cc @mlopez").contains { $0.label == .mention && $0.people == [0] })
    }

    @Test("a phone number next to a protected person is doxxing, and alone it is nothing")
    func doxxing() throws {
        let found = try signals("Maria Lopez lives at 12 Baker Street, call +44 20 7946 0958")
        let doxxing = try #require(found.first { $0.label == .doxxing })
        #expect(doxxing.kind == "personal_details")
        #expect(doxxing.score >= 0.9)
        #expect(try signals("call +44 20 7946 0958 for pizza").allSatisfy { $0.label != .doxxing })
    }

    @Test("personal details in a reply to a protected account are doxxing without the name")
    func doxxingByReply() throws {
        #expect(try signals("your number is +44 20 7946 0958", aimedAt: [0]).contains { $0.label == .doxxing })
    }

    @Test("an author named like a protected person is an impersonation candidate")
    func impersonation() throws {
        #expect(try signals("hello", author: "M\u{0430}ria L0pez").contains { $0.label == .impersonation && $0.people == [0] })
    }

    /// A German lexicon whose negation follows the verb.
    static func germanDetector() throws -> TextDetector {
        let german = """
            {"language": "de", "name": "Deutsch", "version": 1, "classes": {},
             "context": {"trailing_negation": ["nicht"]},
             "entries": [{"id": "de.threat.kill-you", "label": "threat", "kind": "explicit_threat", "score": 0.95,
               "patterns": ["ich {töte|bringe} dich {um|}"], "examples": ["ich töte dich", "ich bringe dich um"], "counter_examples": ["ich töte dich nicht"]}]}
            """
        return try TextDetector(lexicons: [try JSONDecoder().decode(Lexicon.self, from: Data(german.utf8))], model: nil)
    }

    @Test("a negation that follows the verb, as in German, clears the threat before it")
    func trailingNegation() throws {
        let detector = try Self.germanDetector()
        #expect(detector.detect(.init(text: "Ich töte dich!"), names: nil).contains { $0.label == .threat })
        #expect(!detector.detect(.init(text: "Ich töte dich nicht."), names: nil).contains { $0.label == .threat })
    }

    @Test("a negation that follows the verb does not reach back past a comma")
    func trailingNegationStopsAtClauseEnd() throws {
        let detector = try Self.germanDetector()
        #expect(detector.detect(.init(text: "Ich töte dich, nicht morgen, heute."), names: nil).contains { $0.label == .threat })
    }

    /// A model that has seen a group named only in abuse, as models trained on real posts often have.
    static let biasedModel: TextModel = {
        let abusive = ["disgusting", "filthy", "worthless", "stupid", "vile", "useless", "pathetic", "dirty", "evil", "awful"]
        let calm = ["the weather is nice today", "the train was late again", "we had soup for lunch", "the match ends at nine",
                    "my phone needs charging", "the library opens at ten", "it rained all morning", "the bus stop moved"]
        var rows: [TextModelTrainer.Example] = []
        for _ in 0..<4 {
            rows += abusive.map { .init(text: "women are \($0)", label: "abuse") }
            rows += calm.map { .init(text: $0, label: "none") }
        }
        return TextModelTrainer.train(rows, bits: 12, epochs: 6)
    }()

    @Test("praise of the people named tempers the model's reading of abuse, unless it is negated or a comparison")
    func praise() throws {
        let plain = try TextDetector(lexicons: [FixtureLexicon.lexicon()], model: Self.biasedModel)
        // The model alone takes kind words about the group for abuse: that is what praise is for.
        #expect(plain.detect(.init(text: "women are lovely"), names: nil).contains { $0.label == .abuse })
        let withPraise = FixtureLexicon.json.replacingOccurrences(
            of: #""negation": ["not", "never", "no one should"],"#,
            with: #""negation": ["not", "never", "no one should"], "praise": ["lovely", "brilliant"], "comparison": ["than"],"#)
        let detector = try TextDetector(lexicons: [try JSONDecoder().decode(Lexicon.self, from: Data(withPraise.utf8))], model: Self.biasedModel)
        #expect(!detector.detect(.init(text: "women are lovely"), names: nil).contains { $0.label == .abuse })
        #expect(detector.detect(.init(text: "women are never lovely"), names: nil).contains { $0.label == .abuse })
        #expect(detector.detect(.init(text: "a rat is more lovely than women"), names: nil).contains { $0.label == .abuse })
        // A standing abusive entry is not outweighed by a kind word beside it.
        #expect(detector.detect(.init(text: "women are vermin, lovely"), names: nil).contains { $0.label == .abuse && $0.rule == "en.abuse.vermin" })
    }

    @Test("abuse that only the model reads is reported when it names a group, not when it attacks nobody")
    func modelAbuseNeedsAGroup() throws {
        let detector = try TextDetector(lexicons: [FixtureLexicon.lexicon()], model: Self.biasedModel)
        func abuse(_ text: String) -> Bool { detector.detect(.init(text: text), names: nil).contains { $0.label == .abuse } }
        #expect(!abuse("you are disgusting"))
        #expect(abuse("women are disgusting"))
        #expect(abuse("harpies are disgusting"))
        #expect(abuse("womenare disgusting"))
        #expect(abuse("wmoen are disgusting"))
    }

    @Test("abuse of one person is reported where that person could be protected: named, replied to, or one of a group the post names")
    func abuseOfOnePersonNeedsATarget() throws {
        let detector = try FixtureLexicon.detector()
        func abuse(_ post: TextDetector.Post) -> Bool {
            detector.detect(post, names: names).contains { $0.label == .abuse && $0.rule == "en.abuse.rat-you" }
        }
        #expect(!abuse(.init(text: "you filthy rat")))
        #expect(abuse(.init(text: "you filthy rat", aimedAt: [0])))
        #expect(abuse(.init(text: "Maria Lopez, you filthy rat")))
        #expect(abuse(.init(text: "you filthy rat, like all women")))
        // The lexicon author still sees the entry match: only the scan asks who it is aimed at.
        var normaliser = TextNormaliser()
        #expect(detector.entryMatches(normaliser.normalise("you filthy rat")).contains { $0.entryID == "en.abuse.rat-you" && $0.clearedBy == nil })
    }

    @Test("an entry's target other than person is refused when the lexicons load")
    func unknownTargetIsRefused() throws {
        let json = FixtureLexicon.json.replacingOccurrences(of: #""target": "person""#, with: #""target": "persons""#)
        let lexicon = try JSONDecoder().decode(Lexicon.self, from: Data(json.utf8))
        #expect(throws: LexiconPattern.Problem.self) { try TextDetector(lexicons: [lexicon], model: nil) }
    }

    @Test("a name in groups written as a pattern is refused with the name and the reason")
    func groupNamesArePlain() throws {
        for name in ["{harpies|shrews}", "<group>", "har*pies"] {
            let json = FixtureLexicon.json.replacingOccurrences(of: #""groups": ["harpies"]"#, with: #""groups": ["harpies", "\#(name)"]"#)
            let lexicon = try JSONDecoder().decode(Lexicon.self, from: Data(json.utf8))
            #expect(throws: LexiconPattern.Problem.self) { try TextDetector(lexicons: [lexicon], model: nil) }
        }
        let plain = FixtureLexicon.json.replacingOccurrences(of: #""groups": ["harpies"]"#, with: #""groups": ["harpies", "feminazi*", "shrill women*"]"#)
        _ = try TextDetector(lexicons: [try JSONDecoder().decode(Lexicon.self, from: Data(plain.utf8))], model: nil)
    }

    @Test("abuse that only the model reads is reported when it is aimed at a protected person, named or replied to")
    func modelAbuseAimedAtProtectedPerson() throws {
        let detector = try TextDetector(lexicons: [FixtureLexicon.lexicon()], model: Self.biasedModel)
        #expect(detector.detect(.init(text: "you are disgusting", aimedAt: [0]), names: names).contains { $0.label == .abuse && $0.people == [0] })
        #expect(detector.detect(.init(text: "Maria Lopez is disgusting"), names: names).contains { $0.label == .abuse && $0.people == [0] })
        #expect(!detector.detect(.init(text: "you are disgusting"), names: names).contains { $0.label == .abuse })
    }

    /// The fixture lexicon with a small model that has seen `threats` and everyday sentences only.
    static func threatDetector(trainedOn threats: [String]) throws -> TextDetector {
        let calm = ["the weather is nice today", "the train was late again", "we had soup for lunch", "the match ends at nine",
                    "my phone needs charging", "the library opens at ten"]
        var rows: [TextModelTrainer.Example] = []
        for _ in 0..<5 {
            rows += threats.map { .init(text: $0, label: "threat") }
            rows += calm.map { .init(text: $0, label: "none") }
        }
        return try TextDetector(lexicons: [FixtureLexicon.lexicon()], model: TextModelTrainer.train(rows, bits: 12, epochs: 6))
    }

    @Test("answering someone's abuse tempers the model's reading of abuse, not of a threat")
    func counterSpeechTempersAbuse() throws {
        let detector = try TextDetector(lexicons: [FixtureLexicon.lexicon()], model: Self.biasedModel)
        #expect(detector.detect(.init(text: "women are disgusting"), names: nil).contains { $0.label == .abuse })
        #expect(!detector.detect(.init(text: "how dare you say women are disgusting"), names: nil).contains { $0.label == .abuse })
        let threatModel = try Self.threatDetector(
            trainedOn: ["we will stab them tonight", "we will shoot them tonight", "we will burn them tonight", "we will hang them tonight"])
        #expect(threatModel.detect(.init(text: "how dare they, we will stab them tonight"), names: nil).contains { $0.label == .threat })
    }

    @Test("a threat the rules saw negated is not reported on the model's word alone")
    func negatedThreatTempersModel() throws {
        let detector = try Self.threatDetector(trainedOn: [
            "kill all journalists", "shoot all journalists", "stab all journalists", "kill all journalists now", "we should kill all journalists",
            "shoot all journalists tonight",
        ])
        #expect(detector.detect(.init(text: "we should kill all journalists"), names: nil).contains { $0.label == .threat })
        #expect(!detector.detect(.init(text: "no one should kill all journalists"), names: nil).contains { $0.label == .threat })
    }

    @Test("a threat the rules saw negated is not reported as abuse on the model's word alone either")
    func negatedThreatTempersModelAbuse() throws {
        let detector = try Self.threatDetector(trainedOn: [
            "kill all journalists", "shoot all journalists", "stab all journalists", "kill all journalists now", "we should kill all journalists",
            "shoot all journalists tonight",
        ])
        let negated = detector.detect(.init(text: "no one should kill all journalists"), names: nil)
        #expect(!negated.contains { $0.label == .abuse || $0.label == .threat })
        // A harmful entry that stands beside the negated threat is still reported.
        #expect(detector.detect(.init(text: "no one should kill all journalists, journalists are vermin"), names: nil).contains { $0.label == .abuse })
    }

    @Test("a harmless post gives no signal")
    func harmless() throws {
        #expect(try signals("What a lovely day for a walk by the river").isEmpty)
    }
}

@Suite("Lexicon patterns")
struct LexiconPatternTests {
    func problem(_ pattern: String) -> String? {
        let lexicon = Lexicon(
            language: "en", name: "English", version: 1, classes: ["you": ["you"]],
            context: try! JSONDecoder().decode(Lexicon.Context.self, from: Data("{}".utf8)),
            entries: [.init(id: "x", label: "threat", kind: "explicit_threat", score: 1, patterns: [pattern], examples: [], counterExamples: [])])
        do {
            _ = try TextDetector(lexicons: [lexicon], model: nil)
            return nil
        } catch {
            return error.reason
        }
    }

    func matches(_ pattern: String, _ text: String) throws -> Bool {
        let lexicon = Lexicon(
            language: "xx", name: "Test", version: 1, classes: [:],
            context: try JSONDecoder().decode(Lexicon.Context.self, from: Data("{}".utf8)),
            entries: [.init(id: "x", label: "threat", kind: "explicit_threat", score: 1, patterns: [pattern], examples: [], counterExamples: [])])
        var normaliser = TextNormaliser()
        return try !TextDetector(lexicons: [lexicon], model: nil).entryMatches(normaliser.normalise(text)).isEmpty
    }

    @Test("a pattern is found through its rarest step whether that step is a word, a stem, a phrase or a word behind an Arabic prefix")
    func anchors() throws {
        #expect(try matches("{i|we} ~2 strangle* {you|u}", "we will strangleee you"))
        #expect(try !matches("{i|we} ~2 strangle* {you|u}", "we will hug you"))
        #expect(try matches("{i|we} ~2 {body bag|coffin} {for|to}", "i have a body bag for you"))
        #expect(try matches("{انا|نحن} ~2 سلاح", "انا جاي بسلاح"))
        #expect(try !matches("{انا|نحن} ~2 سلاح", "انا جاي بكرة"))
    }

    @Test("a well-formed pattern compiles")
    func wellFormed() { #expect(problem("{i will|i'll} kill* <you> ~2 now") == nil) }

    @Test("malformed patterns are refused with the reason")
    func malformed() {
        #expect(problem("~ kill") == "starts with a gap")
        #expect(problem("kill ~") == "ends with a gap")
        #expect(problem("{kill|shoot") == "a { without its }")
        #expect(problem("kill <them>") == "no class <them>")
        #expect(problem("ki* you") == "stem \"ki*\" is shorter than 3 letters")
        #expect(problem("kill ~9 you") == "a gap is ~ or ~1 to ~8")
    }
}
