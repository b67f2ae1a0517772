/// How fast a case must be handled: P0 is someone in danger now, P3 can wait days.
public enum Priority: Int, Sendable, CaseIterable, Comparable, Codable, CustomStringConvertible {
    case p0 = 0, p1, p2, p3

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "P\(rawValue)" }

    /// One level more urgent, never past P0.
    public var raised: Priority { Priority(rawValue: max(0, rawValue - 1))! }
}
