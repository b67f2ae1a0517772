import Foundation
import HimayaCore
import HimayaDetection
import HimayaStore
import Hummingbird

/// `POST /api/v1/content/scan`: the platform sends a batch of content items; each item's text is
/// read by text detection and its media (image bytes, or hashes the platform computed) matched
/// against every hash list, and the signals come back per item. The text rules and the lists'
/// policies decide what opens or joins a case and what alerts the defender concerned; an altered
/// photo of a defender with a threat beside it raises the case's priority.
struct ScanAPIController {
    let himaya: Himaya

    static let maximumItems = 100
    static let maximumMedia = 8
    static let maximumImageBytes = 10 * 1024 * 1024
    static let bodyLimit = 36 * 1024 * 1024
    static let maximumTextLength = 10_000
    static let maximumMentions = 20
    static let maximumNameLength = 200

    func register(on group: RouterGroup<AppRequestContext>) {
        group.group("content").add(middleware: PlatformKeyMiddleware(himaya: himaya, scope: .contentScan)).post("scan", use: scan)
    }

    struct Batch: Decodable {
        struct Item: Decodable {
            struct Media: Decodable {
                var imageBase64: String?
                var pdq: String?
                var quality: Int?
                var md5: String?
                var sha256: String?
            }

            var id: String
            var authorId: String?
            /// The author's display name or handle, checked for impersonation.
            var authorName: String?
            var text: String?
            var languageHint: String?
            var mentions: [String]?
            var time: String?
            var media: [Media]?
            /// How it reaches the accounts in `mentions`: `post`, `reply`, `mention` or `message`.
            var kind: String?
            /// When the author's account was made (ISO 8601), for shields that hold new accounts.
            var authorCreatedAt: String?
        }

        var items: [Item]
    }

    struct Answer: Encodable, ResponseEncodable {
        struct Item: Encodable {
            var id: String
            var signals: [Signal]
            var problems: [Problem]
            var caseReference: String?
            var casePriority: String?
            var alertsRequested: Int
            /// Shielded defenders the platform should hold this item from, and why.
            var held: [Held]
        }

        struct Held: Encodable {
            var defenderId: String
            var reasons: [String]
        }

        struct Signal: Encodable {
            var source = "media"
            var kind: String
            var mediaIndex: Int?
            var listID: String?
            var listName: String?
            var listCategory: String?
            var distance: Int?
            var quality: Int?
            var label: String?
            var score: Double?
            var rule: String?
            var language: String?
            var spans: [TextSignal.Span]?
            var explanation: String
        }

        struct Problem: Encodable {
            var mediaIndex: Int
            var message: String
        }

        var items: [Item]
    }

