import Foundation
import HimayaCore
import Testing

@Suite("Audit event")
struct AuditEventTests {
    let event = AuditEvent(
        sequence: 3, recordedAt: Date(timeIntervalSince1970: 1_800_000_000.123), actor: "staff:1", action: "evidence.opened",
        subject: "case:9", detail: ["b": "2", "a": "1"], previousHash: "ab", hash: "")

    @Test("the canonical text does not depend on the order of the details")
    func detailOrder() {
        var reordered = event
        reordered.detail = ["a": "1", "b": "2"]
        #expect(reordered.canonicalText == event.canonicalText)
    }

    @Test("changing any field changes the canonical text")
    func everyFieldCounts() {
        var changes: [AuditEvent] = []
        var copy = event
        copy.sequence = 4; changes.append(copy); copy = event
        copy.recordedAt = copy.recordedAt.addingTimeInterval(0.001); changes.append(copy); copy = event
        copy.actor = "staff:2"; changes.append(copy); copy = event
        copy.action = "evidence.deleted"; changes.append(copy); copy = event
        copy.subject = nil; changes.append(copy); copy = event
        copy.detail["a"] = "x"; changes.append(copy); copy = event
        copy.previousHash = "cd"; changes.append(copy)
        for changed in changes {
            #expect(changed.canonicalText != event.canonicalText)
        }
    }

    @Test("separators inside values cannot forge another field")
    func separatorsAreEscaped() {
        var one = event
        one.actor = "a|b"
        one.action = "c"
        var two = event
        two.actor = "a"
        two.action = "b|c"
        #expect(one.canonicalText != two.canonicalText)
    }
}
