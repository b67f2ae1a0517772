import Foundation
import HimayaCore
import Testing

@Suite("Alert preferences")
struct AlertPreferencesTests {
    /// 2027-01-15 23:30 UTC.
    let lateEvening = Date(timeIntervalSince1970: 1_800_055_800)

    @Test("with the standard preferences every alert goes at once")
    func standard() {
        #expect(AlertPreferences.standard.delivery(of: .normal, at: lateEvening) == .init(at: lateEvening, inDigest: false))
    }

    @Test("quiet hours that wrap past midnight hold an alert until they end, in the defender's time")
    func quietHours() {
        let preferences = AlertPreferences(quietFrom: 22, quietUntil: 7, utcOffsetMinutes: -5 * 60, urgentAlwaysNow: false)
        // 23:30 UTC is 18:30 at UTC−5: not quiet yet.
        #expect(preferences.delivery(of: .normal, at: lateEvening).at == lateEvening)
        // 04:30 UTC is 23:30 at UTC−5: quiet until 07:00 local, 12:00 UTC.
        let night = lateEvening.addingTimeInterval(5 * 3600)
        let held = preferences.delivery(of: .high, at: night)
        #expect(held.at == Date(timeIntervalSince1970: 1_800_100_800))
        #expect(!held.inDigest)
    }

    @Test("an urgent alert still comes at once when the defender allows it")
    func urgentNow() {
        let preferences = AlertPreferences(quietFrom: 0, quietUntil: 23, digestHour: 18, urgentAlwaysNow: true)
        #expect(preferences.delivery(of: .high, at: lateEvening).at == lateEvening)
    }

    @Test("with a digest, alerts wait for the next digest hour")
    func digest() {
        let preferences = AlertPreferences(digestHour: 18, urgentAlwaysNow: true)
        let delivery = preferences.delivery(of: .normal, at: lateEvening)
        #expect(delivery.inDigest)
        #expect(delivery.at == Date(timeIntervalSince1970: 1_800_122_400))
    }

    @Test("alerts under the minimum severity wait for the morning")
    func minimumSeverity() {
        let preferences = AlertPreferences(minimumSeverity: .high)
        let delivery = preferences.delivery(of: .normal, at: lateEvening)
        #expect(delivery.inDigest)
        #expect(delivery.at == Date(timeIntervalSince1970: 1_800_086_400))
    }

    @Test("half-set quiet hours, impossible hours and time zones are refused")
    func problems() {
        #expect(AlertPreferences(quietFrom: 22).problems == ["alert_preferences_error_quiet"])
        #expect(AlertPreferences(digestHour: 24).problems == ["alert_preferences_error_hour"])
        #expect(AlertPreferences(utcOffsetMinutes: 15 * 60).problems == ["alert_preferences_error_offset"])
        #expect(AlertPreferences(quietFrom: 22, quietUntil: 6, digestHour: 9).problems.isEmpty)
    }
}