    @Sendable func scan(request: Request, context: AppRequestContext) async throws -> Answer {
        var request = request
        let body = try await request.collectBody(upTo: Self.bodyLimit)
        guard let batch = try? JSONDecoder().decode(Batch.self, from: Data(Array(buffer: body))) else { throw AppError.badRequest }
        let prepared = try Self.validate(batch)
        try await himaya.hashLibrary.refreshIfStale(from: himaya.store, at: himaya.clock.now)
        try await himaya.textLibrary.refreshIfStale(from: himaya.store, at: himaya.clock.now)
        let scanned = MediaScanner(library: himaya.hashLibrary).scan(prepared)
        var answers: [Answer.Item] = []
        var reader = TextDetector.Reader(posts: batch.items.count)
        for (item, results) in zip(batch.items, scanned) {
            var signals: [MediaSignal] = []
            var problems: [Answer.Problem] = []
            for (index, result) in results.enumerated() {
                signals += result.signals
                if let problem = result.problem { problems.append(.init(mediaIndex: index, message: problem)) }
            }
            let outcome = MediaOutcome.decide(signals)
            let now = himaya.clock.now
            var text: TextScanner.Result?
            if !(item.text ?? "").isEmpty || item.authorName != nil {
                text = try await TextScanner(himaya: himaya).scan(
                    TextScanner.Item(
                        contentID: item.id, text: item.text ?? "", authorID: item.authorId, authorName: item.authorName, mentions: item.mentions ?? [],
                        languageHint: item.languageHint),
                    at: now, reader: &reader)
            }
            // One case per item: an altered photo keeps its category and takes the threat as a
            // priority factor; otherwise the media's category, else the text's.
            let textOutcome = text?.outcome
            let category = outcome.caseCategory ?? textOutcome?.caseCategory
            let textDefender = textOutcome?.alerts.first.flatMap { alert in alert.signal.people.first.flatMap { text?.defenders[$0] } }
                ?? text?.signals.first { $0.label != .mention }.flatMap { $0.people.first }.flatMap { text?.defenders[$0] }
            var filed: FiledReport?
            if let category {
                filed = try await CaseOpening(himaya: himaya).file(
                    contentID: item.id, category: category, reasons: outcome.reasons + (textOutcome?.reasons ?? []),
                    defenderID: outcome.defenderID ?? textDefender, targetAccount: item.mentions?.first, language: item.languageHint,
                    threateningText: textOutcome?.hasThreat ?? false)
            }
            var alertsSent = try await sendAlerts(outcome.alerts, item: item)
            if let text {
                alertsSent += try await sendTextAlerts(text, item: item, caseReference: filed?.caseFile.reference)
                try await himaya.store.textSignals.record(text.signals.map { signal in
                    TextSignalRecord(
                        contentID: item.id, signal: signal, defenders: signal.people.compactMap { text.defenders[$0] }, caseID: filed?.caseFile.id,
                        alertRequested: text.outcome.alerts.contains { $0.signal == signal }, recordedAt: now)
                })
            }
            var held: [Answer.Held] = []
            if let mentions = item.mentions, !mentions.isEmpty {
                held = try await ShieldService(himaya: himaya).check(
                    .init(contentID: item.id, authorID: item.authorId, authorCreatedAt: item.authorCreatedAt.flatMap(Self.date),
                          kind: item.kind.flatMap(InteractionKind.init(rawValue:)) ?? .post, mentions: mentions, text: item.text ?? ""),
                    at: now
                ).map { Answer.Held(defenderId: $0.0.description, reasons: $0.1.map(\.rawValue)) }
            }
            let alerted = Set(outcome.alerts.map { "\($0.mediaIndex):\($0.listID?.description ?? "")" })
            try await himaya.store.mediaSignals.record(signals.filter { $0.kind != .lowQuality }.map {
                MediaSignalRecord(
                    contentID: item.id, signal: $0, caseID: filed?.caseFile.id,
                    alertRequested: alerted.contains("\($0.mediaIndex):\($0.listID?.description ?? "")"), recordedAt: now)
            })
            answers.append(
                Answer.Item(
                    id: item.id,
                    signals: (text?.signals ?? []).map {
                        Answer.Signal(
                            source: "text", kind: $0.kind, label: $0.label.rawValue, score: ($0.score * 1000).rounded() / 1000, rule: $0.rule,
                            language: $0.language, spans: $0.spans, explanation: $0.explanation)
                    }
                        + signals.map {
                            Answer.Signal(
                                kind: $0.kind.rawValue, mediaIndex: $0.mediaIndex, listID: $0.listID?.description, listName: $0.listName,
                                listCategory: $0.category?.rawValue, distance: $0.distance, quality: $0.quality, explanation: $0.explanation)
                        },
                    problems: problems, caseReference: filed?.caseFile.reference, casePriority: filed.map { "\($0.caseFile.priority)" },
                    alertsRequested: alertsSent, held: held))
        }
        return Answer(items: answers)
    }

    /// Alerts go to the platform as signed `alert.created` messages for the defender concerned (the
    /// owner of a matched reference photo, or the holder of the first account mentioned), only with
    /// their consent to alerts, in their language: a short summary and the content id, never the
    /// content itself, so the defender chooses whether to look. Returns how many were sent.
    func sendAlerts(_ alerts: [MediaSignal], item: Batch.Item) async throws -> Int {
        guard !alerts.isEmpty else { return 0 }
        var sent = 0
        var mentioned: Defender?
        if let account = item.mentions?.first { mentioned = try await himaya.store.defenders.defender(holding: account) }
        for signal in alerts {
            var defender = mentioned
            if let id = signal.defenderID { defender = try await himaya.store.defenders.defender(id: id) }
            guard let defender, try await himaya.store.consents.holds(.alerts, for: defender.id) else { continue }
            let catalogue = himaya.catalogues[defender.languages.first ?? "en"]
            let summary = catalogue.text("alert_image_summary", ["kind": catalogue.text("hash_list_category_\(signal.category?.rawValue ?? "partner_list")")])
            let severity = signal.category == .intimateImagesWithoutConsent || signal.category == .knownThreatImagery ? "high" : "normal"
            try await himaya.queueAlert(
                for: defender, severity: severity,
                payload: ["defenderId": defender.id.description, "language": catalogue.code, "severity": severity, "summary": summary, "contentId": item.id])
            sent += 1
        }
        return sent
    }

    /// Text alerts go the same way: to each defender a rule says should know, with their consent
    /// to alerts, in their language, a short summary first; the words found travel in the sealed
    /// message so the defender's space can show them only when asked.
    func sendTextAlerts(_ text: TextScanner.Result, item: Batch.Item, caseReference: String?) async throws -> Int {
        var sent = 0
        var told = Set<Defender.ID>()
        // Each defender hears once per item, of the gravest thing found: high before normal, a
        // threat before other harms, an explicit threat before a veiled one, then the surer one.
        let gravest = text.outcome.alerts.enumerated().sorted { a, b in
            let left = (a.element.severity == "high" ? 0 : 1, a.element.signal.label == .threat ? 0 : 1, a.element.signal.kind == "explicit" ? 0 : 1, -a.element.signal.score, a.offset)
            let right = (b.element.severity == "high" ? 0 : 1, b.element.signal.label == .threat ? 0 : 1, b.element.signal.kind == "explicit" ? 0 : 1, -b.element.signal.score, b.offset)
            return left < right
        }.map(\.element)
        for (signal, severity) in gravest {
            for person in signal.people {
                guard let defenderID = text.defenders[person], !told.contains(defenderID),
                    let defender = try await himaya.store.defenders.defender(id: defenderID),
                    try await himaya.store.consents.holds(.alerts, for: defender.id)
                else { continue }
                told.insert(defenderID)
                let catalogue = himaya.catalogues[defender.languages.first ?? "en"]
                let summary = catalogue.text("alert_text_summary", ["kind": catalogue.text("text_kind_\(signal.kind)")])
                var payload = [
                    "defenderId": defender.id.description, "language": catalogue.code, "severity": severity, "summary": summary, "contentId": item.id,
                    "signal": "\(signal.label.rawValue).\(signal.kind)", "excerpt": signal.spans.map(\.text).joined(separator: " … "),
                ]
                if let caseReference { payload["caseReference"] = caseReference }
                try await himaya.queueAlert(for: defender, severity: severity, payload: payload)
                sent += 1
            }
        }
        return sent
    }

