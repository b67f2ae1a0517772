import Foundation
import HimayaCore
import HimayaStore

/// The values the report templates need: choices in the reader's language, and what was typed.
struct ReportForm {
    let himaya: Himaya
    let catalogue: Catalogue

    /// Countries by their name in the reader's language, the chosen one marked.
    func countries(selected: String?) -> [[String: Any]] {
        let locale = Locale(identifier: catalogue.code)
        return himaya.countries.codes
            .map { code in (code, locale.localizedString(forRegionCode: code) ?? code) }
            .sorted { $0.1.localizedStandardCompare($1.1) == .orderedAscending }
            .map { ["code": $0.0, "name": $0.1, "selected": $0.0 == selected?.uppercased()] }
    }

    func categories(selected: String?) -> [[String: Any]] {
        IncidentCategory.allCases.map {
            ["value": $0.rawValue, "label": catalogue.text($0.messageKey), "checked": $0.rawValue == selected]
        }
    }

    func contactMethods(selected: String?, partnerFiling: Bool) -> [[String: Any]] {
        ContactMethod.allCases.filter { partnerFiling || $0 != .throughPartner }.map {
            ["value": $0.rawValue, "label": catalogue.text("contact_\($0.rawValue)"),
             "checked": $0.rawValue == (selected ?? ContactMethod.followUpOnly.rawValue)]
        }
    }

    func partners(selected: String?) async throws -> [[String: Any]] {
        try await himaya.store.partners.all().map {
            ["id": $0.id.description, "name": $0.name, "selected": $0.id.description == selected]
        }
    }

    /// The emergency guidance block for a person in danger, in the reader's language.
    func guidance(country: String?) -> [String: Any]? {
        guard let guidance = himaya.countries.guidance(for: country ?? "") else { return nil }
        let steps = guidance.steps[catalogue.code] ?? guidance.steps["en"] ?? []
        let numbers = guidance.emergencyNumbers.map {
            ["number": $0.number, "service": catalogue.text("report_service_\($0.service)")]
        }
        return ["steps": steps, "numbers": numbers, "hasNumbers": !numbers.isEmpty]
    }

    /// Everything the form shows, from a draft (empty on first view).
    func values(
        draft: ReportDraft, danger: Bool, problems: [String], keptFiles: [[String: String]], partnerFiling: Bool
    ) async throws -> [String: Any] {
        var values: [String: Any] = [
            "danger": danger, "countries": countries(selected: draft.country), "categories": categories(selected: draft.category),
            "contacts": contactMethods(selected: draft.contactMethod, partnerFiling: partnerFiling),
            "partnerFiling": partnerFiling, "urgent": draft.urgent == "yes",
            "partners": try await partners(selected: draft.sharePartner),
            "targetSelf": draft.reporterIsTarget != "no", "targetOther": draft.reporterIsTarget == "no",
            "targetAccount": draft.targetAccount ?? "", "attackLanguage": draft.attackLanguage ?? "",
            "narrative": draft.narrative ?? "", "references": draft.contentReferences ?? "",
            "contactAddress": draft.contactAddress ?? "", "lawEnforcement": draft.lawEnforcement == "yes",
            "problems": problems.map { ["message": $0] }, "hasProblems": !problems.isEmpty,
            "keptFiles": keptFiles, "hasKeptFiles": !keptFiles.isEmpty,
        ]
        if danger, let guidance = guidance(country: draft.country) { values["guidance"] = guidance }
        return values
    }
}
