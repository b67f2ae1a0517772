/// The code a reporter keeps to follow their case: 100 random bits as 20 characters in groups of
/// four, from an alphabet without look-alikes (no I, L, O, U), so it can be read aloud and typed on a
/// phone. Only its hash is stored; the code is shown once.
public struct ReceiptCode: Sendable, Equatable, CustomStringConvertible {
    /// Crockford's base32: digits and letters that are hard to confuse.
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    static let length = 20

    /// The characters without separators.
    public let canonical: String

    /// A new code from `generator`.
    public static func generate(using generator: inout some RandomNumberGenerator) -> ReceiptCode {
        ReceiptCode(canonical: String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }))
    }

    public static func generate() -> ReceiptCode {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    private init(canonical: String) { self.canonical = canonical }

    /// Reads what a person typed: any case, spaces and dashes ignored, O read as 0 and I or L as 1.
    /// Nil when it cannot be a code, so obvious typos are caught before any lookup.
    public init?(typed: String) {
        var characters: [Character] = []
        for character in typed.uppercased() {
            switch character {
            case " ", "-", "\t", "\n", "\r": continue
            case "O": characters.append("0")
            case "I", "L": characters.append("1")
            default:
                guard Self.alphabet.contains(character) else { return nil }
                characters.append(character)
            }
        }
        guard characters.count == Self.length else { return nil }
        self.canonical = String(characters)
    }

    /// `7KQ2-M9XD-...`, as shown to the reporter.
    public var description: String {
        stride(from: 0, to: canonical.count, by: 4).map { start in
            let from = canonical.index(canonical.startIndex, offsetBy: start)
            return String(canonical[from..<canonical.index(from, offsetBy: 4)])
        }.joined(separator: "-")
    }
}
