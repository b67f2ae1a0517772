public import Hummingbird
public import HimayaCore

/// What each request carries through the middleware: its language, the signed-in staff member if any,
/// and the form token. Never the peer's address or user agent.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The language the response is written in.
    public var language: String = "en"
    public var staff: StaffAccount?
    public var session: StaffSession?
    /// The token every form on the page must send back.
    public var csrfToken: String = ""

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// Forms and JSON bodies are small; routes that take files raise this for themselves.
    public var maxUploadSize: Int { 64 * 1024 }
}
