import Foundation

/// Precision, recall and F1 per language and label, with the share of harmless rows flagged: how
/// Himaya measures its own accuracy, veiled threats first.
public struct TextEvaluation: Sendable {
    /// Figures for one label in one language (or one functionality).
    public struct Figures: Sendable, Equatable, Codable {
        public var rows: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double
        /// Share of `none` rows flagged with this label.
        public var noneFlagged: Double

        enum CodingKeys: String, CodingKey {
            case rows, precision, recall, f1
            case noneFlagged = "none_flagged"
        }
    }

    /// One row's truth and prediction.
    public struct Outcome: Sendable {
        public var language: String
        public var functionality: String?
        public var truth: String
        /// Labels the detector gave: any of `threat`, `abuse`.
        public var predicted: Set<String>

        public init(language: String, functionality: String?, truth: String, predicted: Set<String>) {
            self.language = language
            self.functionality = functionality
            self.truth = truth
            self.predicted = predicted
        }

        /// Whether the row was read right: a `none` row left alone, a threat found as one, abuse flagged.
        public var isRight: Bool {
            switch truth {
            case "none": predicted.isEmpty
            case "threat": predicted.contains("threat")
            default: !predicted.isEmpty
            }
        }
    }

    public var languages: [String: [String: Figures]]
    /// Recall per functionality (share of its rows given the row's own label, or for `none` rows
    /// the share left unflagged).
    public var functionalities: [String: Double]

    /// Scores outcomes. A threat is also abuse: an `abuse` row flagged as a threat counts as found
    /// for abuse, and precision for abuse counts threats flagged on threat rows as right.
    public init(_ outcomes: [Outcome]) {
        var languages: [String: [String: Figures]] = [:]
        for (language, rows) in Dictionary(grouping: outcomes, by: \.language) {
            var figures: [String: Figures] = [:]
            for label in ["threat", "abuse"] {
                func isPositive(_ row: Outcome) -> Bool { label == "threat" ? row.truth == "threat" : row.truth != "none" }
                func isFlagged(_ row: Outcome) -> Bool { label == "threat" ? row.predicted.contains("threat") : !row.predicted.isEmpty }
                let truePositive = rows.filter { isPositive($0) && isFlagged($0) }.count
                let flagged = rows.filter(isFlagged).count
                let positive = rows.filter { label == "threat" ? $0.truth == "threat" : $0.truth == "abuse" }.count
                let found = rows.filter { (label == "threat" ? $0.truth == "threat" : $0.truth == "abuse") && isFlagged($0) }.count
                let none = rows.filter { $0.truth == "none" }
                let precision = flagged == 0 ? 0 : Double(truePositive) / Double(flagged)
                let recall = positive == 0 ? 0 : Double(found) / Double(positive)
                figures[label] = Figures(
                    rows: positive, precision: precision, recall: recall,
                    f1: precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall),
                    noneFlagged: none.isEmpty ? 0 : Double(none.filter(isFlagged).count) / Double(none.count))
            }
            languages[language] = figures
        }
        var functionalities: [String: Double] = [:]
        for (functionality, rows) in Dictionary(grouping: outcomes.filter { $0.functionality != nil }, by: { $0.functionality! }) {
            let right = rows.filter(\.isRight).count
            functionalities[functionality] = Double(right) / Double(rows.count)
        }
        self.languages = languages
        self.functionalities = functionalities
    }

    /// `{"languages": {"ar": {"threat": {...}, "abuse": {...}}}, "functionalities": {...}}`.
    public func json() -> String {
        struct Document: Encodable {
            var languages: [String: [String: Figures]]
            var functionalities: [String: Double]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = (try? encoder.encode(Document(languages: languages, functionalities: functionalities))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A plain table for the terminal.
    public func table() -> String {
        func f(_ value: Double) -> String { String(format: "%.3f", value) }
        var lines = ["lang  label   rows  precision  recall  f1     none_flagged"]
        for language in languages.keys.sorted() {
            for label in ["threat", "abuse"] {
                guard let figures = languages[language]?[label] else { continue }
                lines.append(
                    [language.padding(toLength: 5, withPad: " ", startingAt: 0), label.padding(toLength: 7, withPad: " ", startingAt: 0),
                     String(figures.rows).padding(toLength: 5, withPad: " ", startingAt: 0), f(figures.precision).padding(toLength: 10, withPad: " ", startingAt: 0),
                     f(figures.recall).padding(toLength: 7, withPad: " ", startingAt: 0), f(figures.f1).padding(toLength: 6, withPad: " ", startingAt: 0),
                     f(figures.noneFlagged)].joined(separator: " "))
            }
        }
        if !functionalities.isEmpty {
            lines.append("")
            lines.append("functionality               right")
            for (name, share) in functionalities.sorted(by: { $0.key < $1.key }) {
                lines.append(name.padding(toLength: 28, withPad: " ", startingAt: 0) + f(share))
            }
        }
        return lines.joined(separator: "\n")
    }
}
