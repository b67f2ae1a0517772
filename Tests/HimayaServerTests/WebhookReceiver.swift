import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// A real HTTP server on loopback that plays the platform: it records every webhook and answers with
/// the statuses it is told to, in order (then 200).
actor WebhookReceiver {
    struct Received: Sendable {
        var headers: HTTPFields
        var body: Data
    }

    private(set) var received: [Received] = []
    private var answers: [HTTPResponse.Status]

    init(answers: [HTTPResponse.Status] = []) { self.answers = answers }

    func record(_ request: Received) -> HTTPResponse.Status {
        received.append(request)
        return answers.isEmpty ? .ok : answers.removeFirst()
    }

    /// Runs the receiver on a free port and calls `body` with its webhook address.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/hooks") { request, context -> Response in
            var request = request
            let bytes = try await request.collectBody(upTo: 1024 * 1024)
            let status = await self.record(Received(headers: request.headers, body: Data(Array(buffer: bytes))))
            return Response(status: status)
        }
        try await Application(router: router).test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)/hooks")
        }
    }
}
