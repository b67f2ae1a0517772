import HimayaDetection
import Testing

@Suite("Text model")
struct TextModelTests {
    static let rows: [TextModelTrainer.Example] = {
        let threats = ["i will hurt you badly", "we will hurt your family", "you will be hurt soon", "i am going to hurt you"]
        let abuse = ["you are a filthy rat", "what a filthy liar", "filthy rats all of them", "such a filthy creature"]
        let none = ["have a lovely day", "the river is lovely", "see you at the meeting", "thanks for the report", "lovely weather today"]
        var examples: [TextModelTrainer.Example] = []
        for round in 0..<10 {
            examples += threats.map { .init(text: "\($0) \(round)", label: "threat") }
            examples += abuse.map { .init(text: "\($0) \(round)", label: "abuse") }
            examples += none.map { .init(text: "\($0) \(round)", label: "none") }
        }
        return examples
    }()

    func probability(_ model: TextModel, _ label: String, _ text: String) -> Double {
        var normaliser = TextNormaliser()
        return model.predict(normaliser.normalise(text)).first { $0.label == label }!.probability
    }

    @Test("training separates the labels it was shown")
    func learns() {
        let model = TextModelTrainer.train(Self.rows, bits: 14, epochs: 5)
        #expect(probability(model, "threat", "i will hurt you") > 0.7)
        #expect(probability(model, "threat", "have a lovely day") < 0.3)
        #expect(probability(model, "harmful", "a filthy rat") > 0.7)
    }

    @Test("a model of two heads scores a text the same whether or not it explains the score")
    func twoHeadsScoreAlike() {
        let model = TextModelTrainer.train(Self.rows, bits: 14, epochs: 5)
        #expect(model.heads.count == 2)
        var normaliser = TextNormaliser()
        for text in ["i will hurt you", "have a lovely day", "a filthy rat", "", "ｆｉｌｔｈｙ 🐀 2024"] {
            let folded = normaliser.normalise(text)
            let plain = model.predict(folded).map(\.probability)
            let explained = model.predict(folded, explain: true).map(\.probability)
            #expect(plain == explained, "\(text)")
        }
    }

    @Test("a memo of words gives the scores the model gives without one, and starts again for another model")
    func memoScoresAlike() {
        let model = TextModelTrainer.train(Self.rows, bits: 14, epochs: 5)
        let other = TextModelTrainer.train(Self.rows.filter { $0.label != "abuse" }, bits: 14, epochs: 5)
        var normaliser = TextNormaliser()
        var memo = TextModel.WordMemo(slots: 4)
        let texts = ["i will hurt you", "have a lovely day", "you are a filthy rat", "i will hurt you", "", "ｆｉｌｔｈｙ 🐀 2024 filthy"]
        for text in texts + texts {
            let folded = normaliser.normalise(text)
            #expect(model.predict(folded, memo: &memo).map(\.probability) == model.predict(folded).map(\.probability), "\(text)")
            #expect(other.predict(folded, memo: &memo).map(\.probability) == other.predict(folded).map(\.probability), "\(text)")
        }
        #expect(memo.hits > 0)
    }

    @Test("the same rows give the same model")
    func deterministic() {
        let first = TextModelTrainer.train(Self.rows, bits: 12, epochs: 2).encoded()
        let second = TextModelTrainer.train(Self.rows, bits: 12, epochs: 2).encoded()
        #expect(first == second)
    }

    @Test("a model file reads back with the same predictions, within quantisation")
    func fileRoundTrip() throws {
        let model = TextModelTrainer.train(Self.rows, bits: 12, epochs: 3, about: "{\"test\":true}")
        let read = try TextModel(decoding: model.encoded())
        #expect(read.about == "{\"test\":true}")
        #expect(abs(probability(read, "threat", "i will hurt you") - probability(model, "threat", "i will hurt you")) < 0.02)
    }

    @Test("a damaged or foreign file is refused with a reason")
    func damagedFile() {
        #expect(throws: TextModel.FileProblem.self) { try TextModel(decoding: Array("not a model".utf8)) }
        let truncated = Array(TextModelTrainer.train(Self.rows, bits: 12, epochs: 1).encoded().prefix(100))
        #expect(throws: TextModel.FileProblem.self) { try TextModel(decoding: truncated) }
    }

    /// Names of groups, folded as the model reads them.
    static let groupNames: Set<String> = {
        var normaliser = TextNormaliser()
        return Set(["women", "refugees", "journalists"].map { normaliser.normalise($0).word(0) })
    }()

    /// The words of a text that name one of those groups.
    static func groupWords(_ text: NormalisedText) -> [Int] {
        text.tokens.indices.filter { groupNames.contains(text.word($0)) }
    }

    @Test("a model trained with groups masked scores a text the same whichever group it names")
    func identitiesMasked() {
        let rows = Self.rows + (0..<10).flatMap { round in
            [TextModelTrainer.Example(text: "filthy women \(round)", label: "abuse"), .init(text: "filthy journalists \(round)", label: "abuse")]
        }
        let model = TextModelTrainer.train(rows, bits: 14, epochs: 5, identities: Self.groupWords)
        #expect(model.masksIdentities)
        var normaliser = TextNormaliser()
        func harmful(_ text: String) -> Double {
            let folded = normaliser.normalise(text)
            return model.predict(folded, identities: Self.groupWords(folded)).first { $0.label == "harmful" }!.probability
        }
        #expect(harmful("we welcome women") == harmful("we welcome refugees"))
        #expect(harmful("filthy refugees") > 0.7)
        // Unmasked, the group named is a word like any other.
        let plain = TextModelTrainer.train(rows, bits: 14, epochs: 5)
        #expect(!plain.masksIdentities)
        #expect(probability(plain, "harmful", "we welcome women") != probability(plain, "harmful", "we welcome refugees"))
    }

