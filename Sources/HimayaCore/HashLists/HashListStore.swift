public import Foundation
public import HimayaDetection

/// Where hash lists and their hashes are kept. A defender's reference-photo hashes are sealed.
public protocol HashListStore: Sendable {
    /// Creates a list; `StoreError.conflict` when the name is taken.
    func create(_ list: HashList, by actor: String) async throws
    func lists() async throws -> [(list: HashList, entries: Int)]
    func list(id: HashList.ID) async throws -> HashList?
    /// The reference-photo list of a defender, if they have one.
    func referenceList(of defender: Defender.ID) async throws -> HashList?
    /// Adds hashes (those already on the list are skipped) in one transaction; returns how many were new.
    func add(_ signals: [HashSignal], to list: HashList.ID, by actor: String, at date: Date) async throws -> Int
    /// Removes one hash; false when the list did not hold it.
    func remove(_ signal: HashSignal, from list: HashList.ID, by actor: String) async throws -> Bool
    func entries(of list: HashList.ID) async throws -> [HashSignal]
    /// Every hash of every list, unsealed, to build the matcher.
    func allEntries() async throws -> [HashListEntry]
    func delete(_ list: HashList.ID, by actor: String) async throws
    /// Changes whenever any list or hash changes, so every process can tell when to reload.
    func changeMark() async throws -> Int64
}

/// A record of what scanning found, kept for counting and for the case it led to.
public struct MediaSignalRecord: Sendable, Equatable {
    public var contentID: String
    public var signal: MediaSignal
    public var caseID: Case.ID?
    public var alertRequested: Bool
    public var recordedAt: Date

    public init(contentID: String, signal: MediaSignal, caseID: Case.ID?, alertRequested: Bool, recordedAt: Date) {
        self.contentID = contentID
        self.signal = signal
        self.caseID = caseID
        self.alertRequested = alertRequested
        self.recordedAt = recordedAt
    }
}

/// The log of media signals.
public protocol MediaSignalLog: Sendable {
    func record(_ records: [MediaSignalRecord]) async throws
    /// Signals by kind, for figures.
    func countsByKind() async throws -> [String: Int]
    func signals(in caseID: Case.ID) async throws -> [MediaSignalRecord]
}
