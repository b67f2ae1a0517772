import Crypto
import Foundation
import HimayaCore
import HimayaStore
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

/// `POST /api/v1/reports` and `GET /api/v1/reports/{id}`: a trusted partner files reports for the
/// defenders it helps and reads back only its own. An `Idempotency-Key` makes a retry return the
/// first answer instead of opening a second case.
struct ReportsAPIController {
    let himaya: Himaya
    /// Serialises requests with the same idempotency key inside this process, so two concurrent
    /// retries cannot both file.
    private let inFlight = KeyedGate()

    init(himaya: Himaya) { self.himaya = himaya }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.group("reports").add(middleware: PartnerKeyMiddleware(himaya: himaya, scope: .reportsWrite)).post(use: create)
        group.group("reports").add(middleware: PartnerKeyMiddleware(himaya: himaya, scope: .reportsRead)).get(":id", use: read)
    }

    /// The request body.
    struct NewReport: Decodable {
        struct Consent: Decodable {
            var contact: String?
            var contactAddress: String?
            var shareWithPartner: String?
            var lawEnforcement: Bool?
        }

        struct File: Decodable {
            var filename: String
            var contentBase64: String
        }

        var category: String
        var immediateDanger: Bool?
        var reporterIsTarget: Bool?
        var targetAccount: String?
        var country: String
        var attackLanguage: String?
        var reporterLanguage: String?
        var narrative: String?
        var contentReferences: [String]?
        var consent: Consent?
        var urgent: Bool?
        var evidence: [File]?
    }

    /// The answer: where the report went and the receipt code for the defender, shown once.
    struct Filed: Codable, ResponseEncodable {
        struct CaseSummary: Codable {
            var reference: String
            var status: String
            var priority: String
            var firstResponseDue: Date

            init(_ caseFile: Case) {
                reference = caseFile.reference
                status = caseFile.status.rawValue
                priority = caseFile.priority.description
                firstResponseDue = caseFile.firstResponseDue
            }
        }

        var report: String
        var receiptCode: String
        var joinedOpenCase: Bool
        var caseSummary: CaseSummary

        enum CodingKeys: String, CodingKey {
            case report, receiptCode, joinedOpenCase
            case caseSummary = "case"
        }
    }

    struct ReportStatus: Codable, ResponseEncodable {
        var report: String
        var caseSummary: Filed.CaseSummary

        enum CodingKeys: String, CodingKey {
            case report
            case caseSummary = "case"
        }
    }

    static let bodyLimit = 36 * 1024 * 1024

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        guard let key = context.partnerKey else { throw AppError.apiKeyRequired }
        var request = request
        let body = Array(buffer: try await request.collectBody(upTo: Self.bodyLimit))
        let requestHash = Hex.encode(SHA256.hash(data: body))
        guard let idempotencyKey = request.headers[HTTPField.Name("Idempotency-Key")!] else {
            return Self.created(try await file(body: body, partner: key.partnerID, context: context), replayed: false)
        }
        guard (1...200).contains(idempotencyKey.count) else { throw AppError.badRequest }
        return try await inFlight.pass("\(key.partnerID):\(idempotencyKey)") {
            if let stored = try await himaya.store.partnerKeys.idempotentResponse(partner: key.partnerID, key: idempotencyKey) {
                guard stored.requestHash == requestHash else { throw AppError.idempotencyConflict }
                return Self.created(stored.response, replayed: true)
            }
            let filed = try await file(body: body, partner: key.partnerID, context: context)
            _ = try await himaya.store.partnerKeys.rememberResponse(
                partner: key.partnerID, key: idempotencyKey, requestHash: requestHash, response: filed, at: himaya.clock.now)
            return Self.created(filed, replayed: false)
        }
    }

    /// Files the report in `body` and returns the JSON answer.
    private func file(body: [UInt8], partner: Partner.ID, context: AppRequestContext) async throws -> Data {
        let decoder = JSONDecoder()
        guard let new = try? decoder.decode(NewReport.self, from: Data(body)) else { throw AppError.badRequest }
        let now = himaya.clock.now
        var evidence: [EvidenceUpload] = []
        var problems: [AppError.FieldProblem] = []
        for (index, file) in (new.evidence ?? []).enumerated() {
            guard let bytes = Data(base64Encoded: file.contentBase64) else {
                problems.append(.init(field: "evidence[\(index)]", messageKey: "report_error_file_damaged", values: ["name": file.filename]))
                continue
            }
            switch EvidenceIntake.accept(filename: file.filename, bytes: Array(bytes), at: now) {
            case .success(let upload): evidence.append(upload)
            case .failure(let refusal):
                problems.append(.init(field: "evidence[\(index)]", messageKey: refusal.messageKey, values: ["name": refusal.filename]))
            }
        }
        if evidence.count > EvidenceIntake.countLimit { problems.append(.init(field: "evidence", messageKey: "report_error_files_many")) }
        var draft = ReportDraft()
        draft.category = new.category
        draft.immediateDanger = new.immediateDanger == true ? "yes" : "no"
        draft.reporterIsTarget = new.reporterIsTarget == true ? "yes" : "no"
        draft.targetAccount = new.targetAccount
        draft.country = new.country
        draft.attackLanguage = new.attackLanguage
        draft.narrative = new.narrative
        draft.contentReferences = (new.contentReferences ?? []).joined(separator: "\n")
        draft.contactMethod = new.consent?.contact ?? ContactMethod.throughPartner.rawValue
        draft.contactAddress = new.consent?.contactAddress
        draft.sharePartner = new.consent?.shareWithPartner
        draft.lawEnforcement = new.consent?.lawEnforcement == true ? "yes" : "no"
        draft.urgent = new.urgent == true ? "yes" : "no"
        let language = new.reporterLanguage.flatMap { himaya.catalogues.codes.contains($0) ? $0 : nil } ?? context.language
        guard problems.isEmpty else {
            // Report the form's own mistakes together with the files', so one correction fixes all.
            if case .failure(let failure) = draft.validate(
                source: .partnerAPI(partner), reporterLanguage: language, knownPartners: [], receivedAt: now, hasEvidenceFiles: true)
            {
                problems = failure.problems.filter { $0.field != "share_partner" }.map { .init(field: $0.field, messageKey: $0.messageKey) } + problems
            }
            throw AppError.validation(problems)
        }
        switch try await ReportFiling(himaya: himaya).file(draft, source: .partnerAPI(partner), reporterLanguage: language, evidence: evidence) {
        case .failure(let failure):
            throw AppError.validation(failure.problems.map { .init(field: $0.field, messageKey: $0.messageKey) })
        case .success(let accepted):
            let caseFile = accepted.filed.caseFile
            let filed = Filed(
                report: accepted.filed.reportID.description, receiptCode: accepted.receipt.description,
                joinedOpenCase: accepted.filed.joinedOpenCase,
                caseSummary: .init(caseFile))
            return try Self.encoder.encode(filed)
        }
    }

    @Sendable func read(request: Request, context: AppRequestContext) async throws -> ReportStatus {
        guard let key = context.partnerKey else { throw AppError.apiKeyRequired }
        guard let id = context.parameters.get("id").flatMap(Report.ID.init),
            try await himaya.store.reports.filingPartner(of: id) == key.partnerID,
            let followUp = try await himaya.store.reports.followUp(reportID: id)
        else { throw AppError.notFound }
        let caseFile = followUp.caseFile
        return ReportStatus(
            report: id.description,
            caseSummary: .init(caseFile))
    }

    static func created(_ body: Data, replayed: Bool) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if replayed { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return Response(status: .created, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Lets one task at a time through per key.
final class KeyedGate: Sendable {
    private let busy = NIOLockedValueBox<[String: [CheckedContinuation<Void, Never>]]>([:])

    func pass<T: Sendable>(_ key: String, _ body: () async throws -> T) async throws -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let runNow = busy.withLockedValue { waiting -> Bool in
                if waiting[key] == nil {
                    waiting[key] = []
                    return true
                }
                waiting[key]!.append(continuation)
                return false
            }
            if runNow { continuation.resume() }
        }
        defer {
            let next = busy.withLockedValue { waiting -> CheckedContinuation<Void, Never>? in
                if var queue = waiting[key], !queue.isEmpty {
                    let first = queue.removeFirst()
                    waiting[key] = queue
                    return first
                }
                waiting[key] = nil
                return nil
            }
            next?.resume()
        }
        return try await body()
    }
}
