/// Folds a text so that the usual disguises do not hide a word: compatibility forms and case,
/// accents, Arabic spelling variants and diacritics, look-alike Cyrillic and Greek letters,
/// leetspeak, invisible characters, letters spaced out ("k i l l") or repeated ("kiiiill").
/// Patterns go through the same folding, so both sides always agree. Repeated letters fold to
/// one, so "kill" itself is stored as "kil": the folded text is for matching, not for reading.
public struct TextNormaliser: Sendable {
    private struct Unit {
        var fold: CharacterFolding.Fold
        var originStart: Int32
        var originEnd: Int32
    }

    private var units: [Unit] = []
    private var folded: [UInt8] = []
    private var tokens: [NormalisedText.Token] = []
    private var singleLetterRun = 0
    private var mayHaveSpacedLetters = false
    private let folding = CharacterFolding.shared
    private var memo: FoldedWordMemo?

    /// A normaliser; one that reads many posts may remember the folding of that many raw words
    /// (a power of two; 4,096 take 224 KB), which a word met again then costs nothing to fold.
    public init(rememberingWords: Int = 0) {
        memo = rememberingWords > 0 ? FoldedWordMemo(slots: rememberingWords) : nil
    }

    /// Folds one text.
    public mutating func normalise(_ text: String) -> NormalisedText {
        folded.removeAll(keepingCapacity: true)
        tokens.removeAll(keepingCapacity: true)
        singleLetterRun = 0
        mayHaveSpacedLetters = false
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                // A raw word runs to the next ASCII white space; leetspeak is decided inside it.
                while index < count, Self.isSpace(bytes[index]) { index += 1 }
                guard index < count else { break }
                var end = index
                var ascii = true
                while end < count, !Self.isSpace(bytes[end]) {
                    if bytes[end] >= 0x80 { ascii = false }
                    end += 1
                }
                defer { index = end }
                guard memo != nil, end - index <= FoldedWordMemo.longestWord else {
                    fold(bytes, index, end, ascii: ascii)
                    continue
                }
                let key = FoldedWordMemo.key(bytes, index, end)
                if let slot = memo!.find(key, length: end - index) {
                    emit(slot, at: index)
                    continue
                }
                let tokensBefore = tokens.count
                fold(bytes, index, end, ascii: ascii)
                remember(key, index, end, tokensBefore: tokensBefore)
            }
        }
        if mayHaveSpacedLetters { joinSpacedLetters() }
        return NormalisedText(original: text, folded: folded, tokens: tokens)
    }

    /// Folds one raw word. Most words are plain ASCII: those are folded straight from the bytes.
    private mutating func fold(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, ascii: Bool) {
        if ascii {
            emitASCIIWord(bytes, start, end)
            return
        }
        units.removeAll(keepingCapacity: true)
        var index = start
        while index < end {
            let from = index
            let scalar = Self.decode(bytes, &index)
            let fold = folding.fold(scalar)
            if fold.role != .ignored {
                units.append(Unit(fold: fold, originStart: Int32(from), originEnd: Int32(index)))
            }
        }
        emitWords()
    }

    /// Keeps what a raw word just folded to, when it is one short word or nothing.
    private mutating func remember(_ key: (UInt64, UInt64), _ start: Int, _ end: Int, tokensBefore: Int) {
        let produced = tokens.count - tokensBefore
        guard produced <= 1 else { return }
        var slot = FoldedWordMemo.Slot(raw: key, rawLength: UInt8(end - start))
        if let token = tokens.last, produced == 1 {
            let length = Int(token.end - token.start)
            guard length <= FoldedWordMemo.longestWord else { return }
            folded.withUnsafeBytes { bytes in
                withUnsafeMutableBytes(of: &slot.folded) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.end)])) }
            }
            slot.foldedLength = UInt8(length)
            slot.hash = token.hash
            slot.strippedHash = token.strippedHash
            slot.originStart = UInt8(Int(token.originStart) - start)
            slot.originEnd = UInt8(Int(token.originEnd) - start)
            slot.kind = token.kind
        }
        memo!.remember(slot)
    }

    /// Writes a remembered raw word, found at `start` of this text, as folding it would have.
    @inline(__always) private mutating func emit(_ slot: FoldedWordMemo.Slot, at start: Int) {
        guard slot.foldedLength > 0 else { return }
        if !folded.isEmpty { folded.append(0x20) }
        let tokenStart = folded.count
        withUnsafeBytes(of: slot.folded) { folded.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<Int(slot.foldedLength)])) }
        let token = NormalisedText.Token(
            start: Int32(tokenStart), end: Int32(folded.count), originStart: Int32(start + Int(slot.originStart)),
            originEnd: Int32(start + Int(slot.originEnd)), hash: slot.hash, strippedHash: slot.strippedHash, kind: slot.kind)
        noteLength(token)
        tokens.append(token)
    }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// Decodes one scalar from valid UTF-8 (Swift strings always are) and moves past it.
    @inline(__always) private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Unicode.Scalar {
        let lead = bytes[index]
        if lead < 0x80 {
            index += 1
            return Unicode.Scalar(lead)
        }
        var value: UInt32
        var extra: Int
        if lead >= 0xF0 {
            value = UInt32(lead & 0x07)
            extra = 3
        } else if lead >= 0xE0 {
            value = UInt32(lead & 0x0F)
            extra = 2
        } else {
            value = UInt32(lead & 0x1F)
            extra = 1
        }
        index += 1
        while extra > 0, index < bytes.count {
            value = value << 6 | UInt32(bytes[index] & 0x3F)
            index += 1
            extra -= 1
        }
        return Unicode.Scalar(value) ?? " "
    }

    private static let letter: UInt8 = 1
    private static let digit: UInt8 = 2
    private static let symbol: UInt8 = 3

    /// For each ASCII byte: its class (0 separator), its folded byte and its leet letter.
    private static let asciiTable: [(kind: UInt8, folded: UInt8, leet: UInt8)] = (0..<128).map { value -> (UInt8, UInt8, UInt8) in
        let byte = UInt8(value)
        switch byte {
        case 0x41...0x5A: return (letter, byte | 0x20, 0)
        case 0x61...0x7A: return (letter, byte, 0)
        case 0x30...0x39:
            let leet = CharacterFolding.leetDigits[byte - 0x30].map { UInt8($0.value) } ?? 0
            return (digit, byte, leet)
        default:
            if let leet = CharacterFolding.leetSymbols[UInt32(byte)] { return (symbol, byte, UInt8(leet.value)) }
            return (0, 0, 0)
        }
    }

    /// The ASCII twin of `emitWords`, with the same rules, without the per-character records.
    private mutating func emitASCIIWord(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        Self.asciiTable.withUnsafeBufferPointer { table in
            var hasLetter = false
            for index in start..<end where table[Int(bytes[index])].kind == Self.letter {
                hasLetter = true
                break
            }
            var wordStart = -1
            var originStart = 0
            var originEnd = 0
            var last: UInt8 = 0
            var onlyDigits = true
            var previousWasLetter = false
            var state = WordHash.seed
            for index in start..<end {
                let byte = bytes[index]
                let entry = table[Int(byte)]
                let nextKind = index + 1 < end ? table[Int(bytes[index + 1])].kind : 0
                let nextIsLetter = nextKind == Self.letter
                var out: UInt8 = 0
                var isDigit = false
                switch entry.kind {
                case Self.letter:
                    out = entry.folded
                case Self.digit:
                    if hasLetter, entry.leet != 0, nextIsLetter || previousWasLetter {
                        out = entry.leet
                    } else {
                        out = byte
                        isDigit = true
                    }
                case Self.symbol:
                    if nextIsLetter && (previousWasLetter || wordStart < 0 && byte != 0x40) { out = entry.leet }
                default:
                    break
                }
                guard out != 0 else {
                    if wordStart >= 0 {
                        appendToken(wordStart, originStart, originEnd, state, onlyDigits)
                        wordStart = -1
                    }
                    last = 0
                    onlyDigits = true
                    previousWasLetter = false
                    continue
                }
                if wordStart < 0 {
                    if !folded.isEmpty { folded.append(0x20) }
                    wordStart = folded.count
                    originStart = index
                    state = WordHash.seed
                }
                originEnd = index + 1
                if !isDigit { onlyDigits = false }
                previousWasLetter = !isDigit
                if isDigit || out != last {
                    folded.append(out)
                    state = WordHash.step(state, out)
                }
                last = isDigit ? 0 : out
            }
            if wordStart >= 0 { appendToken(wordStart, originStart, originEnd, state, onlyDigits) }
        }
    }

    @inline(__always) private mutating func appendToken(_ start: Int, _ originStart: Int, _ originEnd: Int, _ state: UInt64, _ onlyDigits: Bool) {
        let token = NormalisedText.Token(
            start: Int32(start), end: Int32(folded.count), originStart: Int32(originStart), originEnd: Int32(originEnd),
            hash: WordHash.finish(state), strippedHash: 0, kind: onlyDigits ? .number : .word)
        noteLength(token)
        tokens.append(token)
    }

    /// Counts one-letter words in a row, so that joining spaced letters is skipped when no run
    /// of three exists (almost always).
    @inline(__always) private mutating func noteLength(_ token: NormalisedText.Token) {
        if token.kind == .word && Self.isOneLetter(folded, token) {
            singleLetterRun += 1
            if singleLetterRun >= 3 { mayHaveSpacedLetters = true }
        } else {
            singleLetterRun = 0
        }
    }

    /// Turns the units of one raw word into words of the folded text.
    private mutating func emitWords() {
        var hasLetter = false
        var hasLatin = false
        var foreign = 0
        var foreignLookAlike = 0
        for unit in units where unit.fold.role == .letter {
            hasLetter = true
            if unit.fold.isLatin { hasLatin = true }
            if unit.fold.isCyrillicOrGreek {
                foreign += 1
                if unit.fold.lookAlike != nil { foreignLookAlike += 1 }
            }
        }
        // A Cyrillic or Greek word is left alone unless it hides among Latin letters or could be
        // drawn entirely with Latin ones: "pаypal" with a Cyrillic а, not "привет".
        let foldLookAlikes = foreign > 0 && (hasLatin || foreign == foreignLookAlike)

        var wordStart = -1
        var originStart: Int32 = 0
        var originEnd: Int32 = 0
        var last: Unicode.Scalar?
        var onlyDigits = true
        var previousWasLetter = false

        for i in units.indices {
            let unit = units[i]
            let nextIsLetter = i + 1 < units.count && units[i + 1].fold.role == .letter
            var scalar: Unicode.Scalar?
            var second: Unicode.Scalar?
            var isDigit = false
            switch unit.fold.role {
            case .letter:
                scalar = foldLookAlikes ? (unit.fold.lookAlike ?? unit.fold.first) : unit.fold.first
                second = unit.fold.second
            case .digit:
                // "k1ll" and "4ever" hide letters; "2024" and "+33 6…" are numbers.
                if hasLetter, let leet = unit.fold.leet, nextIsLetter || previousWasLetter {
                    scalar = leet
                } else {
                    scalar = unit.fold.first
                    isDigit = true
                }
            case .leetSymbol:
                // "f@ke", "sh!t", "$hut"; but "@name" is a handle and "end!" ends a sentence.
                if nextIsLetter && (previousWasLetter || wordStart < 0 && unit.fold.leet != "a") { scalar = unit.fold.leet }
            case .emoji, .ideograph:
                flush(&wordStart, originStart, originEnd, onlyDigits)
                last = nil
                onlyDigits = true
                previousWasLetter = false
                if !folded.isEmpty { folded.append(0x20) }
                let tokenStart = folded.count
                append(unit.fold.first)
                tokens.append(
                    NormalisedText.Token(
                        start: Int32(tokenStart), end: Int32(folded.count), originStart: unit.originStart, originEnd: unit.originEnd,
                        hash: WordHash.of(folded[tokenStart...]), strippedHash: 0, kind: unit.fold.role == .emoji ? .emoji : .ideograph))
                singleLetterRun = 0
                continue
            case .ignored, .separator:
                break
            }
            guard let scalar else {
                flush(&wordStart, originStart, originEnd, onlyDigits)
                last = nil
                onlyDigits = true
                previousWasLetter = false
                continue
            }
            if wordStart < 0 {
                if !folded.isEmpty { folded.append(0x20) }
                wordStart = folded.count
                originStart = unit.originStart
            }
            originEnd = unit.originEnd
            if !isDigit { onlyDigits = false }
            previousWasLetter = !isDigit
            // Repeated letters fold to one; digits are kept as written.
            if isDigit || scalar != last || second != nil {
                append(scalar)
                if let second { append(second) }
            }
            last = isDigit ? nil : (second ?? scalar)
        }
        flush(&wordStart, originStart, originEnd, onlyDigits)
    }

    private mutating func append(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value < 0x80 {
            folded.append(UInt8(value))
        } else if value < 0x800 {
            folded.append(UInt8(0xC0 | value >> 6))
            folded.append(UInt8(0x80 | value & 0x3F))
        } else if value < 0x10000 {
            folded.append(UInt8(0xE0 | value >> 12))
            folded.append(UInt8(0x80 | value >> 6 & 0x3F))
            folded.append(UInt8(0x80 | value & 0x3F))
        } else {
            folded.append(UInt8(0xF0 | value >> 18))
            folded.append(UInt8(0x80 | value >> 12 & 0x3F))
            folded.append(UInt8(0x80 | value >> 6 & 0x3F))
            folded.append(UInt8(0x80 | value & 0x3F))
        }
    }

    private mutating func flush(_ wordStart: inout Int, _ originStart: Int32, _ originEnd: Int32, _ onlyDigits: Bool) {
        guard wordStart >= 0 else { return }
        let start = wordStart
        wordStart = -1
        let end = folded.count
        let token = NormalisedText.Token(
            start: Int32(start), end: Int32(end), originStart: originStart, originEnd: originEnd,
            hash: WordHash.of(folded[start..<end]), strippedHash: Self.strippedHash(folded[start..<end]),
            kind: onlyDigits ? .number : .word)
        noteLength(token)
        tokens.append(token)
    }

    /// Arabic writes "and", "so", "with", "for" and "like" as one letter joined to the next word.
    private static func strippedHash(_ word: ArraySlice<UInt8>) -> UInt64 {
        guard word.count >= 8, word[word.startIndex] == 0xD9 || word[word.startIndex] == 0xD8 else { return 0 }
        let second = word[word.startIndex + 1]
        let lead = word[word.startIndex]
        // و U+0648 (D9 88), ف U+0641 (D9 81), ل U+0644 (D9 84), ك U+0643 (D9 83), ب U+0628 (D8 A8)
        let prefixed = lead == 0xD9 && (second == 0x88 || second == 0x81 || second == 0x84 || second == 0x83) || lead == 0xD8 && second == 0xA8
        return prefixed ? WordHash.of(word.dropFirst(2)) : 0
    }

    /// "k i l l" and "d.e.a.d" are one word: three or more one-letter words in a row are joined.
    private mutating func joinSpacedLetters() {
        var runs: [Range<Int>] = []
        var index = 0
        while index < tokens.count {
            var end = index
            while end < tokens.count, tokens[end].kind == .word, Self.isOneLetter(folded, tokens[end]) { end += 1 }
            if end - index >= 3 { runs.append(index..<end) }
            index = max(end, index + 1)
        }
        guard !runs.isEmpty else { return }
        var newFolded: [UInt8] = []
        var newTokens: [NormalisedText.Token] = []
        var next = 0
        func copy(_ token: NormalisedText.Token) -> NormalisedText.Token {
            var token = token
            if !newFolded.isEmpty { newFolded.append(0x20) }
            let start = newFolded.count
            newFolded.append(contentsOf: folded[Int(token.start)..<Int(token.end)])
            token.start = Int32(start)
            token.end = Int32(newFolded.count)
            return token
        }
        for run in runs {
            while next < run.lowerBound {
                newTokens.append(copy(tokens[next]))
                next += 1
            }
            if !newFolded.isEmpty { newFolded.append(0x20) }
            let start = newFolded.count
            var lastByte: UInt8?
            for token in tokens[run] {
                let letter = folded[Int(token.start)..<Int(token.end)]
                if letter.count == 1, letter.first == lastByte { continue }
                newFolded.append(contentsOf: letter)
                lastByte = letter.count == 1 ? letter.first : nil
            }
            let word = newFolded[start...]
            newTokens.append(
                NormalisedText.Token(
                    start: Int32(start), end: Int32(newFolded.count), originStart: tokens[run.lowerBound].originStart,
                    originEnd: tokens[run.upperBound - 1].originEnd, hash: WordHash.of(word), strippedHash: 0, kind: .word))
            next = run.upperBound
        }
        while next < tokens.count {
            newTokens.append(copy(tokens[next]))
            next += 1
        }
        folded = newFolded
        tokens = newTokens
    }

    private static func isOneLetter(_ folded: [UInt8], _ token: NormalisedText.Token) -> Bool {
        let length = Int(token.end - token.start)
        if length == 1 { return folded[Int(token.start)] >= 0x61 }
        // One non-ASCII letter: two or three bytes with a single lead byte.
        guard length <= 3 else { return false }
        return folded[Int(token.start) + 1..<Int(token.end)].allSatisfy { $0 & 0xC0 == 0x80 }
    }
}
