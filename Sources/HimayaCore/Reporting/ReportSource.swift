/// Who filed a report and through which door.
public enum ReportSource: Sendable, Equatable {
    /// A defender through the web form, without an account.
    case anonymousForm
    /// A member of a trusted partner, through the web form, on behalf of a defender.
    case partnerForm(Partner.ID)
    /// A trusted partner's system, through the API with its key.
    case partnerAPI(Partner.ID)
    /// Himaya's own scanning of the platform's content (a hash-list match, a detected threat).
    case automatedDetection

    /// The stored form: `form`, `partner_form`, `partner_api`.
    public var kind: String {
        switch self {
        case .anonymousForm: "form"
        case .partnerForm: "partner_form"
        case .partnerAPI: "partner_api"
        case .automatedDetection: "automated_detection"
        }
    }

    public var partnerID: Partner.ID? {
        switch self {
        case .anonymousForm, .automatedDetection: nil
        case .partnerForm(let id), .partnerAPI(let id): id
        }
    }
}
