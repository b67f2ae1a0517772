import Foundation

/// Times are stored as whole milliseconds since 1970 in a BIGINT, the same on both engines.
enum Timestamp {
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}

/// Lists of short codes (languages, regions) are stored comma-separated.
enum CodeList {
    static func encode(_ codes: [String]) -> String { codes.joined(separator: ",") }
    static func decode(_ text: String) -> [String] { text.split(separator: ",").map(String.init) }
}
