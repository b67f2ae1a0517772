import Foundation
import HimayaStore
import Hummingbird

/// The JSON API under `/api/v1`, described by `openapi.yaml`, which it serves as well.
struct APIController {
    let himaya: Himaya

    /// Every API path and the methods it takes; others get 405.
    static let methods: [String: [HTTPRequest.Method]] = [
        "/api/v1/openapi.yaml": [.get], "/api/v1/status": [.get], "/api/v1/languages": [.get], "/api/v1/reports": [.post],
        "/api/v1/content/scan": [.post], "/api/v1/hash-lists": [.get, .post],
        "/api/v1/enforcement/check": [.post], "/api/v1/enforcement/reports": [.post],
    ]

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("openapi.yaml", use: openAPIDocument)
        group.get("status", use: status)
        group.get("languages", use: languages)
    }

    @Sendable func openAPIDocument(request: Request, context: AppRequestContext) async throws -> Response {
        guard let url = Bundle.module.url(forResource: "OpenAPI", withExtension: nil)?.appendingPathComponent("openapi.yaml") else {
            throw AppError.internalError
        }
        return Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(bytes: try Data(contentsOf: url))))
    }

    struct Status: ResponseEncodable {
        var service: String
        var version: String
        var status: String
    }

    @Sendable func status(request: Request, context: AppRequestContext) async throws -> Status {
        Status(service: "himaya", version: HimayaVersion.current, status: await himaya.store.isReachable() ? "ok" : "degraded")
    }

    struct Language: ResponseEncodable {
        var code: String
        var name: String
        var direction: String
    }

    struct LanguageList: ResponseEncodable {
        var languages: [Language]
    }

    @Sendable func languages(request: Request, context: AppRequestContext) async throws -> LanguageList {
        LanguageList(
            languages: himaya.catalogues.ordered.map {
                Language(code: $0.code, name: $0.name, direction: $0.isRightToLeft ? "rtl" : "ltr")
            })
    }
}

/// The version of Himaya this build is.
public enum HimayaVersion {
    public static let current = "0.1.0"
}
