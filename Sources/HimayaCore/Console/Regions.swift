/// The regions staff say they cover, and the countries in each. A staff member's region list may
/// name a region, a country code, or `global`.
public enum Regions {
    public static let countries: [String: Set<String>] = [
        "MENA": ["DZ", "BH", "EG", "IQ", "IR", "IL", "JO", "KW", "LB", "LY", "MA", "OM", "PS", "QA", "SA", "SY", "TN", "AE", "YE", "TR"],
        "West Africa": ["BJ", "BF", "CV", "CI", "GM", "GH", "GN", "GW", "LR", "ML", "MR", "NE", "NG", "SN", "SL", "TG"],
        "Central Africa": ["CM", "CF", "TD", "CG", "CD", "GQ", "GA", "ST"],
        "East Africa": ["BI", "DJ", "ER", "ET", "KE", "RW", "SO", "SS", "SD", "TZ", "UG"],
        "Southern Africa": ["AO", "BW", "LS", "MG", "MW", "MZ", "NA", "ZA", "SZ", "ZM", "ZW"],
        "LATAM": ["AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GT", "HN", "MX", "NI", "PA", "PY", "PE", "UY", "VE"],
        "South Asia": ["AF", "BD", "BT", "IN", "MV", "NP", "PK", "LK"],
        "Southeast Asia": ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"],
        "Europe": ["AT", "BE", "BG", "BY", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
                   "MT", "MD", "NL", "NO", "PL", "PT", "RO", "RU", "RS", "SK", "SI", "ES", "SE", "CH", "UA", "GB"],
        "North America": ["CA", "US"],
    ]

    /// Whether `regions` reaches `country`.
    public static func covers(_ regions: [String], country: String) -> Bool {
        for region in regions {
            if region.lowercased() == "global" || region.uppercased() == country { return true }
            if countries[region]?.contains(country) == true { return true }
        }
        return false
    }
}
