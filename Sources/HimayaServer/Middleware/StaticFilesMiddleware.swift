import Foundation
public import Hummingbird

/// Serves the few files under `/static/` from memory: one stylesheet, loaded once at start.
public struct StaticFilesMiddleware<Context: RequestContext>: RouterMiddleware {
    private let files: [String: (type: String, bytes: [UInt8])]

    public init() {
        var files: [String: (String, [UInt8])] = [:]
        if let folder = Bundle.module.url(forResource: "Static", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        {
            for name in names {
                guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
                let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : "application/octet-stream"
                files["/static/\(name)"] = (type, Array(data))
            }
        }
        self.files = files
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .get || request.method == .head, let file = files[request.uri.path] else {
            return try await next(request, context)
        }
        return Response(
            status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}
