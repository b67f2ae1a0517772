/// A part of Himaya that a route belongs to; who may enter is decided per area, never per template.
public enum Area: String, CaseIterable, Sendable {
    /// Pages and API for anyone: the home page, reporting, follow-up, policy, transparency, health.
    case publicPages = "public"
    /// The signed-in staff member's own page and sign-out.
    case staffHome = "staff"
    /// The responder console, to read: queue and cases (auditors may look).
    case console
    /// Acting in the console: claiming, writing, deciding.
    case consoleActions = "console_actions"
    /// Deciding held takedowns of defenders' content: senior responders and the protection lead.
    case enforcementReview = "enforcement_review"
    /// Policy, risks, staffing, benchmarks: the protection lead's desk.
    case protectionDesk = "protection"
    /// Staff accounts and configuration.
    case administration = "admin"
    /// The audit log and its verification.
    case audit
}
