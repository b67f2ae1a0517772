public import HimayaCore
import HimayaDetection
import Foundation
import SQLKit

/// Text signals in `text_signals`; the spans and explanation (which quote the post) are sealed.
public struct SQLTextSignalLog: TextSignalLog {
    private let source: any SQLConnectionSource
    private let sealer: Sealer

    init(source: any SQLConnectionSource, sealer: Sealer) {
        self.source = source
        self.sealer = sealer
    }

    private struct Details: Codable {
        var spans: [TextSignal.Span]
        var explanation: String
        var people: [Int]
    }

    public func record(_ records: [TextSignalRecord]) async throws {
        guard !records.isEmpty else { return }
        let rows = try records.map { record -> (String, TextSignalRecord, String) in
            let id = UUID().uuidString.lowercased()
            let details = Details(spans: record.signal.spans, explanation: record.signal.explanation, people: record.signal.people)
            let sealed = try sealer.seal(String(decoding: try JSONEncoder().encode(details), as: UTF8.self), context: "text_signals.details:\(id)")
            return (id, record, sealed)
        }
        try await source.transaction { db in
            for (id, record, sealed) in rows {
                try await db.raw(
                    """
                    INSERT INTO text_signals (id, content_id, label, kind, score, rule, language, defenders, details_sealed, case_id, alert_requested, recorded_at)
                    VALUES (\(bind: id), \(bind: record.contentID), \(bind: record.signal.label.rawValue), \(bind: record.signal.kind),
                        \(bind: record.signal.score), \(bind: record.signal.rule), \(bind: record.signal.language),
                        \(bind: CodeList.encode(record.defenders.map(\.description))), \(bind: sealed), \(bind: record.caseID?.description),
                        \(bind: record.alertRequested ? 1 : 0), \(bind: Timestamp.millis(record.recordedAt)))
                    """
                ).run()
            }
        }
    }

    public func signals(in caseID: Case.ID) async throws -> [TextSignalRecord] {
        let rows = try await source.withConnection { db in
            try await db.raw("SELECT * FROM text_signals WHERE case_id = \(bind: caseID.description) ORDER BY recorded_at, id").all()
        }
        return try rows.compactMap { row -> TextSignalRecord? in
            let id = try row.decode(column: "id", as: String.self)
            guard let label = TextSignal.Label(rawValue: try row.decode(column: "label", as: String.self)) else { return nil }
            let opened = try sealer.openText(try row.decode(column: "details_sealed", as: String.self), context: "text_signals.details:\(id)")
            let details = try JSONDecoder().decode(Details.self, from: Data(opened.utf8))
            let signal = TextSignal(
                label: label, kind: try row.decode(column: "kind", as: String.self), score: try row.decode(column: "score", as: Double.self),
                rule: try row.decode(column: "rule", as: String.self), language: try row.decode(column: "language", as: String?.self),
                spans: details.spans, people: details.people, explanation: details.explanation)
            return TextSignalRecord(
                contentID: try row.decode(column: "content_id", as: String.self), signal: signal,
                defenders: CodeList.decode(try row.decode(column: "defenders", as: String.self)).compactMap(Defender.ID.init),
                caseID: caseID, alertRequested: try row.decode(column: "alert_requested", as: Int64.self) != 0,
                recordedAt: Timestamp.date(try row.decode(column: "recorded_at", as: Int64.self)))
        }
    }

    public func countsByKind() async throws -> [String: Int] {
        let rows = try await source.withConnection { db in
            try await db.raw("SELECT label, kind, COUNT(*) AS count FROM text_signals GROUP BY label, kind").all()
        }
        var counts: [String: Int] = [:]
        for row in rows {
            counts["\(try row.decode(column: "label", as: String.self)).\(try row.decode(column: "kind", as: String.self))"] = try row.decode(column: "count", as: Int.self)
        }
        return counts
    }
}
