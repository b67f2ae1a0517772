public import Foundation

/// A name, alias or handle a defender asked to be watched for, in any script.
public struct WatchTerm: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<WatchTerm>

    /// What the term is to the defender.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case name, alias, handle
    }

    public var id: ID
    public var defenderID: Defender.ID
    public var kind: Kind
    public var term: String
    public var addedAt: Date

    public init(id: ID = ID(), defenderID: Defender.ID, kind: Kind, term: String, addedAt: Date) {
        self.id = id
        self.defenderID = defenderID
        self.kind = kind
        self.term = term
        self.addedAt = addedAt
    }

    /// Longest term accepted, in characters.
    public static let maximumLength = 120
    /// How many terms one defender may have watched.
    public static let maximumTerms = 50

    /// Why a term cannot be watched, as a catalogue key; nil when it can.
    public static func problem(with term: String) -> String? {
        let trimmed = term.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count < 2 { return "watch_term_error_short" }
        if trimmed.count > maximumLength { return "watch_term_error_long" }
        return nil
    }
}

/// A protected person as detection sees them: who, and every name to look for.
public struct ProtectedPerson: Sendable, Equatable {
    public var defenderID: Defender.ID
    public var names: [String]

    public init(defenderID: Defender.ID, names: [String]) {
        self.defenderID = defenderID
        self.names = names
    }
}

/// One post aimed at a protected person, kept for pile-on detection: the author as a keyed hash
/// and the text as a 64-bit SimHash only, never the words.
public struct MentionEvent: Sendable, Equatable {
    public var defenderID: Defender.ID
    public var authorIndex: String
    public var textFingerprint: UInt64
    public var harmful: Bool
    public var seenAt: Date
    /// The author's platform account, kept sealed so a pile-on can be blocked in one action; not read back with the events.
    public var author: String?

    public init(defenderID: Defender.ID, authorIndex: String, textFingerprint: UInt64, harmful: Bool, seenAt: Date, author: String? = nil) {
        self.author = author
        self.defenderID = defenderID
        self.authorIndex = authorIndex
        self.textFingerprint = textFingerprint
        self.harmful = harmful
        self.seenAt = seenAt
    }
}

/// Where watched terms and mention events are kept. Only defenders who consent to mention
/// detection are watched; withdrawing that consent deletes their terms and events.
public protocol WatchList: Sendable {
    func add(_ term: WatchTerm) async throws
    func remove(_ id: WatchTerm.ID, of defender: Defender.ID) async throws
    func terms(of defender: Defender.ID) async throws -> [WatchTerm]
    /// Everyone to watch for, with their display name and terms.
    func protectedPeople() async throws -> [ProtectedPerson]
    /// Moves whenever who is watched, or for what, may have changed.
    func changeMark() async throws -> Int64
    func record(_ events: [MentionEvent]) async throws
    /// Events about a defender since a moment, oldest first.
    func mentions(of defender: Defender.ID, since: Date) async throws -> [MentionEvent]
    /// The distinct authors of events about the defender since `date`: keyed index and account.
    func authors(of defender: Defender.ID, since: Date) async throws -> [(index: String, account: String)]
}
