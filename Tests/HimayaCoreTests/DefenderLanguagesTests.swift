import HimayaCore
import Testing

@Suite("A defender's languages")
struct DefenderLanguagesTests {
    @Test("a defender's languages are the alert language first, then the others they read, each once")
    func defenderLanguages() {
        #expect(Defender.languages(alerts: "ar", others: ["fr", "ar", "de", "fr"]) == ["ar", "fr", "de"])
        #expect(Defender.languages(alerts: "de", others: []) == nil)
        #expect(Defender.languages(alerts: "en", others: ["xx"]) == nil)
    }
}
