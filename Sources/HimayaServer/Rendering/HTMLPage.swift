public import Hummingbird

/// A rendered HTML page with its status. Pages are never cached: they may be seen on shared devices.
public struct HTMLPage: ResponseGenerator {
    public var html: String
    public var status: HTTPResponse.Status

    public init(html: String, status: HTTPResponse.Status = .ok) {
        self.html = html
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
