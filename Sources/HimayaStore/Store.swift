public import HimayaCore
public import Logging
import SQLKit

/// Everything Himaya keeps, opened and migrated, behind the protocols the domain states.
public struct Store: Sendable {
    public let source: any SQLConnectionSource
    public let sealer: Sealer
    /// Keyed hashes of accounts and content ids, to match without keeping them in the clear.
    public let blindIndex: BlindIndex
    public let staff: any StaffDirectory
    public let sessions: any StaffSessions
    public let audit: any AuditTrail
    public let jobs: any JobQueue
    public let defenders: any DefenderRegistry
    public let partners: any PartnerDirectory
    public let reports: any ReportDesk
    public let partnerKeys: any PartnerKeyring
    public let cases: any CaseQueue
    public let settings: any SettingsBook
    public let decisions: any DecisionLedger
    public let platforms: any PlatformRegistry
    public let hashLists: any HashListStore
    public let consents: any ConsentBook
    public let platformKeys: any PlatformKeyring
    public let mediaSignals: any MediaSignalLog
    public let enforcement: any EnforcementDesk
    public let outbox: any PlatformOutbox
    public let shifts: any ShiftBoard
    public let lockdowns: any LockdownDesk
    public let defenderLogins: any DefenderLogins
    public let delegations: any DelegationBook
    public let watchList: any WatchList
    public let textSignals: any TextSignalLog
    public let alertPreferences: any AlertPreferenceBook
    public let shield: any ShieldBook

    public init(source: any SQLConnectionSource, sealer: Sealer, index: BlindIndex, clock: WallClock = .system) {
        self.source = source
        self.sealer = sealer
        self.blindIndex = index
        self.staff = SQLStaffDirectory(source: source, sealer: sealer, clock: clock)
        self.sessions = SQLStaffSessions(source: source)
        self.audit = SQLAuditTrail(source: source, clock: clock)
        self.jobs = SQLJobQueue(source: source)
        self.defenders = SQLDefenderRegistry(source: source, sealer: sealer, index: index, clock: clock)
        self.partners = SQLPartnerDirectory(source: source)
        self.reports = SQLReportDesk(source: source, sealer: sealer, index: index, clock: clock)
        self.partnerKeys = SQLPartnerKeyring(source: source, sealer: sealer)
        self.cases = SQLCaseQueue(source: source, sealer: sealer, clock: clock)
        self.settings = SQLSettingsBook(source: source, clock: clock)
        self.decisions = SQLDecisionLedger(source: source, sealer: sealer, clock: clock)
        self.platforms = SQLPlatformRegistry(source: source, sealer: sealer, clock: clock)
        self.hashLists = SQLHashListStore(source: source, sealer: sealer, clock: clock)
        self.consents = SQLConsentBook(source: source, clock: clock)
        self.platformKeys = SQLPlatformKeyring(source: source)
        self.mediaSignals = SQLMediaSignalLog(source: source)
        self.enforcement = SQLEnforcementDesk(source: source, sealer: sealer, clock: clock)
        self.outbox = SQLPlatformOutbox(source: source, sealer: sealer, clock: clock)
        self.shifts = SQLShiftBoard(source: source, clock: clock)
        self.lockdowns = SQLLockdownDesk(source: source, sealer: sealer, clock: clock)
        self.defenderLogins = SQLDefenderLogins(source: source, sealer: sealer, clock: clock)
        self.delegations = SQLDelegationBook(source: source, clock: clock)
        self.watchList = SQLWatchList(source: source, sealer: sealer, clock: clock)
        self.textSignals = SQLTextSignalLog(source: source, sealer: sealer)
        self.alertPreferences = SQLAlertPreferenceBook(source: source)
        self.shield = SQLShieldBook(source: source, sealer: sealer, index: index, clock: clock)
    }

    /// Opens the database at `location`, brings its schema up to date, and returns the store.
    public static func open(
        _ location: DatabaseLocation, sealer: Sealer, clock: WallClock = .system, logger: Logger
    ) async throws -> Store {
        let source = try await DatabaseConnector.open(location, logger: logger)
        do {
            try await Migrator(source: source).migrate()
            return try await attach(source, sealer: sealer, clock: clock)
        } catch {
            await source.shutdown()
            throw error
        }
    }

    /// The store over an already migrated database.
    public static func attach(_ source: any SQLConnectionSource, sealer: Sealer, clock: WallClock = .system) async throws -> Store {
        let index = try await BlindIndex.load(source: source, sealer: sealer)
        return Store(source: source, sealer: sealer, index: index, clock: clock)
    }

    /// Whether the database answers a query now.
    public func isReachable() async -> Bool {
        (try? await source.withConnection { db in try await db.raw("SELECT 1 AS one").first() != nil }) ?? false
    }

    public func shutdown() async { await source.shutdown() }
}
