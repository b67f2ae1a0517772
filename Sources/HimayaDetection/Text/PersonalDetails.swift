/// Finds the personal details that doxxing posts carry, on the original text: phone numbers,
/// e-mail addresses, geographic coordinates, street addresses, and identity or licence-plate
/// numbers. On its own a phone number is ordinary; beside a protected person it is a signal.
public enum PersonalDetails {
    /// One detail and where it is (UTF-8 byte offsets in the original).
    public struct Detail: Sendable, Equatable {
        public enum Kind: String, Sendable { case phone, email, coordinates, streetAddress = "street_address", identityNumber = "identity_number" }
        public var kind: Kind
        public var bytes: Range<Int>
    }

    /// Words that name a street in the four first languages; a number next to one is an address.
    /// As folded-word hashes, which every token carries: no string per word.
    static let streetWordHashes: WordSet = {
        var normaliser = TextNormaliser()
        var words = WordSet()
        for token in streetWordsAsWritten.flatMap({ normaliser.normalise($0).tokens }) { words.insert(token.hash) }
        return words
    }()

    static let streetWordsAsWritten: [String] = [
        "street", "st", "avenue", "ave", "road", "rd", "lane", "boulevard", "blvd", "drive", "apt", "apartment", "flat",
        "rue", "avenue", "bd", "chemin", "impasse", "allee", "place", "appartement",
        "calle", "avenida", "av", "carrera", "paseo", "piso", "depto", "departamento", "colonia", "barrio",
        "شارع", "حي", "عماره", "شقه", "طريق", "زنقه", "درب",
    ]

    public static func find(in text: String) -> [Detail] {
        var normaliser = TextNormaliser()
        return find(in: normaliser.normalise(text))
    }