    @Test("whether a model masks groups survives its file, and a file of format 1 still reads")
    func identityFlagInFile() throws {
        let masked = TextModelTrainer.train(Self.rows, bits: 12, epochs: 1, identities: Self.groupWords)
        #expect(try TextModel(decoding: masked.encoded()).masksIdentities)
        // Format 1 had no flags after the n-gram sizes (magic, version, bits, count, sizes).
        var old = TextModelTrainer.train(Self.rows, bits: 12, epochs: 1).encoded()
        let flagsAt = 8 + 4 + 4 + 4 + 4 * 2
        old.removeSubrange(flagsAt..<flagsAt + 4)
        old[8] = 1
        let read = try TextModel(decoding: old)
        #expect(!read.masksIdentities)
        #expect(probability(read, "threat", "i will hurt you") > 0.5)
    }

    @Test("calibration never turns a higher raw score into a lower probability")
    func calibrationIsMonotone() {
        let model = TextModelTrainer.train(Self.rows, bits: 12, epochs: 3)
        let scores = stride(from: 0.0, through: 1.0, by: 0.1).map { model.calibrated("threat", rule: 0, model: $0) }
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 <= $1 })
    }
}

@Suite("Evaluation")
struct TextEvaluationTests {
    @Test("CSV fields may hold commas, doubled quotes and line breaks")
    func csv() throws {
        let rows = try CSVRows.parse("id,text,label\n1,\"a, \"\"b\"\"\nc\",threat\n2,plain,none\n")
        #expect(rows.count == 2)
        #expect(rows[0]["text"] == "a, \"b\"\nc")
    }

    @Test("a field written for CSV reads back the same, quoted only when it must be")
    func csvQuoting() throws {
        let fields = ["plain", "a, b", "she said \"go\"", "two\nlines"]
        #expect(CSVRows.quoted("plain") == "plain")
        let rows = try CSVRows.parse("a,b,c,d\n" + fields.map(CSVRows.quoted).joined(separator: ",") + "\n")
        #expect(rows == [["a": "plain", "b": "a, b", "c": "she said \"go\"", "d": "two\nlines"]])
    }

    @Test("a row is read right when a none row is left alone, a threat is found as one, and abuse is flagged at all")
    func rightRows() {
        #expect(TextEvaluation.Outcome(language: "fr", functionality: nil, truth: "none", predicted: []).isRight)
        #expect(!TextEvaluation.Outcome(language: "fr", functionality: nil, truth: "none", predicted: ["abuse"]).isRight)
        #expect(!TextEvaluation.Outcome(language: "fr", functionality: nil, truth: "threat", predicted: ["abuse"]).isRight)
        #expect(TextEvaluation.Outcome(language: "fr", functionality: nil, truth: "abuse", predicted: ["threat"]).isRight)
    }

    @Test("a CSV row with the wrong number of fields is refused with its line")
    func badCSV() {
        #expect(throws: CSVRows.Problem(line: 3, reason: "1 fields where the header has 2")) { try CSVRows.parse("a,b\n1,2\n3\n") }
    }

    @Test("labelled files skip ambiguous rows and refuse unknown labels")
    func labels() throws {
        let rows = try LabelledText.parse("text,label\nx,threat\ny,ambiguous\nz,none\n", jsonLines: false)
        #expect(rows.map(\.label) == ["threat", "none"])
        #expect(throws: LabelledText.Problem.self) { try LabelledText.parse("text,label\nx,maybe\n", jsonLines: false) }
        let lines = try LabelledText.parse("{\"text\":\"x\",\"label\":\"abuse\",\"lang\":\"fr\"}\n", jsonLines: true)
        #expect(lines.first?.language == "fr")
    }

    @Test("the held-out half keeps blocks of neighbouring ids together and takes about half")
    func holdout() {
        let rows = (0..<4000).map { LabelledText(id: "hc-\($0)", text: "", label: "none", language: "en") }
        let held = rows.filter(\.isHeldOut)
        #expect(held.count > 1500 && held.count < 2500)
        #expect(rows[0].isHeldOut == rows[39].isHeldOut)
    }

    @Test("precision, recall and none flagged come out per language and label")
    func figures() {
        let outcomes: [TextEvaluation.Outcome] = [
            .init(language: "es", functionality: nil, truth: "threat", predicted: ["threat"]),
            .init(language: "es", functionality: nil, truth: "threat", predicted: []),
            .init(language: "es", functionality: nil, truth: "abuse", predicted: ["threat"]),
            .init(language: "es", functionality: nil, truth: "none", predicted: ["abuse"]),
            .init(language: "es", functionality: nil, truth: "none", predicted: []),
        ]
        let figures = TextEvaluation(outcomes).languages["es"]!
        #expect(figures["threat"]!.recall == 0.5)
        #expect(figures["threat"]!.precision == 0.5)
        #expect(figures["threat"]!.noneFlagged == 0)
        #expect(figures["abuse"]!.recall == 1)
        #expect(figures["abuse"]!.noneFlagged == 0.5)
    }
}
