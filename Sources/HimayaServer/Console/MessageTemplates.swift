import Foundation

/// Ready answers responders start from, one file per language in `MessageTemplates/`.
public struct MessageTemplates: Sendable {
    /// One template: a stable id, a title for the picker, and the text.
    public struct Template: Sendable, Decodable, Equatable {
        public var id: String
        public var title: String
        public var body: String
    }

    public let byLanguage: [String: [Template]]

    public static func bundled() throws -> MessageTemplates {
        guard let folder = Bundle.module.url(forResource: "MessageTemplates", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        var byLanguage: [String: [Template]] = [:]
        for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) where file.pathExtension == "json" {
            byLanguage[file.deletingPathExtension().lastPathComponent] = try JSONDecoder().decode([Template].self, from: Data(contentsOf: file))
        }
        return MessageTemplates(byLanguage: byLanguage)
    }

    /// The templates in `language`, or in English when there are none in it.
    public func templates(in language: String) -> [Template] {
        byLanguage[language] ?? byLanguage["en"] ?? []
    }
}
