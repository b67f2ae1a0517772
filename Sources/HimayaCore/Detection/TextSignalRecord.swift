public import Foundation
public import HimayaDetection

/// A text signal as kept: which content, which case it opened or joined, what was found. The
/// spans quote the post, so they are sealed at rest.
public struct TextSignalRecord: Sendable, Equatable {
    public var contentID: String
    public var signal: TextSignal
    /// The defenders concerned, by the automaton's person order resolved to ids.
    public var defenders: [Defender.ID]
    public var caseID: Case.ID?
    public var alertRequested: Bool
    public var recordedAt: Date

    public init(contentID: String, signal: TextSignal, defenders: [Defender.ID], caseID: Case.ID?, alertRequested: Bool, recordedAt: Date) {
        self.contentID = contentID
        self.signal = signal
        self.defenders = defenders
        self.caseID = caseID
        self.alertRequested = alertRequested
        self.recordedAt = recordedAt
    }
}

/// Where text signals are kept, for the case page and for figures.
public protocol TextSignalLog: Sendable {
    func record(_ records: [TextSignalRecord]) async throws
    func signals(in caseID: Case.ID) async throws -> [TextSignalRecord]
    /// Signals by label and kind, for figures.
    func countsByKind() async throws -> [String: Int]
}
