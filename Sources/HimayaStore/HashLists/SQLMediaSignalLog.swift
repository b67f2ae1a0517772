public import HimayaCore
import Foundation
import SQLKit

/// What media scanning found, in `media_signals`: content ids and figures, never the image.
public struct SQLMediaSignalLog: MediaSignalLog {
    private let source: any SQLConnectionSource

    init(source: any SQLConnectionSource) { self.source = source }

    public func record(_ records: [MediaSignalRecord]) async throws {
        guard !records.isEmpty else { return }
        try await source.transaction { db in
            for record in records {
                let signal = record.signal
                try await db.raw(
                    """
                    INSERT INTO media_signals (id, content_id, media_index, kind, list_id, defender_id, distance, quality, explanation,
                        case_id, alert_requested, recorded_at)
                    VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: record.contentID), \(bind: signal.mediaIndex), \(bind: signal.kind.rawValue),
                        \(bind: signal.listID?.description), \(bind: signal.defenderID?.description), \(bind: signal.distance), \(bind: signal.quality),
                        \(bind: signal.explanation), \(bind: record.caseID?.description), \(bind: record.alertRequested ? 1 : 0),
                        \(bind: Timestamp.millis(record.recordedAt)))
                    """
                ).run()
            }
        }
    }

    public func countsByKind() async throws -> [String: Int] {
        try await source.withConnection { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw("SELECT kind, COUNT(*) AS n FROM media_signals GROUP BY kind").all() {
                counts[try row.decode(column: "kind", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    public func signals(in caseID: Case.ID) async throws -> [MediaSignalRecord] {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM media_signals WHERE case_id = \(bind: caseID.description) ORDER BY recorded_at, media_index").all().compactMap { row in
                guard let kind = MediaSignal.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
                let signal = MediaSignal(
                    kind: kind, mediaIndex: try row.decode(column: "media_index", as: Int.self),
                    listID: try row.decode(column: "list_id", as: String?.self).flatMap(HashList.ID.init),
                    defenderID: try row.decode(column: "defender_id", as: String?.self).flatMap(Defender.ID.init),
                    distance: try row.decode(column: "distance", as: Int?.self), quality: try row.decode(column: "quality", as: Int?.self),
                    explanation: try row.decode(column: "explanation", as: String.self))
                return MediaSignalRecord(
                    contentID: try row.decode(column: "content_id", as: String.self), signal: signal, caseID: caseID,
                    alertRequested: try row.decode(column: "alert_requested", as: Int.self) == 1,
                    recordedAt: Timestamp.date(try row.decode(column: "recorded_at", as: Int64.self)))
            }
        }
    }
}
