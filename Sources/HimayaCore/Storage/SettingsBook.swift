/// Settings the protection lead changes while Himaya runs, such as the daily cap on graphic items.
public protocol SettingsBook: Sendable {
    func value(_ name: String) async throws -> String?
    /// Sets or clears a setting, audited as done by `actor`.
    func set(_ name: String, to value: String?, by actor: String) async throws
}

/// The names of settings.
public enum SettingName {
    /// How many graphic items one responder may open in a day; none set means no cap.
    public static let dailyGraphicCap = "wellbeing.daily_graphic_cap"
    /// When "yes", responders see only the cases in their languages and regions.
    public static let restrictToReach = "console.restrict_to_reach"
}
