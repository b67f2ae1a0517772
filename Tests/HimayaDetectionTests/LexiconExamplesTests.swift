import Foundation
import HimayaDetection
import Testing

/// Every shipped lexicon entry proves itself: its examples fire, its counter-examples do not.
@Suite("Shipped lexicons")
struct LexiconExamplesTests {
    static let lexicons = (try? BundledText.lexicons()) ?? []
    static let detector = try? TextDetector(lexicons: lexicons, model: nil)

    @Test("English, French, Arabic and Spanish lexicons ship and compile")
    func shipped() throws {
        #expect(Set(Self.lexicons.map(\.language)).isSuperset(of: ["en", "fr", "ar", "es"]))
        _ = try TextDetector(lexicons: Self.lexicons, model: nil)
    }

    @Test("every entry has an id of its language, a known label and kind, and examples of both sorts")
    func entriesAreWellFormed() {
        let kinds: [String: Set<String>] = [
            "threat": ["explicit_threat", "veiled_threat", "group_threat", "sexual_threat"],
            "abuse": ["sexual_abuse", "dehumanising", "degrading", "smear"],
            "doxxing_cue": ["location_cue"],
        ]
        var ids = Set<String>()
        for lexicon in Self.lexicons {
            for entry in lexicon.entries {
                #expect(entry.id.hasPrefix(lexicon.language + "."), "\(entry.id)")
                #expect(ids.insert(entry.id).inserted, "duplicate id \(entry.id)")
                #expect(kinds[entry.label]?.contains(entry.kind) == true, "\(entry.id): \(entry.label)/\(entry.kind)")
                #expect((0...1).contains(entry.score), "\(entry.id)")
                #expect(entry.examples.count >= 2 && !entry.counterExamples.isEmpty, "\(entry.id) needs examples and counter-examples")
            }
        }
    }

    @Test("every lexicon names groups neutrally for the model to mask, and no such name fires an entry on its own")
    func identitiesAreNeutral() throws {
        let detector = try #require(Self.detector)
        var normaliser = TextNormaliser()
        for lexicon in Self.lexicons {
            let names = lexicon.classes["identity"] ?? []
            #expect(names.count >= 20 && lexicon.context.identities == ["<identity>"], "\(lexicon.language) needs neutral names of groups")
            for name in names {
                let text = normaliser.normalise(name.replacingOccurrences(of: "*", with: ""))
                #expect(detector.entryMatches(text).isEmpty, "\(lexicon.language): \"\(name)\" is not neutral")
                #expect(!detector.identities(in: text).isEmpty, "\(lexicon.language): \"\(name)\" is not found as a group")
            }
        }
    }

    @Test("each entry's examples fire that entry", arguments: lexicons.flatMap(\.entries).map(\.id))
    func examplesFire(_ id: String) throws {
        let detector = try #require(Self.detector)
        let entry = try #require(Self.lexicons.flatMap(\.entries).first { $0.id == id })
        var normaliser = TextNormaliser()
        for example in entry.examples {
            let matches = detector.entryMatches(normaliser.normalise(example)).filter { $0.entryID == id }
            #expect(matches.contains { $0.clearedBy == nil }, "\(id) should fire on: \(example)")
        }
    }

    @Test("each entry's counter-examples do not fire it", arguments: lexicons.flatMap(\.entries).map(\.id))
    func counterExamplesDoNot(_ id: String) throws {
        let detector = try #require(Self.detector)
        let entry = try #require(Self.lexicons.flatMap(\.entries).first { $0.id == id })
        var normaliser = TextNormaliser()
        for example in entry.counterExamples {
            let matches = detector.entryMatches(normaliser.normalise(example)).filter { $0.entryID == id }
            #expect(!matches.contains { $0.clearedBy == nil }, "\(id) should not fire on: \(example)")
        }
    }
}
