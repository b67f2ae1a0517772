import Foundation

/// The fields of an `application/x-www-form-urlencoded` body. Kept as text so a bad form can be shown
/// again with everything the person typed.
public struct FormFields: Sendable, Equatable {
    private var values: [String: [String]]

    public init(_ values: [String: [String]] = [:]) { self.values = values }

    /// Parses a body; `+` is a space, `%XX` a byte. Returns nil when the text is not valid percent-encoding.
    public init?(body: String) {
        var values: [String: [String]] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                return nil
            }
            values[name, default: []].append(value)
        }
        self.values = values
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The first value of `name`, trimmed; nil when absent or blank.
    public subscript(name: String) -> String? {
        guard let value = values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// The first value exactly as sent (passwords keep their spaces).
    public func raw(_ name: String) -> String? { values[name]?.first }

    public func all(_ name: String) -> [String] { values[name] ?? [] }
}
