public import HimayaCore
public import HimayaStore
public import Logging

/// The running service's parts, assembled once and shared by every route.
public struct Himaya: Sendable {
    public let configuration: HimayaConfiguration
    public let store: Store
    public let catalogues: Catalogues
    public let pages: PageRenderer
    public let countries: CountryAtlas
    /// Wrong receipt codes are slowed down here, in memory: who tried is never recorded.
    public let receiptAttempts: ReceiptAttemptLimiter
    public let partnerKeyCache = PartnerKeyCache()
    public let platformKeyCache = PlatformKeyCache()
    /// The hash lists, in memory for matching.
    public let hashLibrary: HashListLibrary
    /// Text detection: lexicons, model, rules and the protected names automaton.
    public let textLibrary = TextLibrary()
    /// The accounts the enforcement guard protects, in memory.
    public let protectedAccounts = ProtectedAccounts()
    public let messageTemplates: MessageTemplates
    /// The policy clauses decisions cite, with their version.
    public let policy: PolicyClauses
    public let clock: WallClock
    public let passwords: PasswordHasher
    public let logger: Logger

    public init(
        configuration: HimayaConfiguration, store: Store, catalogues: Catalogues, pages: PageRenderer,
        countries: CountryAtlas, messageTemplates: MessageTemplates, policy: PolicyClauses, clock: WallClock = .system, logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.catalogues = catalogues
        self.pages = pages
        self.countries = countries
        self.messageTemplates = messageTemplates
        self.policy = policy
        self.hashLibrary = HashListLibrary(layout: configuration.hashIndex)
        self.receiptAttempts = ReceiptAttemptLimiter(clock: clock)
        self.clock = clock
        self.passwords = PasswordHasher(cost: configuration.passwordCost)
        self.logger = logger
    }

    /// Opens the store the configuration names, migrates it, and loads catalogues and templates.
    public static func open(_ configuration: HimayaConfiguration, logger: Logger) async throws -> Himaya {
        let sealer = try configuration.makeSealer(logger: logger)
        let store = try await Store.open(configuration.database, sealer: sealer, logger: logger)
        let himaya = Himaya(
            configuration: configuration, store: store, catalogues: try Catalogues.bundled(),
            pages: try await PageRenderer.bundled(), countries: try CountryAtlas.bundled(),
            messageTemplates: try MessageTemplates.bundled(), policy: try PolicyClauses.bundled(), logger: logger)
        try await himaya.hashLibrary.reload(from: store, at: himaya.clock.now)
        _ = try himaya.textLibrary.parts()
        try await himaya.textLibrary.reload(from: store, at: himaya.clock.now)
        try await himaya.protectedAccounts.reload(from: store, at: himaya.clock.now)
        return himaya
    }
}
