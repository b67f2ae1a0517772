@testable import HimayaDetection
import Testing

/// Each pattern is searched for only where its anchor, the rarest step it needs, is in the post,
/// and a post where no pattern that stands alone has its anchor is not walked at all. Neither
/// shortcut may lose a match: a pattern missed here is a threat nobody sees.
@Suite("Pattern anchors")
struct PatternAnchorTests {
    static let frequent = ["the", "you", "we", "are", "will", "for", "te", "que", "más", "to", "i", "not"]

    static func matcher(_ patterns: [(String, Int, Bool)]) -> PatternMatcher {
        var normaliser = TextNormaliser()
        let words = frequent.map { word in
            let text = normaliser.normalise(word)
            return Array(text.folded[Int(text.tokens[0].start)..<Int(text.tokens[0].end)])
        }
        var matcher = PatternMatcher(frequentWords: [words])
        for (pattern, owner, standsAlone) in patterns {
            matcher.add(try! LexiconPattern.steps(pattern, classes: [:]), owner: owner, standsAlone: standsAlone)
        }
        return matcher
    }

    static func owners(_ matcher: PatternMatcher, _ text: String) -> [Int] {
        var normaliser = TextNormaliser()
        return matcher.hits(in: normaliser.normalise(text)).map(\.owner).sorted()
    }

    @Test("a pattern whose anchor sits inside a longer alternative is found wherever that alternative starts")
    func anchorInsideAnAlternative() {
        let matcher = Self.matcher([("{mejor|más te vale que|más vale que} {te calles|cierres la boca}", 1, true)])
        #expect(Self.owners(matcher, "más te vale que te calles") == [1])
        #expect(Self.owners(matcher, "Mejor cierres la boca, periodista") == [1])
        #expect(Self.owners(matcher, "más te vale que comas") == [])
    }

    @Test("a pattern anchored past a gap is found at every length of the gap")
    func anchorPastAGap() {
        let matcher = Self.matcher([("{i|we} ~3 know where you live", 1, true)])
        #expect(Self.owners(matcher, "we know where you live") == [1])
        #expect(Self.owners(matcher, "we all of us know where you live") == [1])
        #expect(Self.owners(matcher, "we all of us here know where you live") == [])
    }

    @Test("a pattern made only of frequent words is still found")
    func onlyFrequentWords() {
        var matcher = Self.matcher([("we are {coming|come} for you", 1, true)])
        #expect(matcher.add(try! LexiconPattern.steps("you are the", classes: [:]), owner: 2, standsAlone: false) == .frequent)
        #expect(Self.owners(matcher, "we are coming for you") == [1])
        #expect(Self.owners(matcher, "you are the best") == [])
    }

    @Test("context alone yields no hits, and context beside a pattern that matches is found")
    func contextNeedsAnEntry() {
        let matcher = Self.matcher([("i will not", -1, false), ("kill you", 1, true)])
        #expect(Self.owners(matcher, "i will not go there") == [])
        #expect(Self.owners(matcher, "i will not kill you") == [-1, 1])
    }

    @Test("a pattern is anchored on a step that no frequent word satisfies, wherever that step is")
    func anchoring() {
        var matcher = Self.matcher([])
        #expect(matcher.add(try! LexiconPattern.steps("{you|we} will {burn|hang}", classes: [:]), owner: 1) == .rare)
        #expect(matcher.add(try! LexiconPattern.steps("{burn|hang} {you|we}", classes: [:]), owner: 2) == .rare)
        #expect(matcher.add(try! LexiconPattern.steps("{you|we} {will|burn}", classes: [:]), owner: 3) == .frequent)
    }

    @Test("a pattern is tried where its needed words are there, as a longer alternative's first word or behind an Arabic prefix")
    func neededWordsAreSeenInEveryForm() {
        let matcher = Self.matcher([("{we|i} will {hunt you down|find you}", 1, true), ("نعرف اين تسكن", 2, true)])
        #expect(Self.owners(matcher, "we will hunt you down") == [1])
        #expect(Self.owners(matcher, "and i will find you") == [1])
        #expect(Self.owners(matcher, "we will hunt deer") == [])
        #expect(Self.owners(matcher, "ونعرف اين تسكن") == [2])
    }
}
