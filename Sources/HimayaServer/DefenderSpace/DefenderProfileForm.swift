import Foundation
import HimayaCore

/// The part of an enrolment form that describes the defender, read and checked the same way
/// whether the defender signs up themself or a responder or partner enrols them.
struct DefenderProfileForm {
    var displayName: String
    var country: String
    var language: String
    var activity: DefenderActivity
    /// Catalogue keys of what is wrong, in the form's order.
    var problems: [String]

    /// `defaultLanguage` stands in for a form sent without a language (self sign-up).
    init(_ fields: FormFields, defaultLanguage: String = "") {
        displayName = (fields["display_name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        country = (fields["country"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        language = fields["language"] ?? defaultLanguage
        activity = fields["activity"].flatMap(DefenderActivity.init(rawValue:)) ?? .other
        problems = []
        if displayName.isEmpty || displayName.count > 100 { problems.append("me_error_name") }
        if country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isLetter }) { problems.append("me_error_country") }
        if !Defender.alertLanguages.contains(language) { problems.append("me_error_language") }
    }

    /// What the form shows again after a mistake.
    var values: [String: String] { ["display_name": displayName, "country": country, "language": language] }
}
