@testable import HimayaDetection
import Testing

/// The names of groups are found as written, and where a word list cannot see them: glued to a
/// neighbouring word or typed with one slip. Short pieces of everyday words are not taken for names.
@Suite("Group names")
struct GroupNamesTests {
    static func names(_ list: [String]) -> GroupNames {
        var names = GroupNames()
        var normaliser = TextNormaliser()
        for name in list { try! names.add(name, using: &normaliser) }
        return names
    }

    static func named(_ names: GroupNames, _ text: String) -> Bool {
        var normaliser = TextNormaliser()
        return names.named(in: normaliser.normalise(text))
    }

    let names = Self.names(["women", "refugees", "muslim*", "zoccola", "judíos", "اليهود", "rom", "immigrants in general", "kale log*", "黑鬼"])

    @Test("a name as written is found: one word, a stem, several words, Chinese characters")
    func asWritten() {
        #expect(Self.named(names, "women are the worst"))
        #expect(Self.named(names, "too many Muslims here"))
        #expect(Self.named(names, "immigrants in general are the worst"))
        #expect(Self.named(names, "ye kale logon ki galti hai"))
        #expect(Self.named(names, "那些黑鬼"))
    }

    @Test("a name glued to the word before it is found, in English, Italian, Spanish and Arabic")
    func gluedAfter() {
        #expect(Self.named(names, "typical behaviour of thoserefugees"))
        #expect(Self.named(names, "non posso credere a questazoccola"))
        #expect(Self.named(names, "no soporto a losjudíos"))
        #expect(Self.named(names, "لاتثقوااليهود"))
    }

    @Test("a name glued to the word after it is found")
    func gluedBefore() {
        #expect(Self.named(names, "womenare the worst"))
    }

    @Test("a word that a stem begins, glued after another word, is found")
    func gluedStem() {
        #expect(Self.named(names, "I can't stand themuslims"))
    }

    @Test("a name typed with a letter left out or two letters swapped is found, stems too")
    func slips() {
        #expect(Self.named(names, "wmen are the worst"))
        #expect(Self.named(names, "refguees everywhere"))
        #expect(Self.named(names, "too many musilms here"))
    }

    @Test("a name that folding shortens to under four letters is not looked for: repeated letters fold to one")
    func foldedShort() {
        let names = Self.names(["coon"])
        #expect(!Self.named(names, "vengo con mi hermano"))
    }

    @Test("short names inside everyday words, names of several words glued together and unrelated words are not names")
    func notNames() {
        #expect(!Self.named(names, "a letter from home"))
        #expect(!Self.named(names, "immigrantsingeneral"))
        #expect(!Self.named(names, "the weather is lovely"))
    }
}
