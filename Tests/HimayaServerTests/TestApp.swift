import Logging
import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import HimayaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// A Himaya on a fresh SQLite database with captured logs, driven through its router without a socket.
struct TestApp {
    let himaya: Himaya
    let logs: CapturedLogs
    let database: TestDatabase

    static let password = "correct horse battery staple"

    /// Runs `body` with a new app; the database is removed afterwards.
    static func with(
        engine: TestEngine = .sqlite, clock: WallClock = .system,
        _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestDatabase.with(engine, clock: clock) { database async throws in
            let logs = CapturedLogs()
            let configuration = HimayaConfiguration(
                dataDirectory: NSTemporaryDirectory(), secureCookies: false, logLevel: .trace, passwordCost: 4)
            let himaya = Himaya(
                configuration: configuration, store: database.store, catalogues: try Catalogues.bundled(),
                pages: try await PageRenderer.bundled(), countries: try CountryAtlas.bundled(),
                messageTemplates: try MessageTemplates.bundled(), policy: try PolicyClauses.bundled(), clock: clock, logger: logs.logger())
            let app = TestApp(himaya: himaya, logs: logs, database: database)
            try await buildApplication(himaya).test(.router) { client in
                try await body(app, client)
            }
        }
    }

    /// Adds a staff member with the test password and returns their TOTP.
    func addStaff(_ username: String, role: StaffRole, partner: Partner.ID? = nil, regions: [String] = ["global"]) async throws -> TOTP {
        let secret = TOTP.generateSecret()
        _ = try await StaffOnboarding(himaya: himaya).add(
            username: username, displayName: "Test \(username)", role: role, languages: ["en"], regions: regions,
            password: Self.password, partner: partner, totpSecret: secret)
        return TOTP(secret: secret)
    }

    /// Signs `username` in and returns the browser holding the session.
    func signIn(_ username: String, totp: TOTP, client: some TestClientProtocol) async throws -> Browser {
        var browser = Browser()
        let token = try await browser.formToken(client: client, path: "/staff/sign-in")
        let response = try await browser.post(
            client: client, path: "/staff/sign-in",
            form: ["csrf_token": token, "username": username, "password": Self.password, "code": totp.code(at: Date())])
        #expect(response.status == .seeOther, "sign-in of \(username) should succeed")
        return browser
    }

    func auditCount(_ action: String) async throws -> Int {
        try await himaya.store.audit.latest(limit: 10_000).filter { $0.action == action }.count
    }
}

/// Keeps cookies between requests like a browser, and reads form tokens out of pages.
struct Browser {
    var cookies: [String: String] = [:]

    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }

    mutating func remember(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || value.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
    }

    mutating func get(client: some TestClientProtocol, path: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let response = try await client.execute(uri: path, method: .get, headers: headers)
        remember(response)
        return response
    }

    mutating func post(
        client: some TestClientProtocol, path: String, form: [String: String], headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let body = form.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Posts a multipart form with files, as a browser does for `enctype="multipart/form-data"`.
    mutating func postMultipart(
        client: some TestClientProtocol, path: String, fields: [(String, String)], files: [(field: String, name: String, bytes: [UInt8])]
    ) async throws -> TestResponse {
        let boundary = "----himaya-test-\(UUID().uuidString)"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for file in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
        remember(response)
        return response
    }

    /// Opens `path` and returns the hidden form token in it.
    mutating func formToken(client: some TestClientProtocol, path: String) async throws -> String {
        let page = String(buffer: try await get(client: client, path: path).body)
        guard let range = page.range(of: #"name="csrf_token" value="([^"]+)""#, options: .regularExpression) else {
            Issue.record("no form token on \(path)")
            return ""
        }
        return String(page[range].dropFirst(#"name="csrf_token" value=""#.count).dropLast())
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
