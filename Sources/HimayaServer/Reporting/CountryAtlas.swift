import Foundation
public import HimayaCore

/// Country profiles (civic space, languages, heightened-risk events) and emergency guidance, from the
/// data files the protection lead keeps: `Countries/countries.json` and `Guidance/<code>.json`.
public struct CountryAtlas: Sendable {
    public let profiles: [String: CountryProfile]
    private let guidance: [String: EmergencyGuidance]

    /// What to do now when someone is in immediate danger.
    public struct EmergencyGuidance: Sendable, Decodable, Equatable {
        public struct Number: Sendable, Decodable, Equatable {
            public var number: String
            public var service: String
        }

        public var emergencyNumbers: [Number]
        /// Steps by language code.
        public var steps: [String: [String]]
    }

    public init(profiles: [String: CountryProfile], guidance: [String: EmergencyGuidance]) {
        self.profiles = profiles
        self.guidance = guidance
    }

    /// Loads the files shipped with Himaya.
    public static func bundled() throws -> CountryAtlas {
        guard let countries = Bundle.module.url(forResource: "Countries", withExtension: nil),
            let guidanceFolder = Bundle.module.url(forResource: "Guidance", withExtension: nil)
        else { throw CocoaError(.fileNoSuchFile) }
        return try load(countries: countries.appendingPathComponent("countries.json"), guidance: guidanceFolder)
    }

    static func load(countries: URL, guidance folder: URL) throws -> CountryAtlas {
        struct Entry: Decodable {
            var civicSpace: CivicSpace
            var languages: [String]
            var events: [HeightenedRiskEvent]
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: countries)) as? [String: Any] ?? [:]
        var profiles: [String: CountryProfile] = [:]
        for (code, value) in object where !code.hasPrefix("_") {
            let entry = try decoder.decode(Entry.self, from: JSONSerialization.data(withJSONObject: value))
            profiles[code] = CountryProfile(code: code, civicSpace: entry.civicSpace, languages: entry.languages, events: entry.events)
        }
        var guidance: [String: EmergencyGuidance] = [:]
        for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) where file.pathExtension == "json" {
            guidance[file.deletingPathExtension().lastPathComponent] = try decoder.decode(EmergencyGuidance.self, from: Data(contentsOf: file))
        }
        return CountryAtlas(profiles: profiles, guidance: guidance)
    }

    /// The guidance for `country`, or the generic one.
    public func guidance(for country: String) -> EmergencyGuidance? {
        guidance[country.uppercased()] ?? guidance["_generic"]
    }

    /// Country codes for the form's list: every profiled country.
    public var codes: [String] { profiles.keys.sorted() }
}
