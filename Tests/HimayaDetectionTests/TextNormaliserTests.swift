@testable import HimayaDetection
import Testing

@Suite("Text normalisation")
struct TextNormaliserTests {
    func words(_ text: String) -> [String] {
        var normaliser = TextNormaliser()
        let folded = normaliser.normalise(text)
        return folded.tokens.indices.map { folded.word($0) }
    }

    @Test("a normaliser that remembers words folds every text as one that does not")
    func rememberedWordsFoldAlike() {
        let texts = [
            "I will k1ll you, @dana_k! 🔪🔪 وسنقتلك ولينا", "k i l l   them all... KIIIILL", "pаypal привет ＦＩＬＴＨＹ",
            "you, you! you? (you) --- ... 555-1234 +33 6 12 34 56 78", "an extraordinarily-long-raw-word-here and a 我们知道你住在哪里",
            "I will k1ll you, @dana_k! 🔪🔪 وسنقتلك ولينا", "d.e.a.d   f@ke sh!t $hut 4ever 2024",
        ]
        var fresh = TextNormaliser()
        // Two slots: words keep pushing each other out, so both finding and missing are tried.
        for slots in [2, 4096] {
            var remembering = TextNormaliser(rememberingWords: slots)
            for text in texts + texts.reversed() {
                let expected = fresh.normalise(text)
                let got = remembering.normalise(text)
                #expect(got.folded == expected.folded, "\(text)")
                #expect(got.tokens == expected.tokens, "\(text)")
            }
        }
    }

    @Test("case, accents and compatibility forms fold away")
    func caseAndAccents() {
        #expect(words("ÉGORGER Ｊｏｕｒｎａｌｉｓｔｅ") == words("egorger journaliste"))
        #expect(words("Ñandú") == ["nandu"])
    }

    @Test("repeated letters fold to one, the same way for text and patterns")
    func repeatedLetters() {
        #expect(words("kiiiiilllll") == words("kill"))
        #expect(words("kill") == ["kil"])
    }

    @Test("leetspeak inside a word becomes letters, but numbers stay numbers")
    func leetspeak() {
        #expect(words("k1ll imm1grants f@ke sh!t $hut") == words("kill immigrants fake shit shut"))
        #expect(words("call 555 1234 in 2024") == ["cal", "555", "1234", "in", "2024"])
    }

    @Test("a handle's @ is not a letter and an exclamation mark ends a word")
    func handlesAndPunctuation() {
        #expect(words("@maria_lopez watch out!") == words("maria lopez watch out"))
    }

    @Test("zero-width and bidi characters inside a word are dropped")
    func invisibleCharacters() {
        #expect(words("ki\u{200B}ll y\u{200D}ou \u{202E}now") == words("kill you now"))
    }

    @Test("letters spaced out or dotted are one word")
    func spacedLetters() {
        #expect(words("I will k i l l you") == words("i will kill you"))
        #expect(words("d.e.a.d") == words("dead"))
    }

    @Test("look-alike Cyrillic and Greek letters hidden in a Latin word become Latin")
    func lookAlikes() {
        // Cyrillic а and о, Greek ο
        #expect(words("m\u{0430}ri\u{0430} l\u{043E}pez") == words("maria lopez"))
        #expect(words("j\u{03BF}urnalist") == words("journalist"))
    }

    @Test("a Russian word keeps its letters")
    func cyrillicWordsStay() {
        #expect(words("привет") == ["привет"])
    }

    @Test("Arabic diacritics, tatweel, alef, hamza, alef maqsura and ta marbuta forms fold together")
    func arabicForms() {
        #expect(words("سَنَقْتُلُكَ") == words("سنقتلك"))
        #expect(words("قـــتـــل") == words("قتل"))
        #expect(words("أحمد إبراهيم آمنة") == words("احمد ابراهيم امنة"))
        #expect(words("مستشفى") == words("مستشفي"))
        #expect(words("صحفية") == words("صحفيه"))
        #expect(words("مسؤول") == words("مسوول"))
    }

    @Test("Arabic-Indic digits are read as digits")
    func arabicDigits() {
        #expect(words("٠١٢٣٤٥٦٧٨٩") == ["0123456789"])
    }

    @Test("apostrophes split words in every language, on both sides")
    func apostrophes() {
        #expect(words("j'vais") == ["j", "vais"])
        #expect(words("I’ll") == words("i ll"))
    }

    @Test("each emoji is a word, without skin tone or variation selector")
    func emoji() {
        #expect(words("you🔪🏽") == words("you 🔪"))
        #expect(words("⚰️") == words("⚰"))
    }

    @Test("every word points back at the characters the author wrote")
    func originMap() {
        var normaliser = TextNormaliser()
        let text = normaliser.normalise("Ｗe kn0w wh\u{200B}ere  «Maríа» lives")
        #expect(text.excerpt(2..<3) == "wh\u{200B}ere")
        #expect(text.excerpt(3..<4) == "Maríа")
        let bytes = text.originRange(3..<4)
        #expect(text.scalarRange(bytes) == 17..<22)
    }

    @Test("plain ASCII words fold exactly as the general path folds them")
    func asciiPathAgrees() {
        let samples = ["K1LL", "f@ke", "@maria_l0pez", "$hut!", "4ever", "bada123", "covid19", "a+b", "x--y", "HELLO!!", "sh!t", "2024", "i'll", "k.i.l.l"]
        for sample in samples {
            // A zero-width space is dropped but sends the word down the general path.
            #expect(words(sample) == words(sample + "\u{200B}"), "\(sample)")
        }
    }

    @Test("each Chinese character is a word, since Chinese puts no spaces between words")
    func ideographs() {
        #expect(words("我要杀了你") == ["我", "要", "杀", "了", "你"])
    }

    @Test("full-width letters fold to plain ones, and Chinese punctuation ends a word")
    func fullWidthAndChinesePunctuation() {
        #expect(words("ｋｉｌｌ ＹＯＵ") == ["kil", "you"])
        #expect(words("杀了你。你好，朋友") == ["杀", "了", "你", "你", "好", "朋", "友"])
    }

    @Test("characters read from the fold tables fold exactly as when worked out one by one")
    func foldTables() {
        let samples: [UInt32] = [0x41, 0x7FF, 0x800, 0x915, 0x93F, 0x2019, 0x3002, 0x3042, 0x30FF, 0x3100, 0xFF00, 0xFF0C, 0xFF41, 0xFFEF, 0xFFF0]
        for value in samples {
            let scalar = Unicode.Scalar(value)!
            let table = CharacterFolding.shared.fold(scalar)
            let computed = CharacterFolding.compute(scalar)
            let same = table.role == computed.role && table.first == computed.first && table.second == computed.second
            #expect(same, "U+\(String(value, radix: 16))")
        }
    }
}
