import Foundation
/// The messages of one language, by key.
public struct Catalogue: Sendable {
    /// BCP 47 code, from the file name (`ar.json` is `ar`).
    public let code: String
    /// The language's name in itself, for the switcher.
    public let name: String
    /// Whether the language is written right to left.
    public let isRightToLeft: Bool
    public let messages: [String: String]

    public init(code: String, messages: [String: String]) {
        self.code = code
        self.messages = messages
        self.name = messages["_language_name"] ?? code
        self.isRightToLeft = messages["_direction"] == "rtl"
    }

    /// The message for `key` with `{placeholders}` filled in. A missing key shows the key itself, so
    /// the page still works; the catalogue test keeps that from shipping.
    public func text(_ key: String, _ values: [String: String] = [:]) -> String {
        var text = messages[key] ?? key
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }
}
