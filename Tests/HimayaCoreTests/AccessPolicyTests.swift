import HimayaCore
import Testing

@Suite("Access policy")
struct AccessPolicyTests {
    /// Every role (nil: not signed in) against every area, with the expected answer.
    static let table: [(StaffRole?, Area, Bool)] = [
        (nil, .publicPages, true), (nil, .staffHome, false), (nil, .console, false), (nil, .consoleActions, false), (nil, .protectionDesk, false),
        (nil, .administration, false), (nil, .audit, false), (nil, .enforcementReview, false),
        (.responder, .enforcementReview, false), (.seniorResponder, .enforcementReview, true), (.protectionLead, .enforcementReview, true),
        (.admin, .enforcementReview, false), (.auditor, .enforcementReview, false), (.partnerMember, .enforcementReview, false),
        (.responder, .publicPages, true), (.responder, .staffHome, true), (.responder, .console, true), (.responder, .consoleActions, true),
        (.responder, .protectionDesk, false), (.responder, .administration, false), (.responder, .audit, false),
        (.seniorResponder, .publicPages, true), (.seniorResponder, .staffHome, true), (.seniorResponder, .console, true), (.seniorResponder, .consoleActions, true),
        (.seniorResponder, .protectionDesk, false), (.seniorResponder, .administration, false), (.seniorResponder, .audit, false),
        (.protectionLead, .publicPages, true), (.protectionLead, .staffHome, true), (.protectionLead, .console, true), (.protectionLead, .consoleActions, true),
        (.protectionLead, .protectionDesk, true), (.protectionLead, .administration, false), (.protectionLead, .audit, false),
        (.admin, .publicPages, true), (.admin, .staffHome, true), (.admin, .console, false), (.admin, .consoleActions, false),
        (.admin, .protectionDesk, false), (.admin, .administration, true), (.admin, .audit, true),
        (.auditor, .publicPages, true), (.auditor, .staffHome, true), (.auditor, .console, true), (.auditor, .consoleActions, false),
        (.auditor, .protectionDesk, false), (.auditor, .administration, false), (.auditor, .audit, true),
        (.partnerMember, .publicPages, true), (.partnerMember, .staffHome, true), (.partnerMember, .console, false), (.partnerMember, .consoleActions, false),
        (.partnerMember, .protectionDesk, false), (.partnerMember, .administration, false), (.partnerMember, .audit, false),
    ]

    @Test("the table covers every role and area")
    func tableIsComplete() {
        #expect(Self.table.count == (StaffRole.allCases.count + 1) * Area.allCases.count)
    }

    @Test("each role reaches exactly the areas the table gives it", arguments: table)
    func roleReachesArea(role: StaffRole?, area: Area, allowed: Bool) {
        #expect(AccessPolicy.allows(role, in: area) == allowed)
    }
}
