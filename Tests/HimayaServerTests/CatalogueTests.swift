import HimayaTestSupport
import HimayaCore
import Hummingbird
import HummingbirdTesting
import Logging
import HimayaStore
import Foundation
import HimayaServer
import Testing

@Suite("Message catalogues")
struct CatalogueTests {
    let catalogues = try! Catalogues.bundled()

    @Test("English, French, Arabic and Spanish are shipped")
    func fourLanguages() {
        #expect(catalogues.codes.isSuperset(of: ["en", "fr", "ar", "es"]))
    }

    @Test("every catalogue has every key of the English one, and no other")
    func sameKeys() {
        let english = Set(catalogues["en"].messages.keys)
        for catalogue in catalogues.ordered {
            let keys = Set(catalogue.messages.keys)
            #expect(english.subtracting(keys).isEmpty, "\(catalogue.code) lacks \(english.subtracting(keys).sorted())")
            #expect(keys.subtracting(english).isEmpty, "\(catalogue.code) has extra \(keys.subtracting(english).sorted())")
        }
    }

    @Test("every translation keeps the placeholders of the English text")
    func placeholdersKept() throws {
        let pattern = try Regex(#"\{[a-z_]+\}"#)
        for (key, english) in catalogues["en"].messages {
            let expected = Set(english.matches(of: pattern).map { String(english[$0.range]) })
            for catalogue in catalogues.ordered {
                let text = catalogue.messages[key] ?? ""
                let found = Set(text.matches(of: pattern).map { String(text[$0.range]) })
                #expect(found == expected, "\(catalogue.code).\(key)")
            }
        }
    }

    @Test("Arabic is written right to left, the others left to right")
    func directions() {
        #expect(catalogues["ar"].isRightToLeft)
        #expect(!catalogues["en"].isRightToLeft && !catalogues["fr"].isRightToLeft && !catalogues["es"].isRightToLeft)
    }

    @Test("every message a template uses exists in the catalogues")
    func templatesUseKnownKeys() throws {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/HimayaServer/Templates")
        let pattern = try Regex(#"\{\{t\.([a-z_]+)\}\}"#)
        let english = catalogues["en"].messages
        for file in try FileManager.default.contentsOfDirectory(at: templates, includingPropertiesForKeys: nil) {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                let key = String(text[match.range].dropFirst(4).dropLast(2))
                #expect(english[key] != nil, "\(file.lastPathComponent) uses unknown key \(key)")
            }
        }
    }

    @Test("a language added as one file is picked up without code")
    func addingALanguageIsAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalogues-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"_language_name": "Kiswahili", "_direction": "ltr", "site_name": "Himaya"}"#.utf8)
            .write(to: folder.appendingPathComponent("sw.json"))
        let loaded = try Catalogues.load(from: folder)
        #expect(loaded.codes == ["sw"])
        #expect(loaded["sw"].name == "Kiswahili")
    }

    @Test("message templates exist in every language, with the same ids")
    func messageTemplates() throws {
        let templates = try MessageTemplates.bundled()
        let english = templates.templates(in: "en").map(\.id)
        #expect(!english.isEmpty)
        for code in ["fr", "ar", "es"] {
            #expect(templates.byLanguage[code]?.map(\.id) == english, "\(code)")
        }
    }
}
