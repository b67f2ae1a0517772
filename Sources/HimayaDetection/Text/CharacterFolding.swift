import Foundation

/// What one input character becomes once folded: the heart of the normaliser's defence against
/// evasion. Built once per process for every character that text or patterns are likely to use,
/// so folding is a table look-up, not a Unicode normalisation per character.
struct CharacterFolding: Sendable {
    /// How a character takes part in words.
    enum Role: UInt8, Sendable {
        /// Dropped without a trace: zero-width and bidi controls, combining marks, tatweel,
        /// variation selectors and skin-tone modifiers. "ki\u{200B}ll" is "kill".
        case ignored
        /// Part of a word; `scalars` holds the folded form (one or two characters).
        case letter
        /// A digit; may stand for a letter inside a word (leetspeak), never in a number.
        case digit
        /// A symbol that stands for a letter inside a word ("f@ke", "$hut"); a separator elsewhere.
        case leetSymbol
        /// A pictograph: a word of its own, so that "🔪" can be part of a pattern.
        case emoji
        /// A Chinese or Japanese ideograph, Hiragana or Katakana: a word of its own, since these
        /// scripts do not put spaces between words.
        case ideograph
        /// Anything else: spaces and punctuation end a word.
        case separator
    }

    /// One character's fate.
    struct Fold: Sendable {
        var role: Role
        var first: Unicode.Scalar
        var second: Unicode.Scalar?
        /// For digits and leet symbols: the letter they stand for inside a word.
        var leet: Unicode.Scalar?
        /// For Cyrillic and Greek letters that look like a Latin one: that Latin letter.
        var lookAlike: Unicode.Scalar?
        /// Letters of Cyrillic or Greek, for the look-alike decision.
        var isCyrillicOrGreek: Bool
        /// Latin letters, for the look-alike decision.
        var isLatin: Bool
    }

    static let shared = CharacterFolding()

    /// Every character below `tableEnd` (Latin, Greek, Cyrillic, Arabic, the Indic scripts,
    /// general punctuation, CJK punctuation and kana), and the full-width forms: computing a fold
    /// decomposes the character, which costs a microsecond, and Chinese text has punctuation in
    /// every sentence.
    private let table: [Fold]
    private let fullWidth: [Fold]
    private static let tableEnd: UInt32 = 0x3100
    private static let fullWidthRange: Range<UInt32> = 0xFF00..<0xFFF0

    private init() {
        table = (0..<Self.tableEnd).map { Self.compute(Unicode.Scalar($0) ?? " ") }
        fullWidth = Self.fullWidthRange.map { Self.compute(Unicode.Scalar($0)!) }
    }

    /// The fold of any character; the common ranges come from the tables.
    func fold(_ scalar: Unicode.Scalar) -> Fold {
        let value = scalar.value
        if value < Self.tableEnd { return table[Int(value)] }
        if Self.fullWidthRange.contains(value) { return fullWidth[Int(value - Self.fullWidthRange.lowerBound)] }
        return Self.compute(scalar)
    }

