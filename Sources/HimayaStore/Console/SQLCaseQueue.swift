import Foundation
public import HimayaCore
import SQLKit

/// The queue and the inside of cases, for responders. Unsealing happens here, and every unsealing of
/// what a reporter wrote or sent is written to the audit log in the same transaction.
public struct SQLCaseQueue: CaseQueue {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let clock: WallClock

    init(source: any SQLConnectionSource, sealer: Sealer, clock: WallClock) {
        self.source = source
        self.sealer = sealer
        self.clock = clock
    }

    public func openCases(filter: QueueFilter, viewer: StaffAccount, limit: Int) async throws -> [QueueEntry] {
        var conditions: [SQLQueryString] = ["status IN ('new', 'in_progress', 'waiting_for_reporter')"]
        if let language = filter.language { conditions.append("language = \(bind: language)") }
        if let country = filter.country { conditions.append("country = \(bind: country)") }
        if let region = filter.region { conditions.append("country IN (\(binds: Self.countries(of: [region])))") }
        if let category = filter.category { conditions.append("category = \(bind: category.rawValue)") }
        if let status = filter.status { conditions.append("status = \(bind: status.rawValue)") }
        if let assignee = filter.mine ? viewer.id : filter.assignee { conditions.append("assignee_id = \(bind: assignee.description)") }
        // The viewer's reach first: their languages, and the countries of the regions they cover.
        // Each language and country is read along its own index, at most one page each, and the pieces
        // merged here; the rest follows in queue order. With a million cases the first page stays fast
        // whether the viewer's reach holds many open cases or none.
        if viewer.regions.contains(where: { $0.lowercased() == "global" }) { return try await page(conditions, limit: limit) }
        var inReach: [Case.ID: QueueEntry] = [:]
        for language in Set(viewer.languages) {
            for entry in try await page(conditions + ["language = \(bind: language)"], limit: limit) { inReach[entry.caseFile.id] = entry }
        }
        for country in Set(Self.countryCodes(of: viewer.regions)) {
            for entry in try await page(conditions + ["country = \(bind: country)"], limit: limit) { inReach[entry.caseFile.id] = entry }
        }
        let first = inReach.values.sorted(by: Self.queueOrder).prefix(limit)
        guard first.count < limit, !filter.onlyInReach else { return Array(first) }
        let languages: [any Encodable & Sendable] = viewer.languages.isEmpty ? [Self.nothing] : viewer.languages
        let countries = Self.countries(of: viewer.regions)
        let outOfReach: SQLQueryString =
            "NOT (COALESCE(language, '\(unsafeRaw: Self.nothing)') IN (\(binds: languages)) OR country IN (\(binds: countries)))"
        return Array(first) + (try await page(conditions + [outOfReach], limit: limit - first.count))
    }

    static func queueOrder(_ left: QueueEntry, _ right: QueueEntry) -> Bool {
        (left.caseFile.priority, left.caseFile.firstResponseDue) < (right.caseFile.priority, right.caseFile.firstResponseDue)
    }

    static func countryCodes(of regions: [String]) -> [String] {
        regions.flatMap { Regions.countries[$0].map(Array.init) ?? [$0.uppercased()] }
    }

    /// A value no language or country code can be, for an empty IN list.
    static let nothing = "-"

    static func countries(of regions: [String]) -> [any Encodable & Sendable] {
        let codes = countryCodes(of: regions)
        return codes.isEmpty ? [nothing] : codes
    }

    private func page(_ conditions: [SQLQueryString], limit: Int) async throws -> [QueueEntry] {
        var query: SQLQueryString = "SELECT * FROM cases WHERE "
        for (index, condition) in conditions.enumerated() {
            if index > 0 { query.appendLiteral(" AND ") }
            query.appendInterpolation(condition)
        }
        query.appendLiteral(" ORDER BY priority, first_response_due LIMIT ")
        query.appendInterpolation(bind: limit)
        let final = query
        return try await source.withConnection { db in
            try await db.raw(final).all().map(Self.entry(from:))
        }
    }

