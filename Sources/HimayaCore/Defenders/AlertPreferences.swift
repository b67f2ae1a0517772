public import Foundation

/// How a defender wants to be told about threats: through which channel of the platform, which
/// alerts come at once, when to stay quiet, and whether the rest waits for a daily digest.
public struct AlertPreferences: Sendable, Equatable {
    /// Where the platform shows the alert; Himaya passes it on, the platform delivers.
    public enum Channel: String, Sendable, CaseIterable, Codable {
        case inApp = "in_app", push, email, sms
    }

    /// How pressing an alert is; rules set it per signal.
    public enum Severity: String, Sendable, CaseIterable, Codable, Comparable {
        case normal, high

        public static func < (a: Severity, b: Severity) -> Bool { a == .normal && b == .high }
    }

    public var channel: Channel
    /// Alerts below this wait for the digest (or, without one, for the next morning).
    public var minimumSeverity: Severity
    /// Local hours (0–23) when nothing but urgent alerts should arrive; nil for none.
    public var quietFrom: Int?
    public var quietUntil: Int?
    /// The defender's offset from UTC in minutes, for their local hours.
    public var utcOffsetMinutes: Int
    /// Local hour (0–23) of a daily digest; nil to be told at once.
    public var digestHour: Int?
    /// Whether high-severity alerts still come during quiet hours and outside the digest.
    public var urgentAlwaysNow: Bool

    public init(
        channel: Channel = .inApp, minimumSeverity: Severity = .normal, quietFrom: Int? = nil, quietUntil: Int? = nil,
        utcOffsetMinutes: Int = 0, digestHour: Int? = nil, urgentAlwaysNow: Bool = true
    ) {
        self.channel = channel
        self.minimumSeverity = minimumSeverity
        self.quietFrom = quietFrom
        self.quietUntil = quietUntil
        self.utcOffsetMinutes = utcOffsetMinutes
        self.digestHour = digestHour
        self.urgentAlwaysNow = urgentAlwaysNow
    }

    /// What a defender who chose nothing gets: every alert at once, in the platform's own inbox.
    public static let standard = AlertPreferences()

    /// When an alert should reach the platform, and whether it travels in the digest.
    public struct Delivery: Sendable, Equatable {
        public var at: Date
        public var inDigest: Bool

        public init(at: Date, inDigest: Bool) {
            self.at = at
            self.inDigest = inDigest
        }
    }

    /// Why preferences cannot be saved, as catalogue keys.
    public var problems: [String] {
        var problems: [String] = []
        if (quietFrom == nil) != (quietUntil == nil) { problems.append("alert_preferences_error_quiet") }
        for hour in [quietFrom, quietUntil, digestHour].compactMap({ $0 }) where !(0...23).contains(hour) {
            problems.append("alert_preferences_error_hour")
            break
        }
        if !(-12 * 60...14 * 60).contains(utcOffsetMinutes) { problems.append("alert_preferences_error_offset") }
        return problems
    }

    /// When an alert of `severity` found at `now` goes out.
    public func delivery(of severity: Severity, at now: Date) -> Delivery {
        if severity == .high && urgentAlwaysNow { return Delivery(at: now, inDigest: false) }
        if let digestHour { return Delivery(at: next(localHour: digestHour, after: now), inDigest: true) }
        if severity < minimumSeverity { return Delivery(at: next(localHour: quietUntil ?? 8, after: now), inDigest: true) }
        if let from = quietFrom, let until = quietUntil, isQuiet(localHour(of: now), from: from, until: until) {
            return Delivery(at: next(localHour: until, after: now), inDigest: false)
        }
        return Delivery(at: now, inDigest: false)
    }

    /// Quiet hours may wrap past midnight: 22 to 7 is quiet at 23 and at 3.
    func isQuiet(_ hour: Int, from: Int, until: Int) -> Bool {
        from <= until ? (from..<until).contains(hour) : hour >= from || hour < until
    }

    func localHour(of date: Date) -> Int {
        let seconds = Int(date.timeIntervalSince1970) + utcOffsetMinutes * 60
        return ((seconds / 3600) % 24 + 24) % 24
    }

    /// The next moment strictly after `date` when the local clock shows `hour`:00.
    func next(localHour hour: Int, after date: Date) -> Date {
        let local = Int(date.timeIntervalSince1970) + utcOffsetMinutes * 60
        let dayStart = local - ((local % 86_400) + 86_400) % 86_400
        var candidate = dayStart + hour * 3600
        if candidate <= local { candidate += 86_400 }
        return Date(timeIntervalSince1970: TimeInterval(candidate - utcOffsetMinutes * 60))
    }
}

/// Where defenders' alert preferences are kept.
public protocol AlertPreferenceBook: Sendable {
    func preferences(of defender: Defender.ID) async throws -> AlertPreferences
    func save(_ preferences: AlertPreferences, for defender: Defender.ID, at date: Date) async throws
}
