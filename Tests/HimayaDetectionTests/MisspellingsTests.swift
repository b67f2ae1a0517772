@testable import HimayaDetection
import Testing

/// A word of the lexicons typed with one slip (a letter left out inside it, or two neighbours
/// swapped) still reads as the word; words the lexicons already know, shorter slips and slips
/// that two words share are left as written.
@Suite("Misspellings")
struct MisspellingsTests {
    static func hash(_ word: String) -> UInt64 {
        var normaliser = TextNormaliser()
        return normaliser.normalise(word).tokens[0].hash
    }

    static func entries(_ detector: TextDetector, _ text: String) -> [String] {
        var normaliser = TextNormaliser()
        return detector.entryMatches(normaliser.normalise(text)).filter { $0.clearedBy == nil }.map(\.entryID).sorted()
    }

    @Test("a threat with its threatening word misspelt is found as the same entries, in English, Spanish, French and Arabic")
    func threatsMisspelt() throws {
        let detector = try TextDetector(lexicons: BundledText.lexicons(), model: nil)
        let pairs = [
            ("If only someone would strangle those journalists", "If only someone would strangel those journalists"),
            ("I will murder you", "I will mudrer you"),
            ("Te voy a asesinar", "Te voy a asesnar"),
            ("Je vais t'égorger", "Je vais t'égrger"),
            ("والله هقتلك يا خاينة", "والله هتقلك يا خاينة"),
        ]
        for (written, misspelt) in pairs {
            let expected = Self.entries(detector, written)
            #expect(expected.contains { $0.contains(".threat.") }, "\(written) matches no threat")
            #expect(Self.entries(detector, misspelt) == expected, "\(misspelt)")
        }
    }

    @Test("a finding in a misspelt word points at the word as the author wrote it")
    func spanKeepsTheSlip() throws {
        let detector = try TextDetector(lexicons: BundledText.lexicons(), model: nil)
        let threat = detector.detect(TextDetector.Post(text: "Listen: I will MUDRER you"), names: nil).first { $0.label == .threat }
        #expect(threat?.spans.first?.text == "I will MUDRER you")
    }

    @Test("a letter left out inside a word, or two neighbours swapped, leads back to the word")
    func slips() {
        let misspellings = Misspellings(vocabulary: ["murder", "women"])
        #expect(misspellings.word(for: Self.hash("murdr")) == Self.hash("murder"))
        #expect(misspellings.word(for: Self.hash("mudrer")) == Self.hash("murder"))
        #expect(misspellings.word(for: Self.hash("wmoen")) == Self.hash("women"))
    }

    @Test("the first or last letter left out is another form of the word, not a slip")
    func endsAreNotSlips() {
        let misspellings = Misspellings(vocabulary: ["zwarte", "murder"])
        #expect(misspellings.word(for: Self.hash("zwart")) == nil)
        #expect(misspellings.word(for: Self.hash("warte")) == nil)
        #expect(misspellings.word(for: Self.hash("urder")) == nil)
    }

    @Test("slips shorter than five letters are left alone")
    func shortSlips() {
        let misspellings = Misspellings(vocabulary: ["women", "trans"])
        #expect(misspellings.word(for: Self.hash("wmen")) == nil)
        #expect(misspellings.word(for: Self.hash("trns")) == nil)
    }

    @Test("a word the lexicons read, whole or by a stem, is never taken for a slip of another")
    func knownWordsStay() {
        #expect(Misspellings(vocabulary: ["gewelddadig"]).word(for: Self.hash("geweldig")) == Self.hash("gewelddadig"))
        #expect(Misspellings(vocabulary: ["gewelddadig"], stems: ["geweldig"]).word(for: Self.hash("geweldig")) == nil)
        #expect(Misspellings(vocabulary: ["gewelddadig", "geweldig"]).word(for: Self.hash("geweldig")) == nil)
    }

    @Test("a slip that two words share is left as written")
    func sharedSlips() {
        let misspellings = Misspellings(vocabulary: ["parted", "parked"])
        #expect(misspellings.word(for: Self.hash("pared")) == nil)
        #expect(misspellings.word(for: Self.hash("paked")) == Self.hash("parked"))
    }
}
