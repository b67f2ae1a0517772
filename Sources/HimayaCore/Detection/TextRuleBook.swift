public import Foundation
public import HimayaDetection

/// What happens to what text detection finds, as a data file (`DetectionRules/text-rules.json`):
/// which signals open or join a case, which send the defender an alert, which are only counted.
/// Rules are read in order; the first rule that opens a case names its category.
public struct TextRuleBook: Sendable, Decodable {
    /// One rule: a condition on a signal, and what follows.
    public struct Rule: Sendable, Decodable, Equatable {
        public var id: String
        public var label: TextSignal.Label
        /// Only these kinds; all kinds of the label when absent.
        public var kinds: [String]?
        public var minimumScore: Double
        /// Whether the signal must concern a protected person (named, or replied to).
        public var aimedAtProtected: Bool
        public var openCase: Bool
        /// The case category; by default, the one the signal's kind implies.
        public var category: IncidentCategory?
        public var alert: Bool
        /// Severity of the alert: `high` or `normal`.
        public var severity: String

        enum CodingKeys: String, CodingKey {
            case id, label, kinds, category, alert, severity
            case minimumScore = "min_score"
            case aimedAtProtected = "aimed_at_protected"
            case openCase = "open_case"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            label = try container.decode(TextSignal.Label.self, forKey: .label)
            kinds = try container.decodeIfPresent([String].self, forKey: .kinds)
            minimumScore = try container.decodeIfPresent(Double.self, forKey: .minimumScore) ?? 0
            aimedAtProtected = try container.decodeIfPresent(Bool.self, forKey: .aimedAtProtected) ?? true
            openCase = try container.decodeIfPresent(Bool.self, forKey: .openCase) ?? false
            category = try container.decodeIfPresent(IncidentCategory.self, forKey: .category)
            alert = try container.decodeIfPresent(Bool.self, forKey: .alert) ?? false
            severity = try container.decodeIfPresent(String.self, forKey: .severity) ?? "normal"
            guard (0...1).contains(minimumScore) else {
                throw DecodingError.dataCorruptedError(forKey: .minimumScore, in: container, debugDescription: "min_score must be between 0 and 1")
            }
            guard severity == "high" || severity == "normal" else {
                throw DecodingError.dataCorruptedError(forKey: .severity, in: container, debugDescription: "severity must be high or normal")
            }
        }

        func applies(to signal: TextSignal) -> Bool {
            signal.label == label && (kinds?.contains(signal.kind) ?? true) && signal.score >= minimumScore
                && (!aimedAtProtected || !signal.people.isEmpty)
        }
    }

    /// What the rules decided for one post.
    public struct Outcome: Sendable, Equatable {
        public var caseCategory: IncidentCategory?
        /// One line per rule that fired, for the case narrative.
        public var reasons: [String]
        /// Signals that should reach the defenders concerned, with the severity.
        public var alerts: [(signal: TextSignal, severity: String)]
        /// Rules that fired only to be counted.
        public var counted: [String]
        public var firedRules: [String]
        /// Whether any threat stands, for the altered-image rule.
        public var hasThreat: Bool

        public static func == (a: Outcome, b: Outcome) -> Bool {
            a.caseCategory == b.caseCategory && a.reasons == b.reasons && a.counted == b.counted && a.firedRules == b.firedRules
                && a.alerts.map(\.signal) == b.alerts.map(\.signal) && a.alerts.map(\.severity) == b.alerts.map(\.severity)
        }
    }

    public var version: Int
    public var rules: [Rule]

    /// Reads a rules file; a bad file is refused with the reason.
    public static func parse(_ data: Data) throws -> TextRuleBook {
        let book = try JSONDecoder().decode(TextRuleBook.self, from: data)
        let ids = book.rules.map(\.id)
        guard Set(ids).count == ids.count else { throw RuleProblem(description: "rule ids must be unique") }
        return book
    }

    /// Why a rules file cannot be used.
    public struct RuleProblem: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Applies the rules to the signals of one post.
    public func decide(_ signals: [TextSignal]) -> Outcome {
        var outcome = Outcome(caseCategory: nil, reasons: [], alerts: [], counted: [], firedRules: [], hasThreat: signals.contains { $0.label == .threat })
        var alerted = Set<String>()
        for rule in rules {
            let matching = signals.filter(rule.applies)
            guard let first = matching.first else { continue }
            outcome.firedRules.append(rule.id)
            if rule.openCase {
                if outcome.caseCategory == nil { outcome.caseCategory = rule.category ?? Self.category(for: first) }
                outcome.reasons.append("\(rule.id): \(first.kind) (\(first.rule), score \(String(format: "%.2f", first.score)))")
            }
            if rule.alert {
                for signal in matching where alerted.insert("\(signal.label.rawValue):\(signal.kind):\(signal.people)").inserted {
                    outcome.alerts.append((signal, rule.severity))
                }
            }
            if !rule.openCase && !rule.alert { outcome.counted.append(rule.id) }
        }
        return outcome
    }

    /// The case category a signal's kind implies.
    public static func category(for signal: TextSignal) -> IncidentCategory {
        switch (signal.label, signal.kind) {
        case (.threat, "veiled_threat"): .veiledThreat
        case (.threat, _): .threatOfViolence
        case (.doxxing, _): .doxxing
        case (.impersonation, _): .impersonation
        case (.abuse, "smear"): .smearCampaign
        default: .harassment
        }
    }
}
