/// How the language of a page was decided, in the order the person's own choices win.
public enum LanguageChoice: Equatable, Sendable {
    /// Chosen with `?lang=`; remembered in a cookie for the next pages.
    case requested(String)
    /// Remembered from an earlier choice.
    case remembered(String)
    /// Negotiated from the browser's `Accept-Language`.
    case negotiated(String)
    /// Nothing matched; the default language.
    case fallback(String)
    /// `?lang=` named a language that has no catalogue; shown in `shownIn`.
    case unavailable(requested: String, shownIn: String)

    /// The language the page is rendered in.
    public var code: String {
        switch self {
        case .requested(let code), .remembered(let code), .negotiated(let code), .fallback(let code):
            return code
        case .unavailable(_, let shownIn):
            return shownIn
        }
    }

    /// Decides the page language from the query, the cookie and `Accept-Language`, in that order.
    public static func decide(
        query: String?, cookie: String?, acceptLanguage: String?, available: Set<String>, defaultCode: String
    ) -> LanguageChoice {
        let fromHeaders = fromCookieOrHeader(
            cookie: cookie, acceptLanguage: acceptLanguage, available: available, defaultCode: defaultCode)
        if let query {
            let wanted = query.lowercased()
            if available.contains(wanted) { return .requested(wanted) }
            return .unavailable(requested: query, shownIn: fromHeaders.code)
        }
        return fromHeaders
    }

    private static func fromCookieOrHeader(
        cookie: String?, acceptLanguage: String?, available: Set<String>, defaultCode: String
    ) -> LanguageChoice {
        if let cookie, available.contains(cookie.lowercased()) {
            return .remembered(cookie.lowercased())
        }
        if let acceptLanguage {
            for range in AcceptLanguage.parse(acceptLanguage) {
                if available.contains(range) { return .negotiated(range) }
                // "fr-CA" is served by "fr" when there is no Canadian French catalogue.
                if let primary = range.split(separator: "-").first.map(String.init), available.contains(primary) {
                    return .negotiated(primary)
                }
            }
        }
        return .fallback(defaultCode)
    }
}