    public func entry(_ id: Case.ID) async throws -> QueueEntry? {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM cases WHERE id = \(bind: id.description)").first().map(Self.entry(from:))
        }
    }

    public func claim(_ id: Case.ID, by staff: StaffAccount.ID) async throws -> Bool {
        try await source.transaction { [clock, engine = source.engine] db in
            // One statement decides the race: only an unheld case takes the claim.
            let claimed = try await db.raw(
                """
                UPDATE cases SET assignee_id = \(bind: staff.description), updated_at = \(bind: Timestamp.millis(clock.now))
                WHERE id = \(bind: id.description) AND assignee_id IS NULL RETURNING id
                """
            ).all()
            guard !claimed.isEmpty else { return false }
            try await SQLAuditTrail.append(
                AuditEntry(actor: "staff:\(staff)", action: "case.claimed", subject: "case:\(id)"), on: db, engine: engine, at: clock.now)
            return true
        }
    }

    public func assign(_ id: Case.ID, to staff: StaffAccount.ID?, by actor: StaffAccount.ID) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            try await db.raw(
                """
                UPDATE cases SET assignee_id = \(bind: staff?.description), updated_at = \(bind: Timestamp.millis(clock.now))
                WHERE id = \(bind: id.description)
                """
            ).run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: "staff:\(actor)", action: staff == nil ? "case.released" : "case.assigned", subject: "case:\(id)",
                           detail: staff.map { ["to": "staff:\($0)"] } ?? [:]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func reports(in id: Case.ID, readBy staff: StaffAccount.ID) async throws -> [Report] {
        let rows = try await source.transaction { [clock, engine = source.engine] db in
            let rows = try await db.raw("SELECT * FROM reports WHERE case_id = \(bind: id.description) ORDER BY received_at, id").all()
            try await SQLAuditTrail.append(
                AuditEntry(actor: "staff:\(staff)", action: "case.reports_read", subject: "case:\(id)", detail: ["reports": String(rows.count)]),
                on: db, engine: engine, at: clock.now)
            return rows
        }
        return try rows.map { try SealedReport.open($0, sealer: sealer) }
    }

    public func evidence(in id: Case.ID) async throws -> [EvidenceFile] {
        let rows = try await source.withConnection { db in
            try await db.raw(
                """
                SELECT id, media_type, name_sealed, size, sha256, received_at FROM evidence_files
                WHERE case_id = \(bind: id.description) ORDER BY received_at, id
                """
            ).all()
        }
        return try rows.map(evidenceFile(from:))
    }

    public func openEvidence(_ id: EvidenceFile.ID, original: Bool, by staff: StaffAccount.ID) async throws -> (EvidenceFile, [UInt8])? {
        let column = original ? "original_sealed" : "redacted_sealed"
        let context = original ? "evidence_files.original" : "evidence_files.redacted"
        let row = try await source.transaction { [clock, engine = source.engine] db in
            let row = try await db.raw(
                "SELECT id, case_id, media_type, name_sealed, size, sha256, received_at, \(unsafeRaw: column) AS sealed FROM evidence_files WHERE id = \(bind: id.description)"
            ).first()
            guard let row else { return nil as (any SQLRow)? }
            try await SQLAuditTrail.append(
                AuditEntry(
                    actor: "staff:\(staff)", action: "evidence.opened", subject: "case:\(try row.decode(column: "case_id", as: String.self))",
                    detail: ["file": id.description, "copy": original ? "original" : "without_metadata"]),
                on: db, engine: engine, at: clock.now)
            return row
        }
        guard let row else { return nil }
        let bytes = try sealer.open(try row.decode(column: "sealed", as: String.self), context: "\(context):\(id)")
        return (try evidenceFile(from: row), Array(bytes))
    }

    public func addNote(_ note: CaseNote) async throws {
        let body = try sealer.seal(note.body, context: "case_notes.body:\(note.id)")
        try await source.transaction { [clock, engine = source.engine] db in
            try await db.raw(
                """
                INSERT INTO case_notes (id, case_id, staff_id, body_sealed, written_at)
                VALUES (\(bind: note.id.description), \(bind: note.caseID.description), \(bind: note.staffID.description), \(bind: body),
                    \(bind: Timestamp.millis(note.writtenAt)))
                """
            ).run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: "staff:\(note.staffID)", action: "case.note_added", subject: "case:\(note.caseID)"),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func notes(in id: Case.ID) async throws -> [CaseNote] {
        let rows = try await source.withConnection { db in
            try await db.raw("SELECT * FROM case_notes WHERE case_id = \(bind: id.description) ORDER BY written_at, id").all()
        }
        return try rows.map { row in
            let noteID = CaseNote.ID(try row.decode(column: "id", as: String.self)) ?? CaseNote.ID()
            return CaseNote(
                id: noteID, caseID: id,
                staffID: StaffAccount.ID(try row.decode(column: "staff_id", as: String.self)) ?? StaffAccount.ID(),
                body: try sealer.openText(try row.decode(column: "body_sealed", as: String.self), context: "case_notes.body:\(noteID)"),
                writtenAt: Timestamp.date(try row.decode(column: "written_at", as: Int64.self)))
        }
    }

    public func answer(_ message: ReportMessage, in id: Case.ID) async throws {
        let sealed = try SealedMessage(message, sealer: sealer)
        try await source.transaction { [clock, engine = source.engine] db in
            try await sealed.insert(on: db)
            let now = Timestamp.millis(clock.now)
            try await db.raw(
                """
                UPDATE cases SET answered_at = COALESCE(answered_at, \(bind: now)),
                    status = CASE WHEN status = 'new' THEN 'in_progress' ELSE status END, updated_at = \(bind: now)
                WHERE id = \(bind: id.description)
                """
            ).run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: message.staffID.map { "staff:\($0)" } ?? "system", action: "message.sent", subject: "case:\(id)",
                           detail: ["message": message.id.description, "report": message.reportID.description]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func timeline(of id: Case.ID) async throws -> [AuditEvent] {
        try await source.withConnection { db in
            let reports = try await db.raw("SELECT id FROM reports WHERE case_id = \(bind: id.description)").all()
                .map { "report:" + (try $0.decode(column: "id", as: String.self)) }
            let subjects = ["case:\(id)"] + reports
            return try await db.raw(
                "SELECT * FROM audit_events WHERE subject IN (\(binds: subjects)) ORDER BY sequence"
            ).all().map(SQLAuditTrail.event(from:))
        }
    }

    public func recordExposure(of staff: StaffAccount.ID, day: String) async throws -> Int {
        try await source.transaction { db in
            try await db.raw(
                """
                INSERT INTO staff_exposure (staff_id, day, opened) VALUES (\(bind: staff.description), \(bind: day), 1)
                ON CONFLICT (staff_id, day) DO UPDATE SET opened = staff_exposure.opened + 1
                """
            ).run()
            return try await db.raw(
                "SELECT opened FROM staff_exposure WHERE staff_id = \(bind: staff.description) AND day = \(bind: day)"
            ).first()?.decode(column: "opened", as: Int.self) ?? 0
        }
    }

    public func exposure(of staff: StaffAccount.ID, day: String) async throws -> Int {
        try await source.withConnection { db in
            try await db.raw(
                "SELECT opened FROM staff_exposure WHERE staff_id = \(bind: staff.description) AND day = \(bind: day)"
            ).first()?.decode(column: "opened", as: Int.self) ?? 0
        }
    }

    public func openCasesByLanguage() async throws -> [String?: Int] {
        try await source.withConnection { db in
            var counts: [String?: Int] = [:]
            for row in try await db.raw(
                "SELECT language, COUNT(*) AS count FROM cases WHERE status IN ('new', 'in_progress', 'waiting_for_reporter') GROUP BY language"
            ).all() {
                counts[try row.decode(column: "language", as: String?.self)] = try row.decode(column: "count", as: Int.self)
            }
            return counts
        }
    }

    static func entry(from row: any SQLRow) throws -> QueueEntry {
        QueueEntry(
            caseFile: try SQLReportDesk.caseFile(from: row),
            assignee: try row.decode(column: "assignee_id", as: String?.self).flatMap(StaffAccount.ID.init),
            answered: try row.decode(column: "answered_at", as: Int64?.self) != nil)
    }

    private func evidenceFile(from row: any SQLRow) throws -> EvidenceFile {
        try SealedEvidence.file(from: row, sealer: sealer)
    }
}
