import HimayaCore

/// The stored codes of the factors behind a case's priority, in the reader's words.
enum PriorityFactorText {
    static func text(_ code: String, catalogue: Catalogue) -> String {
        let parts = code.split(separator: ":", maxSplits: 2).map(String.init)
        switch parts.first {
        case "category" where parts.count == 3:
            let category = IncidentCategory(rawValue: parts[1]).map { catalogue.text($0.messageKey) } ?? parts[1]
            return catalogue.text("factor_category", ["category": category, "priority": parts[2]])
        case "immediate_danger":
            return catalogue.text("factor_immediate_danger")
        case "risk_tier" where parts.count >= 2:
            return catalogue.text("factor_risk_tier", ["tier": catalogue.text("risk_tier_\(parts[1])")])
        case "civic_space" where parts.count >= 2:
            return catalogue.text("factor_civic_space", ["rating": catalogue.text("civic_space_\(parts[1])")])
        case "event" where parts.count >= 2:
            return catalogue.text("factor_event", ["event": parts.dropFirst().joined(separator: ":")])
        case "partner_urgent":
            return catalogue.text("factor_partner_urgent")
        case "altered_image_with_threat":
            return catalogue.text("factor_altered_image_with_threat")
        case "action" where parts.count >= 3:
            let action = EnforcementAction(rawValue: parts[1]).map { catalogue.text($0.messageKey) } ?? parts[1]
            return catalogue.text("factor_action", ["action": action, "priority": parts[2]])
        case "report_campaign":
            return catalogue.text("factor_report_campaign")
        default:
            return code
        }
    }
}
