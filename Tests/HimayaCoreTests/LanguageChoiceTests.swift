import HimayaCore
import Testing

@Suite("Language choice")
struct LanguageChoiceTests {
    let available: Set<String> = ["en", "fr", "ar", "es"]

    func decide(query: String? = nil, cookie: String? = nil, header: String? = nil) -> LanguageChoice {
        LanguageChoice.decide(query: query, cookie: cookie, acceptLanguage: header, available: available, defaultCode: "en")
    }

    @Test("the query parameter wins over the cookie and the header")
    func queryWins() {
        #expect(decide(query: "ar", cookie: "fr", header: "es") == .requested("ar"))
    }

    @Test("the remembered language wins over the header")
    func cookieBeatsHeader() {
        #expect(decide(cookie: "fr", header: "es") == .remembered("fr"))
    }

    @Test("the header is read by quality, then order")
    func headerQualities() {
        #expect(decide(header: "de;q=1, es;q=0.5, fr;q=0.8") == .negotiated("fr"))
    }

    @Test("a regional variant falls back to its language")
    func regionalVariant() {
        #expect(decide(header: "fr-CA, en;q=0.5") == .negotiated("fr"))
    }

    @Test("nothing usable falls back to the default")
    func fallback() {
        #expect(decide(header: "de, ja") == .fallback("en"))
        #expect(decide() == .fallback("en"))
    }

    @Test("an unknown requested language is reported and the page is shown in the visitor's language")
    func unknownRequested() {
        #expect(decide(query: "xx", header: "ar") == .unavailable(requested: "xx", shownIn: "ar"))
    }

    @Test("a language with quality zero is never chosen")
    func qualityZero() {
        #expect(AcceptLanguage.parse("fr;q=0, es") == ["es"])
    }
}
