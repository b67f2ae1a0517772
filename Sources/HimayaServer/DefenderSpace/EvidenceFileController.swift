import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// The defender's evidence file, as a print-ready page and as JSON.
struct EvidenceFileController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        router.get("/me/evidence-file", use: evidenceFile)
        router.get("/me/evidence-file.json", use: evidenceFileJSON)
    }

    /// The defender's incidents with dates, links, decisions and evidence fingerprints, as a
    /// print-ready page (save it as PDF from the browser) for a lawyer or a court.
    @Sendable func evidenceFile(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { return .redirect(to: "/me/sign-in?lang=\(context.language)", type: .normal) }
        let incidents = try await himaya.incidentRows(of: defender.id, language: context.language)
        return try himaya.page(
            "me-evidence", title: "me_evidence_title", request: request, context: context,
            values: [
                "name": defender.displayName, "generated": ReportController.time(himaya.clock.now), "incidents": incidents,
                "hasIncidents": !incidents.isEmpty,
            ]).response(from: request, context: context)
    }

    struct EvidenceFileJSON: Encodable, ResponseEncodable {
        struct Incident: Encodable {
            var caseReference: String
            var category: String
            var status: String
            var openedAt: Date
            var links: [String]
            var decisions: [IncidentRecord.DecisionLine]
            var evidence: [IncidentRecord.EvidenceLine]
        }

        var defender: String
        var generatedAt: Date
        var incidents: [Incident]
    }

    @Sendable func evidenceFileJSON(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        let incidents = try await himaya.store.defenders.incidents(of: defender.id)
        let file = EvidenceFileJSON(
            defender: defender.displayName, generatedAt: himaya.clock.now,
            incidents: incidents.map {
                .init(caseReference: $0.caseReference, category: $0.category.rawValue, status: $0.status.rawValue, openedAt: $0.openedAt,
                      links: $0.links, decisions: $0.decisions, evidence: $0.evidence)
            })
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store",
                      .contentDisposition: "attachment; filename=\"himaya-evidence-file.json\""],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(file))))
    }
}
