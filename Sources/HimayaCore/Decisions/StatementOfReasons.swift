public import Foundation

/// The fields of an EU DSA statement of reasons, filled from a decision so a later export to the
/// transparency database needs no guessing. Free-text fields come from the policy clause, never from
/// what a reporter or responder wrote, so no personal data can enter them.
public struct StatementOfReasons: Sendable, Equatable, Codable {
    public var puid: String
    public var decisionVisibility: [String]
    public var decisionAccount: String?
    public var decisionGround: String
    public var incompatibleContentGround: String
    public var incompatibleContentExplanation: String
    public var decisionGroundReferenceURL: String
    public var contentType: [String]
    public var category: String
    public var categorySpecification: [String]
    public var territorialScope: [String]
    public var contentLanguage: String?
    public var contentDate: String
    public var applicationDate: String
    public var decisionFacts: String
    public var sourceType: String
    public var automatedDetection: String
    public var automatedDecision: String

    enum CodingKeys: String, CodingKey {
        case puid
        case decisionVisibility = "decision_visibility"
        case decisionAccount = "decision_account"
        case decisionGround = "decision_ground"
        case incompatibleContentGround = "incompatible_content_ground"
        case incompatibleContentExplanation = "incompatible_content_explanation"
        case decisionGroundReferenceURL = "decision_ground_reference_url"
        case contentType = "content_type"
        case category
        case categorySpecification = "category_specification"
        case territorialScope = "territorial_scope"
        case contentLanguage = "content_language"
        case contentDate = "content_date"
        case applicationDate = "application_date"
        case decisionFacts = "decision_facts"
        case sourceType = "source_type"
        case automatedDetection = "automated_detection"
        case automatedDecision = "automated_decision"
    }

    /// The EU and EEA countries the transparency database accepts as territorial scope.
    public static let territories = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT",
        "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
    ]

    /// The statement for `decision` on `caseFile`, citing `clause`. `sources` are the ways the reports
    /// came in; a partner's report counts as a trusted flagger's notice.
    public static func make(
        decision: Decision, caseFile: Case, clause: PolicyClause, sources: [ReportSource], contentDate: Date
    ) -> StatementOfReasons {
        var visibility: [String] = []
        if decision.actions.contains(.removeContent) { visibility.append("DECISION_VISIBILITY_CONTENT_REMOVED") }
        if decision.actions.contains(.restrictVisibility) { visibility.append("DECISION_VISIBILITY_CONTENT_DEMOTED") }
        if decision.actions.contains(.labelContent) { visibility.append("DECISION_VISIBILITY_CONTENT_LABELLED") }
        let detected = sources.contains(.automatedDetection)
        let flagged = sources.contains { if case .partnerForm = $0 { true } else if case .partnerAPI = $0 { true } else { false } }
        // A trusted partner's report counts first; a case only our scanning found is own-initiative.
        let sourceType = flagged ? "SOURCE_TRUSTED_FLAGGER" : sources.contains(.anonymousForm) ? "SOURCE_ARTICLE_16" : detected ? "SOURCE_VOLUNTARY" : "SOURCE_ARTICLE_16"
        let actionsText = decision.actions.map(\.rawValue).joined(separator: ", ")
        return StatementOfReasons(
            puid: "himaya-\(decision.id)",
            decisionVisibility: visibility,
            decisionAccount: decision.actions.contains(.suspendAuthor) ? "DECISION_ACCOUNT_SUSPENDED" : nil,
            decisionGround: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
            incompatibleContentGround: String("\(clause.id) \(clause.title(in: "en"))".prefix(500)),
            incompatibleContentExplanation: String(clause.explanation.prefix(2000)),
            decisionGroundReferenceURL: String(clause.url.prefix(500)),
            contentType: caseFile.category == .imageBasedAbuse || caseFile.category == .alteredImage ? ["CONTENT_TYPE_IMAGE"] : ["CONTENT_TYPE_TEXT"],
            category: clause.dsaCategory,
            categorySpecification: clause.dsaKeywords,
            territorialScope: territories,
            contentLanguage: caseFile.language.map { String($0.prefix(2)).uppercased() },
            contentDate: UTCCalendar.day(contentDate),
            applicationDate: UTCCalendar.day(decision.decidedAt),
            decisionFacts: String(
                "Content reported as \(caseFile.category.rawValue) was reviewed by a person under policy clause \(clause.id) (version \(decision.clauseVersion)); actions: \(actionsText)."
                    .prefix(5000)),
            sourceType: sourceType,
            automatedDetection: detected ? "Yes" : "No",
            automatedDecision: "AUTOMATED_DECISION_NOT_AUTOMATED")
    }
}
