public import Foundation
import Ink

/// The security guides (Markdown that translators edit, one folder a language) and the list of
/// services that help defenders, read once from the bundle.
public struct SafetyLibrary: Sendable {
    /// One guide, rendered.
    public struct Guide: Sendable {
        public let slug: String
        public let title: String
        /// The body as HTML, without the title.
        public let html: String
    }

    /// Somewhere to turn: a helpline, legal, psychosocial or forensic help, or emergency funds.
    public struct Service: Sendable, Decodable {
        public let name: String
        public let kinds: [String]
        /// ISO codes, or `*` for everywhere.
        public let countries: [String]
        public let languages: [String]
        public let url: String
        public let about: [String: String]

        public func serves(country: String?) -> Bool {
            guard let country, !country.isEmpty else { return true }
            return countries.contains("*") || countries.contains(country.uppercased())
        }
    }

    /// The kinds of help, in the order the page lists them.
    public static let kinds = ["helpline", "legal", "psychosocial", "forensic", "emergency_funds"]
    /// The guides, in the order the page lists them.
    public static let order = ["accounts", "doxxing", "documenting", "phishing", "devices"]

    public let guides: [String: [Guide]]
    public let services: [Service]

    /// Loaded once; a missing or broken file shows as missing guides, which the tests catch.
    public static let bundled: SafetyLibrary = {
        guard let folder = Bundle.module.url(forResource: "SafetyGuides", withExtension: nil), let library = try? load(from: folder) else {
            return SafetyLibrary(guides: [:], services: [])
        }
        return library
    }()

    public static func load(from folder: URL) throws -> SafetyLibrary {
        let parser = MarkdownParser()
        var guides: [String: [Guide]] = [:]
        let languages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &isFolder) && isFolder.boolValue
        }
        for language in languages {
            for slug in order {
                let url = folder.appendingPathComponent(language).appendingPathComponent("\(slug).md")
                guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                // The first line is the title; the page shows it as its heading.
                let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
                let title = lines.first.map { $0.hasPrefix("# ") ? String($0.dropFirst(2)) : String($0) } ?? slug
                let body = lines.count > 1 ? String(lines[1]) : ""
                guides[language, default: []].append(Guide(slug: slug, title: title, html: parser.html(from: body)))
            }
        }
        struct File: Decodable { let services: [Service] }
        let services = try JSONDecoder().decode(File.self, from: Data(contentsOf: folder.appendingPathComponent("helplines.json"))).services
        return SafetyLibrary(guides: guides, services: services)
    }

    /// The guides in `language`, or in English where a translation is missing.
    public func guides(in language: String) -> [Guide] {
        Self.order.compactMap { slug in guide(slug, in: language) }
    }

    public func guide(_ slug: String, in language: String) -> Guide? {
        guides[language]?.first { $0.slug == slug } ?? guides["en"]?.first { $0.slug == slug }
    }

    /// Services for a country and kind, those working in the reader's language first.
    public func services(country: String?, kind: String?, language: String) -> [Service] {
        services.filter { service in service.serves(country: country) && (kind.map { service.kinds.contains($0) } ?? true) }
            .sorted { a, b in
                let aSpeaks = a.languages.contains(language), bSpeaks = b.languages.contains(language)
                if aSpeaks != bSpeaks { return aSpeaks }
                let aLocal = !a.countries.contains("*"), bLocal = !b.countries.contains("*")
                if aLocal != bLocal { return aLocal }
                return a.name < b.name
            }
    }
}
