import Foundation

/// One row of labelled text for training or evaluation: at least `text` and `label` (`threat`,
/// `abuse`, `none`; `ambiguous` rows are skipped), and where present `lang`, `id` and
/// `functionality`.
public struct LabelledText: Sendable, Equatable {
    public var id: String
    public var text: String
    public var label: String
    public var language: String
    public var functionality: String?

    public init(id: String, text: String, label: String, language: String, functionality: String? = nil) {
        self.id = id
        self.text = text
        self.label = label
        self.language = language
        self.functionality = functionality
    }

    public static let labels: Set<String> = ["threat", "abuse", "none"]

    /// Why a file of labelled text cannot be used.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads CSV (by header) or JSON Lines (objects with the same keys). `language` fills rows
    /// without a `lang` column.
    public static func parse(_ contents: String, jsonLines: Bool, language: String = "en") throws(Problem) -> [LabelledText] {
        var records: [[String: String]] = []
        if jsonLines {
            for (number, line) in contents.split(whereSeparator: \.isNewline).enumerated() where !line.allSatisfy(\.isWhitespace) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw Problem(description: "line \(number + 1): not a JSON object")
                }
                records.append(object.compactMapValues { value in (value as? String) ?? (value as? NSNumber)?.stringValue })
            }
        } else {
            do {
                records = try CSVRows.parse(contents)
            } catch {
                throw Problem(description: error.description)
            }
        }
        var rows: [LabelledText] = []
        for (number, record) in records.enumerated() {
            guard let text = record["text"], let label = record["label"] else {
                throw Problem(description: "row \(number + 1): the columns text and label are required")
            }
            if label == "ambiguous" { continue }
            guard labels.contains(label) else { throw Problem(description: "row \(number + 1): unknown label \"\(label)\" (threat, abuse, none or ambiguous)") }
            rows.append(
                LabelledText(
                    id: record["id"] ?? "", text: text, label: label, language: record["lang"] ?? language,
                    functionality: record["functionality"]))
        }
        return rows
    }

    /// Whether the row sits in the half kept aside from training by `--holdout`: rows are taken in
    /// blocks of 40 consecutive ids (so that the sentences of one template stay on one side), and
    /// every other block is held out. Rows without an id (training-only sets) are never held out.
    public var isHeldOut: Bool {
        guard !id.isEmpty else { return false }
        let digits = id.reversed().prefix { $0.isNumber }.reversed()
        let number = Int(String(digits)) ?? abs(Int(truncatingIfNeeded: WordHash.of(Array(id.utf8))) % 10_000)
        let prefix = id.dropLast(digits.count)
        let block = UInt64(number / 40) &+ WordHash.of(Array(prefix.utf8))
        return (WordHash.finish(block) >> 7) & 1 == 1
    }
}
