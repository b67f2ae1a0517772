import Foundation
import HimayaCore
import Testing

@Suite("Report drafts")
struct ReportDraftTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func valid() -> ReportDraft {
        var draft = ReportDraft()
        draft.category = "veiled_threat"
        draft.country = "eg"
        draft.narrative = "They wrote that they know which school my son goes to."
        draft.contentReferences = "https://platform.example/p/1\nhttps://platform.example/p/2, https://platform.example/p/1"
        return draft
    }

    func check(_ draft: ReportDraft, files: Bool = false) -> Result<Report, ValidationFailure> {
        draft.validate(source: .anonymousForm, reporterLanguage: "ar", knownPartners: [], receivedAt: now, hasEvidenceFiles: files)
    }

    @Test("a complete draft becomes a report")
    func validDraft() throws {
        let report = try check(valid()).get()
        #expect(report.category == .veiledThreat)
        #expect(report.country == "EG")
        #expect(report.contentReferences == ["https://platform.example/p/1", "https://platform.example/p/2"])
        #expect(report.consent == ReportConsent())
        #expect(!report.consent.lawEnforcement)
    }

    @Test("every problem is reported at once")
    func allProblems() {
        var draft = ReportDraft()
        draft.contactMethod = "email"
        guard case .failure(let failure) = check(draft) else {
            Issue.record("an empty draft must fail")
            return
        }
        #expect(Set(failure.problems.map(\.field)) == ["category", "country", "narrative", "contact_address"])
    }

    @Test("a file alone is enough evidence")
    func fileAlone() {
        var draft = valid()
        draft.narrative = nil
        draft.contentReferences = nil
        #expect((try? check(draft, files: true).get()) != nil)
        #expect((try? check(draft, files: false).get()) == nil)
    }

    @Test("law enforcement is never assumed, only chosen")
    func lawEnforcementOnlyWhenChosen() throws {
        var draft = valid()
        #expect(try !check(draft).get().consent.lawEnforcement)
        draft.lawEnforcement = "yes"
        #expect(try check(draft).get().consent.lawEnforcement)
    }

    @Test("sharing needs a known partner")
    func unknownPartner() {
        var draft = valid()
        draft.sharePartner = Partner.ID().description
        guard case .failure(let failure) = check(draft) else {
            Issue.record("an unknown partner must fail")
            return
        }
        #expect(failure.has("share_partner"))
    }

    @Test("an e-mail contact needs something that looks like an address")
    func emailShape() {
        var draft = valid()
        draft.contactMethod = "email"
        draft.contactAddress = "not an address"
        guard case .failure(let failure) = check(draft) else {
            Issue.record("a bad address must fail")
            return
        }
        #expect(failure.problems == [ReportDraft.Problem(field: "contact_address", messageKey: "report_error_contact_email")])
    }
}
