import HimayaDetection
import Testing

@Suite("Protected names")
struct ProtectedNamesTests {
    let names = ProtectedNames(people: [
        ["María López", "@mlopez_periodista", "ماريا لوبيز"],
        ["Lina Haddad", "لينا حداد"],
        ["Lina"],
    ])

    func found(_ text: String) -> [ProtectedNames.Mention] {
        var normaliser = TextNormaliser()
        return names.mentions(in: normaliser.normalise(text))
    }

    @Test("a name is found on word boundaries only")
    func wordBoundaries() {
        #expect(found("Hola maria lopez, ¿qué tal?").map(\.person) == [0])
        #expect(found("Carolina Haddadi").isEmpty)
    }

    @Test("a handle is found with or without its @, in any case")
    func handles() {
        #expect(found("cc @MLopez_Periodista").map(\.person) == [0])
        #expect(found("mlopez periodista again").map(\.person) == [0])
    }

    @Test("disguised spellings of a name are still found")
    func disguisedNames() {
        #expect(found("M\u{0430}r\u{00ED}\u{0430} L0pez").map(\.person) == [0])
        #expect(found("Maaaaria Lóóópez").map(\.person) == [0])
    }

    @Test("a name inside a longer name is found for both people")
    func overlappingNames() {
        let people = Set(found("ask Lina Haddad").map(\.person))
        #expect(people == [1, 2])
        let mention = found("ask Lina Haddad").first { $0.person == 1 }
        #expect(mention?.words == 1..<3)
    }

    @Test("Arabic names are found with a joined one-letter prefix and spelling variants")
    func arabicNames() {
        #expect(found("ولينا حداد كتبت").map(\.person).contains(1))
        #expect(found("مارِيا لوبيز").map(\.person) == [0])
    }

    @Test("a display name that spells a protected name once folded is an impersonation candidate")
    func impersonation() {
        #expect(names.impersonated(by: "M\u{0430}ria_L0pez").map(\.person) == [0])
        #expect(names.impersonated(by: "mlopez.periodista").map(\.person) == [0])
        #expect(names.impersonated(by: "Maria Lopes").isEmpty)
    }

    @Test("an automaton of many names finds each one and nothing else")
    func manyNames() {
        let people = (0..<5000).map { ["person \($0) surname\($0 % 97)"] }
        let many = ProtectedNames(people: people)
        var normaliser = TextNormaliser()
        let text = normaliser.normalise("hello person 42 surname42 and person 4999 surname52 but not person 7 surname8")
        #expect(many.mentions(in: text).map(\.person).sorted() == [42, 4999])
    }
}