    /// The same on a text already folded (the street words are read from its words).
    public static func find(in text: NormalisedText) -> [Detail] {
        // Every detail but an e-mail address holds a number, and an address an @: most posts
        // that name someone hold neither and are let go without a byte-by-byte read.
        let hasNumber = text.tokens.contains { $0.kind == .number }
        var original = text.original
        let (hasDigit, hasAt) = original.withUTF8 { utf8 in (hasNumber || utf8.contains(where: isDigit), utf8.contains(0x40)) }
        guard hasDigit || hasAt else { return [] }
        let bytes = Array(text.original.utf8)
        var found: [Detail] = []
        if hasDigit { found += phones(bytes) }
        if hasAt { found += emails(bytes) }
        if hasDigit { found += coordinates(bytes) }
        if hasNumber { found += addresses(text) }
        if hasDigit { found += identityNumbers(bytes) }
        // A coordinate pair is not also a phone number.
        return found.filter { detail in
            detail.kind != .phone || !found.contains { $0.kind == .coordinates && $0.bytes.overlaps(detail.bytes) }
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Eight to fifteen digits with the separators people type: "+33 6 12 34 56 78", "(555) 123-4567".
    static func phones(_ bytes: [UInt8]) -> [Detail] {
        func isSeparator(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x2D || byte == 0x2E || byte == 0x28 || byte == 0x29 }
        func isWordByte(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte == 0x2E }
        var found: [Detail] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard isDigit(byte) || byte == 0x2B || byte == 0x28, index == 0 || !isWordByte(bytes[index - 1]) else {
                index += 1
                continue
            }
            var end = index
            var digits = 0
            var lastDigit = index
            var separators = 0
            while end < bytes.count {
                let current = bytes[end]
                if isDigit(current) {
                    digits += 1
                    lastDigit = end
                    separators = 0
                } else if isSeparator(current) || current == 0x2B && end == index {
                    separators += 1
                    if separators > 2 { break }
                } else {
                    break
                }
                end += 1
            }
            let followedByWord = lastDigit + 1 < bytes.count && (bytes[lastDigit + 1] | 0x20) >= 0x61 && (bytes[lastDigit + 1] | 0x20) <= 0x7A
            if (8...15).contains(digits), !followedByWord { found.append(Detail(kind: .phone, bytes: index..<lastDigit + 1)) }
            index = max(end, index + 1)
        }
        return found
    }

    static func emails(_ bytes: [UInt8]) -> [Detail] {
        func isLocal(_ byte: UInt8) -> Bool {
            isDigit(byte) || (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte == 0x2E || byte == 0x5F || byte == 0x2D || byte == 0x2B
        }
        var found: [Detail] = []
        for (at, byte) in bytes.enumerated() where byte == 0x40 {
            var start = at
            while start > 0, isLocal(bytes[start - 1]) { start -= 1 }
            var end = at + 1
            var dots = 0
            while end < bytes.count, isLocal(bytes[end]) && bytes[end] != 0x2B {
                if bytes[end] == 0x2E { dots += 1 }
                end += 1
            }
            while end > at + 1, bytes[end - 1] == 0x2E {
                end -= 1
                dots -= 1
            }
            if start < at, dots >= 1, end - at > 3 { found.append(Detail(kind: .email, bytes: start..<end)) }
        }
        return found
    }

    /// "48.8566, 2.3522" or "-12.0464 -77.0428": two decimals with at least three places.
    static func coordinates(_ bytes: [UInt8]) -> [Detail] {
        var found: [Detail] = []
        var index = 0
        func decimal(_ from: Int) -> Int? {
            var at = from
            if at < bytes.count, bytes[at] == 0x2D { at += 1 }
            let whole = at
            while at < bytes.count, isDigit(bytes[at]) { at += 1 }
            guard at - whole >= 1, at - whole <= 3, at < bytes.count, bytes[at] == 0x2E else { return nil }
            at += 1
            let fraction = at
            while at < bytes.count, isDigit(bytes[at]) { at += 1 }
            return at - fraction >= 3 ? at : nil
        }
        while index < bytes.count {
            if index == 0 || !isDigit(bytes[index - 1]) && bytes[index - 1] != 0x2E, let first = decimal(index) {
                var at = first
                while at < bytes.count, bytes[at] == 0x2C || bytes[at] == 0x20 || bytes[at] == 0x3B { at += 1 }
                if at > first, let second = decimal(at) {
                    found.append(Detail(kind: .coordinates, bytes: index..<second))
                    index = second
                    continue
                }
            }
            index += 1
        }
        return found
    }

    /// A house number beside a street word: "12 rue des Lilas", "Calle 45 #12-30", "شارع 9".
    static func addresses(_ folded: NormalisedText) -> [Detail] {
        var found: [Detail] = []
        for (index, token) in folded.tokens.enumerated() where token.kind == .word && streetWordHashes.contains(token.hash) {
            let near = max(0, index - 2)...min(folded.tokens.count - 1, index + 2)
            guard let number = near.first(where: { folded.tokens[$0].kind == .number }) else { continue }
            let words = min(index, number)..<min(folded.tokens.count, max(index, number) + 3)
            found.append(Detail(kind: .streetAddress, bytes: folded.originRange(words)))
        }
        return found
    }

    /// Runs of 6 to 12 capitals and digits with both kinds, as identity cards and plates are
    /// written ("AB-123-CD", "X1234567Z").
    static func identityNumbers(_ bytes: [UInt8]) -> [Detail] {
        var found: [Detail] = []
        var index = 0
        while index < bytes.count {
            let start = index
            var letters = 0
            var digits = 0
            while index < bytes.count {
                let byte = bytes[index]
                if isDigit(byte) {
                    digits += 1
                } else if byte >= 0x41 && byte <= 0x5A {
                    letters += 1
                } else if byte == 0x2D && index > start {
                } else {
                    break
                }
                index += 1
            }
            let boundedBefore = start == 0 || !((bytes[start - 1] | 0x20) >= 0x61 && (bytes[start - 1] | 0x20) <= 0x7A)
            if boundedBefore, letters >= 1, digits >= 3, (6...12).contains(letters + digits) { found.append(Detail(kind: .identityNumber, bytes: start..<index)) }
            index = max(index, start + 1)
        }
        return found
    }
}
