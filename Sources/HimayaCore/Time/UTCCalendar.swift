public import Foundation

/// Dates and times in UTC as people and the DSA database write them, computed directly: a page
/// lists many times, and a formatter made for each one showed in profiles.
public enum UTCCalendar {
    /// `2026-11-25`.
    public static func day(_ date: Date) -> String {
        let (year, month, day) = civil(daysSince1970: Int(floor(date.timeIntervalSince1970 / 86_400)))
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// `2026-11-25 14:30`.
    public static func minute(_ date: Date) -> String {
        let seconds = Int(floor(date.timeIntervalSince1970))
        let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
        return "\(day(date)) \(padded(secondOfDay / 3600, 2)):\(padded(secondOfDay % 3600 / 60, 2))"
    }

    /// The civil date of a day count (Howard Hinnant's days-from-civil, inverted).
    static func civil(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