    /// An ISO 8601 time, with or without fractions of a second.
    static func date(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// Checks the whole batch before anything is scanned, so a mistake anywhere changes nothing.
    static func validate(_ batch: Batch) throws -> [[MediaScanner.Media]] {
        var problems: [AppError.FieldProblem] = []
        if batch.items.isEmpty { problems.append(.init(field: "items", messageKey: "scan_error_no_items")) }
        if batch.items.count > maximumItems {
            problems.append(.init(field: "items", messageKey: "scan_error_too_many_items", values: ["limit": String(maximumItems)]))
        }
        var prepared: [[MediaScanner.Media]] = []
        for (i, item) in batch.items.prefix(maximumItems).enumerated() {
            if item.id.isEmpty || item.id.unicodeScalars.count > 200 { problems.append(.init(field: "items[\(i)].id", messageKey: "scan_error_item_id")) }
            if let text = item.text, text.unicodeScalars.count > maximumTextLength {
                problems.append(.init(field: "items[\(i)].text", messageKey: "scan_error_text_long", values: ["limit": String(maximumTextLength)]))
            }
            if let name = item.authorName, name.unicodeScalars.count > maximumNameLength {
                problems.append(.init(field: "items[\(i)].authorName", messageKey: "scan_error_author_name", values: ["limit": String(maximumNameLength)]))
            }
            if let mentions = item.mentions, mentions.count > maximumMentions || mentions.contains(where: { $0.isEmpty || $0.unicodeScalars.count > maximumNameLength }) {
                problems.append(.init(field: "items[\(i)].mentions", messageKey: "scan_error_mentions", values: ["limit": String(maximumMentions)]))
            }
            if let kind = item.kind, InteractionKind(rawValue: kind) == nil {
                problems.append(.init(field: "items[\(i)].kind", messageKey: "scan_error_kind"))
            }
            if let created = item.authorCreatedAt, date(created) == nil {
                problems.append(.init(field: "items[\(i)].authorCreatedAt", messageKey: "scan_error_date"))
            }
            let media = item.media ?? []
            if media.count > maximumMedia {
                problems.append(.init(field: "items[\(i)].media", messageKey: "scan_error_too_many_media", values: ["limit": String(maximumMedia)]))
            }
            var pieces: [MediaScanner.Media] = []
            for (m, piece) in media.prefix(maximumMedia).enumerated() {
                let field = "items[\(i)].media[\(m)]"
                if let encoded = piece.imageBase64 {
                    guard let bytes = Data(base64Encoded: encoded), !bytes.isEmpty else {
                        problems.append(.init(field: field, messageKey: "scan_error_image_encoding"))
                        continue
                    }
                    guard bytes.count <= maximumImageBytes else {
                        problems.append(.init(field: field, messageKey: "scan_error_image_large", values: ["limit": "10 MB"]))
                        continue
                    }
                    pieces.append(.image(Array(bytes)))
                    continue
                }
                let pdq = piece.pdq.map { PDQHash(hex: $0) }
                if pdq == .some(nil) { problems.append(.init(field: "\(field).pdq", messageKey: "scan_error_hash", values: ["kind": "PDQ"])) }
                if let md5 = piece.md5, HashSignal(kind: .md5, value: md5) == nil {
                    problems.append(.init(field: "\(field).md5", messageKey: "scan_error_hash", values: ["kind": "MD5"]))
                }
                if let sha = piece.sha256, HashSignal(kind: .sha256, value: sha) == nil {
                    problems.append(.init(field: "\(field).sha256", messageKey: "scan_error_hash", values: ["kind": "SHA-256"]))
                }
                if let quality = piece.quality, !(0...100).contains(quality) {
                    problems.append(.init(field: "\(field).quality", messageKey: "scan_error_quality"))
                }
                if piece.pdq == nil && piece.md5 == nil && piece.sha256 == nil {
                    problems.append(.init(field: field, messageKey: "scan_error_media_empty"))
                }
                pieces.append(.hashes(pdq: pdq ?? nil, quality: piece.quality, md5: piece.md5, sha256: piece.sha256))
            }
            prepared.append(pieces)
        }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        return prepared
    }
}
