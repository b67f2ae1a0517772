import Foundation
import HimayaCore
import HimayaDetection
import HimayaStore
import HTTPTypes
import Hummingbird

/// `/api/v1/hash-lists`: the platform keeps its lists and those it receives from partners and
/// industry exchanges, imports and exports them as plain text or exchange CSV. A defender's
/// reference-photo list never appears here: it is theirs, kept sealed, and never exported.
struct HashListsAPIController {
    let himaya: Himaya

    static let importLimit = 64 * 1024 * 1024

    func register(on group: RouterGroup<AppRequestContext>) {
        let read = group.group("hash-lists").add(middleware: PlatformKeyMiddleware(himaya: himaya, scope: .hashListsRead))
        read.get(use: index)
        read.get(":id/hashes", use: export)
        let write = group.group("hash-lists").add(middleware: PlatformKeyMiddleware(himaya: himaya, scope: .hashListsWrite))
        write.post(use: create)
        write.post(":id/hashes", use: importHashes)
        write.delete(":id/hashes/:kind/:value", use: removeHash)
        write.delete(":id", use: delete)
    }

    struct ListView: Codable, ResponseEncodable {
        var id: String
        var name: String
        var category: String
        var owner: String
        var matchThreshold: Int
        var minimumQuality: Int
        var action: String
        var hashes: Int

        init(_ list: HashList, hashes: Int) {
            id = list.id.description
            name = list.name
            category = list.category.rawValue
            owner = list.owner
            matchThreshold = list.matchThreshold
            minimumQuality = list.minimumQuality
            action = list.action.rawValue
            self.hashes = hashes
        }
    }

    struct ListsView: Codable, ResponseEncodable {
        var lists: [ListView]
    }

    struct NewList: Decodable {
        var name: String
        var category: String
        var owner: String?
        var matchThreshold: Int?
        var minimumQuality: Int?
        var action: String
    }

    struct Imported: Codable, ResponseEncodable {
        var added: Int
        var alreadyListed: Int
        var skippedOtherKinds: Int
    }

    @Sendable func index(request: Request, context: AppRequestContext) async throws -> ListsView {
        let lists = try await himaya.store.hashLists.lists().filter { $0.list.category != .defenderReferencePhotos }
        return ListsView(lists: lists.map { ListView($0.list, hashes: $0.entries) })
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        guard let new = try? JSONDecoder().decode(NewList.self, from: Data(Array(buffer: body))) else { throw AppError.badRequest }
        var problems: [AppError.FieldProblem] = []
        let category = HashList.Category(rawValue: new.category)
        if category == nil || category == .defenderReferencePhotos {
            problems.append(.init(field: "category", messageKey: "hash_list_error_category"))
        }
        let action = HashList.Action(rawValue: new.action)
        if action == nil { problems.append(.init(field: "action", messageKey: "hash_list_error_action")) }
        let threshold = new.matchThreshold ?? HashList.defaultThreshold
        let quality = new.minimumQuality ?? HashList.defaultMinimumQuality
        if let key = HashList.problem(name: new.name, matchThreshold: threshold, minimumQuality: quality) {
            let field = key.hasSuffix("name") ? "name" : key.hasSuffix("threshold") ? "matchThreshold" : "minimumQuality"
            problems.append(.init(field: field, messageKey: key))
        }
        guard problems.isEmpty, let category, let action, let key = context.platformKey else { throw AppError.validation(problems) }
        let list = HashList(
            name: new.name.trimmingCharacters(in: .whitespacesAndNewlines), category: category,
            owner: String((new.owner ?? "platform").prefix(120)), matchThreshold: threshold, minimumQuality: quality, action: action,
            createdAt: himaya.clock.now)
        do {
            try await himaya.store.hashLists.create(list, by: "platform:\(key.platformID)")
        } catch let error as StoreError where error.isDuplicate {
            throw AppError.validation([.init(field: "name", messageKey: "hash_list_error_name_taken")])
        }
        try await himaya.hashLibrary.reload(from: himaya.store, at: himaya.clock.now)
        return try Self.json(ListView(list, hashes: 0), status: .created)
    }

    @Sendable func importHashes(request: Request, context: AppRequestContext) async throws -> Imported {
        let list = try await editableList(context)
        var request = request
        let body = try await request.collectBody(upTo: Self.importLimit)
        let text = String(decoding: Array(buffer: body), as: UTF8.self)
        let format = try Self.format(request, default: request.headers[.contentType]?.hasPrefix("text/csv") == true ? .csv : .text)
        let contents: HashListFile.Contents
        do {
            contents = try HashListFile.parse(text, format: format)
        } catch {
            // Nothing is stored from a file with a bad line: the error names the line.
            throw AppError.validation([.init(field: "body", messageKey: "hash_list_error_line", values: ["line": String(error.line), "reason": error.reason])])
        }
        guard !contents.signals.isEmpty || contents.skippedOtherKinds > 0 else {
            throw AppError.validation([.init(field: "body", messageKey: "hash_list_error_empty")])
        }
        let key = context.platformKey!
        let added = try await himaya.store.hashLists.add(contents.signals, to: list.id, by: "platform:\(key.platformID)", at: himaya.clock.now)
        try await himaya.hashLibrary.reload(from: himaya.store, at: himaya.clock.now)
        return Imported(added: added, alreadyListed: Set(contents.signals).count - added, skippedOtherKinds: contents.skippedOtherKinds)
    }

    @Sendable func export(request: Request, context: AppRequestContext) async throws -> Response {
        let list = try await editableList(context)
        let format = try Self.format(request, default: .text)
        let text = HashListFile.export(try await himaya.store.hashLists.entries(of: list.id), format: format)
        let type = format == .csv ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8"
        return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func removeHash(request: Request, context: AppRequestContext) async throws -> Response {
        let list = try await editableList(context)
        guard let kind = context.parameters.get("kind").flatMap(HashSignal.Kind.init(rawValue:)),
            let signal = context.parameters.get("value").flatMap({ HashSignal(kind: kind, value: $0) }),
            try await himaya.store.hashLists.remove(signal, from: list.id, by: "platform:\(context.platformKey!.platformID)")
        else { throw AppError.notFound }
        try await himaya.hashLibrary.reload(from: himaya.store, at: himaya.clock.now)
        return Response(status: .noContent)
    }

    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> Response {
        let list = try await editableList(context)
        try await himaya.store.hashLists.delete(list.id, by: "platform:\(context.platformKey!.platformID)")
        try await himaya.hashLibrary.reload(from: himaya.store, at: himaya.clock.now)
        return Response(status: .noContent)
    }

    /// The list named in the path; reference-photo lists are answered as not found.
    private func editableList(_ context: AppRequestContext) async throws -> HashList {
        guard let id = context.parameters.get("id").flatMap(HashList.ID.init), let list = try await himaya.store.hashLists.list(id: id),
            list.category != .defenderReferencePhotos
        else { throw AppError.notFound }
        return list
    }

    static func format(_ request: Request, default fallback: HashListFile.Format) throws -> HashListFile.Format {
        guard let name = request.uri.queryParameters.get("format") else { return fallback }
        guard let format = HashListFile.Format(rawValue: name) else {
            throw AppError.validation([.init(field: "format", messageKey: "hash_list_error_format")])
        }
        return format
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
