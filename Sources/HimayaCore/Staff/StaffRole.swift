/// What a member of the platform's staff is trusted to do in Himaya.
public enum StaffRole: String, CaseIterable, Sendable, Codable {
    /// Works the triage queue in their languages and regions.
    case responder
    /// A responder who also takes escalations and second reviews.
    case seniorResponder = "senior_responder"
    /// Owns policy, risks, staffing, benchmarks and transparency.
    case protectionLead = "protection_lead"
    /// Manages staff accounts and configuration; reads the audit log.
    case admin
    /// Reads the audit log and published figures; changes nothing.
    case auditor
    /// A member of a trusted partner organisation: reports for defenders through the same form.
    /// Not platform staff; shares the sign-in (password and second factor) and nothing else.
    case partnerMember = "partner_member"

    /// The key of this role's name in the message catalogues.
    public var messageKey: String { "role_\(rawValue)" }
}
