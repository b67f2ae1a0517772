import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// `/api/v1/defenders/{id}/watch-terms`: the platform passes on the aliases, names in other
/// scripts and handles a defender asked to be watched for. Terms are sealed at rest; they need
/// the defender's consent to mention detection and are deleted when it is withdrawn. The scan
/// sees a change at once in this process.
struct WatchTermsAPIController {
    let himaya: Himaya

    func register(on group: RouterGroup<AppRequestContext>) {
        let defenders = group.group("defenders").add(middleware: PlatformKeyMiddleware(himaya: himaya, scope: .defendersWrite))
        defenders.get(":id/watch-terms", use: list)
        defenders.post(":id/watch-terms", use: add)
        defenders.delete(":id/watch-terms/:term", use: remove)
    }

    struct NewTerm: Decodable {
        var kind: String
        var term: String
    }

    struct TermView: Codable, ResponseEncodable {
        var id: String
        var kind: String
        var term: String
    }

    struct TermList: Codable, ResponseEncodable {
        var terms: [TermView]
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> TermList {
        let defender = try await himaya.defender(inPath: context)
        return TermList(terms: try await himaya.store.watchList.terms(of: defender.id).map { TermView(id: $0.id.description, kind: $0.kind.rawValue, term: $0.term) })
    }

    @Sendable func add(request: Request, context: AppRequestContext) async throws -> Response {
        let defender = try await himaya.defender(inPath: context)
        var request = request
        let body = try await request.collectBody(upTo: 4096)
        guard let new = try? JSONDecoder().decode(NewTerm.self, from: Data(Array(buffer: body))) else { throw AppError.badRequest }
        let view = try await himaya.watch(new.term, kind: new.kind, for: defender.id)
        var response = try view.response(from: request, context: context)
        response.status = .created
        return response
    }

    @Sendable func remove(request: Request, context: AppRequestContext) async throws -> Response {
        let defender = try await himaya.defender(inPath: context)
        try await himaya.unwatch(context.parameters.get("term").flatMap(WatchTerm.ID.init), of: defender.id)
        return Response(status: .noContent)
    }
}

extension Himaya {
    /// Adds a term to a defender's watch list after checking it and their consent, and puts it in
    /// this process's automaton at once.
    func watch(_ term: String, kind: String, for defender: Defender.ID) async throws -> WatchTermsAPIController.TermView {
        var problems: [AppError.FieldProblem] = []
        let trimmed = term.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = WatchTerm.problem(with: trimmed) { problems.append(.init(field: "term", messageKey: problem, values: ["limit": String(WatchTerm.maximumLength)])) }
        let parsedKind = WatchTerm.Kind(rawValue: kind)
        if parsedKind == nil { problems.append(.init(field: "kind", messageKey: "watch_term_error_kind")) }
        guard problems.isEmpty, let parsedKind else { throw AppError.validation(problems) }
        guard try await store.consents.holds(.mentionDetection, for: defender) else {
            throw AppError.validation([.init(field: "consent", messageKey: "watch_term_error_consent")])
        }
        let existing = try await store.watchList.terms(of: defender)
        guard existing.count < WatchTerm.maximumTerms else {
            throw AppError.validation([.init(field: "term", messageKey: "watch_term_error_too_many", values: ["limit": String(WatchTerm.maximumTerms)])])
        }
        let new = WatchTerm(defenderID: defender, kind: parsedKind, term: trimmed, addedAt: clock.now)
        try await store.watchList.add(new)
        try await textLibrary.reload(from: store, at: clock.now)
        return WatchTermsAPIController.TermView(id: new.id.description, kind: new.kind.rawValue, term: new.term)
    }

    /// Takes a term off a defender's watch list, at once in this process; not found when it is not theirs.
    func unwatch(_ id: WatchTerm.ID?, of defender: Defender.ID) async throws {
        guard let id, try await store.watchList.terms(of: defender).contains(where: { $0.id == id }) else { throw AppError.notFound }
        try await store.watchList.remove(id, of: defender)
        try await textLibrary.reload(from: store, at: clock.now)
    }
}
