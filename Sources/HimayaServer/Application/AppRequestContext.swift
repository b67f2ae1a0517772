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
    /// A multipart body, parsed once by the form check and read again by the handler.
    public var multipart: MultipartForm?
    /// The partner whose API key signed this request.
    public var partnerKey: PartnerAPIKey?
    /// The platform's key, on routes the platform calls.
    public var platformKey: PlatformAPIKey?
    /// The defender signed in to their own space, if any.
    public var defenderSession: DefenderSession?
    public var defender: Defender?
    /// The largest body this request may send; raised for routes that take files.
    public var uploadLimit = 64 * 1024

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { uploadLimit }
}
