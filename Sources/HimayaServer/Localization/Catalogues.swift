public import Foundation

/// Every language Himaya speaks: one JSON file per language in `Catalogues/`. Adding a language is
/// adding a file; nothing in code names the languages.
public struct Catalogues: Sendable {
    public let byCode: [String: Catalogue]
    /// The language used when nothing else matches.
    public let defaultCode: String

    public init(catalogues: [Catalogue], defaultCode: String = "en") {
        self.byCode = Dictionary(uniqueKeysWithValues: catalogues.map { ($0.code, $0) })
        self.defaultCode = defaultCode
    }

    /// Loads every `*.json` file in `directory`.
    public static func load(from directory: URL) throws -> Catalogues {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        let catalogues = try files.map { file in
            let messages = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file))
            return Catalogue(code: file.deletingPathExtension().lastPathComponent, messages: messages)
        }
        return Catalogues(catalogues: catalogues)
    }

    /// The catalogues shipped with Himaya.
    public static func bundled() throws -> Catalogues {
        guard let directory = Bundle.module.url(forResource: "Catalogues", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try load(from: directory)
    }

    public var codes: Set<String> { Set(byCode.keys) }

    /// Languages in a stable order for the switcher: by code.
    public var ordered: [Catalogue] { byCode.values.sorted { $0.code < $1.code } }

    public subscript(code: String) -> Catalogue { byCode[code] ?? byCode[defaultCode]! }
}