    static func compute(_ scalar: Unicode.Scalar) -> Fold {
        let value = scalar.value
        var fold = Fold(role: .separator, first: " ", second: nil, leet: nil, lookAlike: nil, isCyrillicOrGreek: false, isLatin: false)
        if ignoredRanges.contains(where: { $0.contains(value) }) {
            fold.role = .ignored
            return fold
        }
        if let letter = leetSymbols[value] {
            fold.role = .leetSymbol
            fold.leet = letter
            return fold
        }
        if let arabic = arabicFolds[value] {
            fold.role = .letter
            fold.first = arabic
            return fold
        }
        if (0x0660...0x0669).contains(value) || (0x06F0...0x06F9).contains(value) {
            fold.role = .digit
            fold.first = Unicode.Scalar(0x30 + (value & 0xF))!
            return fold
        }
        if (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x3040...0x30FF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x20000...0x2FA1F).contains(value)
        {
            fold.role = .ideograph
            fold.first = scalar
            return fold
        }
        let properties = scalar.properties
        if properties.isEmojiPresentation || (0x1F300...0x1FAFF).contains(value) || (0x2600...0x27BF).contains(value) && properties.isEmoji {
            fold.role = .emoji
            fold.first = scalar
            return fold
        }
        let category = properties.generalCategory
        if category == .nonspacingMark || category == .enclosingMark || category == .format {
            fold.role = .ignored
            return fold
        }
        // Compatibility decomposition folds full-width, mathematical and ligature forms and
        // Arabic presentation forms; dropping the marks then removes accents.
        let decomposed = String(scalar).decomposedStringWithCompatibilityMapping.lowercased().unicodeScalars.filter {
            let category = $0.properties.generalCategory
            return category != .nonspacingMark && category != .enclosingMark && category != .spacingMark
        }
        guard let head = decomposed.first else {
            fold.role = .ignored
            return fold
        }
        let folded = arabicFolds[head.value] ?? head
        if folded.properties.isAlphabetic {
            fold.role = .letter
            fold.first = folded
            fold.second = decomposed.count > 1 ? decomposed[decomposed.index(after: decomposed.startIndex)] : nil
            if fold.second.map({ !$0.properties.isAlphabetic }) == true { fold.second = nil }
            fold.lookAlike = lookAlikes[folded.value]
            fold.isCyrillicOrGreek = (0x0370...0x052F).contains(folded.value)
            fold.isLatin = folded.isASCII || (0x00C0...0x024F).contains(value)
            return fold
        }
        if folded.properties.numericType == .decimal, let digit = folded.properties.numericValue, (0...9).contains(digit) {
            fold.role = .digit
            fold.first = Unicode.Scalar(UInt8(0x30 + Int(digit)))
            fold.leet = leetDigits[UInt8(digit)]
            return fold
        }
        return fold
    }

    /// Zero-width, bidi and other invisible controls, tatweel, variation selectors, skin tones.
    static let ignoredRanges: [ClosedRange<UInt32>] = [
        0x00AD...0x00AD, 0x034F...0x034F, 0x061C...0x061C, 0x0640...0x0640, 0x064B...0x065F, 0x0670...0x0670,
        0x06D6...0x06ED, 0x180B...0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F,
        0xFE00...0xFE0F, 0xFEFF...0xFEFF, 0x1F3FB...0x1F3FF, 0xE0000...0xE007F,
    ]

    /// Arabic letters written several ways that readers treat as one: alef and hamza forms, alef
    /// maqsura and ya, ta marbuta and ha, Persian kaf and ya.
    static let arabicFolds: [UInt32: Unicode.Scalar] = [
        0x0622: "\u{0627}", 0x0623: "\u{0627}", 0x0625: "\u{0627}", 0x0671: "\u{0627}", 0x0672: "\u{0627}", 0x0673: "\u{0627}",
        0x0624: "\u{0648}", 0x0626: "\u{064A}", 0x0649: "\u{064A}", 0x06CC: "\u{064A}", 0x06D2: "\u{064A}",
        0x0629: "\u{0647}", 0x06C0: "\u{0647}", 0x06A9: "\u{0643}", 0x06AA: "\u{0643}",
    ]

    /// Digits that stand for letters inside a word ("k1ll", "h8", "4ever").
    static let leetDigits: [UInt8: Unicode.Scalar] = [0: "o", 1: "i", 3: "e", 4: "a", 5: "s", 7: "t", 8: "b", 9: "g"]

    /// Symbols that stand for letters inside a word.
    static let leetSymbols: [UInt32: Unicode.Scalar] = [0x40: "a", 0x24: "s", 0x21: "i", 0x7C: "l", 0x2B: "t", 0x20AC: "e", 0x00A3: "l"]

    /// Cyrillic and Greek letters drawn like a Latin one, after lower-casing.
    static let lookAlikes: [UInt32: Unicode.Scalar] = [
        0x0430: "a", 0x0432: "b", 0x0435: "e", 0x0451: "e", 0x043A: "k", 0x043C: "m", 0x043D: "h", 0x043E: "o", 0x0440: "p",
        0x0441: "c", 0x0442: "t", 0x0443: "y", 0x0445: "x", 0x0456: "i", 0x0457: "i", 0x0458: "j", 0x0455: "s", 0x0501: "d",
        0x051B: "q", 0x051D: "w", 0x04BB: "h",
        0x03B1: "a", 0x03B2: "b", 0x03B5: "e", 0x03B7: "n", 0x03B9: "i", 0x03BA: "k", 0x03BD: "v", 0x03BF: "o",
        0x03C1: "p", 0x03C4: "t", 0x03C5: "u", 0x03C7: "x", 0x03C9: "w", 0x03B3: "y", 0x03BC: "u",
    ]
}
