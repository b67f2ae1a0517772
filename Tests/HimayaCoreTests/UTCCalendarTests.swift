import Foundation
import HimayaCore
import Testing

@Suite("UTC calendar")
struct UTCCalendarTests {
    @Test("days and minutes match a UTC date formatter", arguments: [
        0.0, 59.9, 951_782_400, 1_709_164_800, 1_800_000_000, 4_102_444_799, 1_764_075_599,
    ])
    func matchesFormatter(seconds: TimeInterval) {
        let date = Date(timeIntervalSince1970: seconds)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        #expect(UTCCalendar.day(date) == formatter.string(from: date))
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        #expect(UTCCalendar.minute(date) == formatter.string(from: date))
    }
}
