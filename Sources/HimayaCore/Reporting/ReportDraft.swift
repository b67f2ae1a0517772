public import Foundation

/// What a reporter typed, before it is checked. Kept as text, so a form with a mistake comes back
/// with everything in it.
public struct ReportDraft: Sendable, Equatable {
    public var category: String?
    public var immediateDanger: String?
    public var reporterIsTarget: String?
    public var targetAccount: String?
    public var country: String?
    public var attackLanguage: String?
    public var narrative: String?
    public var contentReferences: String?
    public var contactMethod: String?
    public var contactAddress: String?
    public var sharePartner: String?
    public var lawEnforcement: String?
    public var urgent: String?

    public init() {}

    /// Limits that keep one report to a sane size.
    public static let narrativeLimit = 20_000
    public static let referenceLimit = 20

    /// A field the reporter must fix, and why; the server shows the catalogue message for `problem`.
    public struct Problem: Sendable, Equatable, Hashable {
        public let field: String
        public let messageKey: String

        public init(field: String, messageKey: String) {
            self.field = field
            self.messageKey = messageKey
        }
    }

    /// Checks the draft; returns the report, or every problem at once so the person fixes all in one go.
    public func validate(
        id: Report.ID = Report.ID(), source: ReportSource, reporterLanguage: String, knownPartners: Set<Partner.ID>,
        receivedAt: Date, hasEvidenceFiles: Bool
    ) -> Result<Report, ValidationFailure> {
        var problems: [Problem] = []
        let category = category.flatMap(IncidentCategory.init(rawValue:))
        if category == nil { problems.append(Problem(field: "category", messageKey: "report_error_category")) }
        let country = (self.country ?? "").uppercased()
        if country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isLetter }) {
            problems.append(Problem(field: "country", messageKey: "report_error_country"))
        }
        let narrative = (self.narrative ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let references = Self.references(in: contentReferences ?? "")
        if narrative.isEmpty && references.isEmpty && !hasEvidenceFiles {
            problems.append(Problem(field: "narrative", messageKey: "report_error_empty"))
        }
        if narrative.count > Self.narrativeLimit {
            problems.append(Problem(field: "narrative", messageKey: "report_error_narrative_long"))
        }
        if references.count > Self.referenceLimit {
            problems.append(Problem(field: "content_references", messageKey: "report_error_references_many"))
        }
        let method = contactMethod.flatMap(ContactMethod.init(rawValue:)) ?? .followUpOnly
        let address = contactAddress?.trimmingCharacters(in: .whitespacesAndNewlines)
        if method.needsAddress && (address ?? "").isEmpty {
            problems.append(Problem(field: "contact_address", messageKey: "report_error_contact_address"))
        }
        if method == .email, let address, !address.isEmpty, !(address.contains("@") && address.contains(".")) {
            problems.append(Problem(field: "contact_address", messageKey: "report_error_contact_email"))
        }
        var partner: Partner.ID?
        if let sharePartner, !sharePartner.isEmpty {
            partner = Partner.ID(sharePartner)
            if partner == nil || !knownPartners.contains(partner!) {
                problems.append(Problem(field: "share_partner", messageKey: "report_error_partner"))
            }
        }
        if method == .throughPartner && source.partnerID == nil && partner == nil {
            problems.append(Problem(field: "contact_method", messageKey: "report_error_contact_partner"))
        }
        let attackLanguage = attackLanguage?.trimmingCharacters(in: .whitespaces).lowercased()
        if let attackLanguage, !attackLanguage.isEmpty,
            attackLanguage.count > 12 || !attackLanguage.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") })
        {
            problems.append(Problem(field: "attack_language", messageKey: "report_error_language"))
        }
        guard problems.isEmpty, let category else { return .failure(ValidationFailure(problems: problems)) }
        let target = targetAccount?.trimmingCharacters(in: .whitespacesAndNewlines)
        return .success(
            Report(
                id: id, source: source, category: category, immediateDanger: Self.yes(immediateDanger),
                reporterIsTarget: reporterIsTarget.map(Self.yes) ?? true, targetAccount: (target?.isEmpty ?? true) ? nil : target,
                country: country, attackLanguage: (attackLanguage?.isEmpty ?? true) ? nil : attackLanguage,
                reporterLanguage: reporterLanguage, narrative: narrative, contentReferences: references,
                consent: ReportConsent(contact: method, shareWithPartner: partner, lawEnforcement: Self.yes(lawEnforcement)),
                contactAddress: method.needsAddress ? address : nil, urgent: Self.yes(urgent), receivedAt: receivedAt))
    }

    /// Links and content ids, one per line or separated by spaces or commas, without repeats.
    public static func references(in text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
            .filter { seen.insert($0).inserted }
    }

    static func yes(_ value: String?) -> Bool {
        guard let value = value?.lowercased() else { return false }
        return ["yes", "true", "on", "1"].contains(value)
    }
}

/// Every problem found in a draft.
public struct ValidationFailure: Error, Sendable, Equatable {
    public let problems: [ReportDraft.Problem]

    /// Whether `field` has a problem, for marking it in the form.
    public func has(_ field: String) -> Bool { problems.contains { $0.field == field } }
}
