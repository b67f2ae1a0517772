public import Hummingbird
import HimayaCore
public import ServiceLifecycle

/// Assembles the router: middleware in the order a request meets it, then every feature's routes,
/// each behind the guard of its area.
public func buildRouter(_ himaya: Himaya) -> Router<AppRequestContext> {
    _ = MetricsRegistry.shared
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: LocalizationMiddleware(himaya: himaya))
    router.add(middleware: AllowedMethodsMiddleware(APIController.methods))
    router.add(middleware: StaticFilesMiddleware())
    router.add(middleware: StaffSessionMiddleware(himaya: himaya))
    router.add(middleware: DefenderSessionMiddleware(himaya: himaya))
    router.add(middleware: CSRFMiddleware(himaya: himaya))

    HomeController(himaya: himaya).register(on: router)
    OperationsController(himaya: himaya).register(on: router)
    SignInController(himaya: himaya).register(on: router)
    ReportController(himaya: himaya).register(on: router)
    FollowUpController(himaya: himaya).register(on: router)
    SafetyController(himaya: himaya).register(on: router)
    MeController(himaya: himaya).register(on: router)
    DefenderAccountController(himaya: himaya).register(on: router)
    EvidenceFileController(himaya: himaya).register(on: router)
    MeSettingsController(himaya: himaya).register(on: router)
    OwnSignInController(himaya: himaya).register(on: router)
    DefenderLanguagesController(himaya: himaya).register(on: router)
    StaffHomeController(himaya: himaya).register(on: router.group("/staff").add(middleware: AccessGuard(.staffHome)))
    PartnerDelegationController(himaya: himaya).register(on: router.group("/staff").add(middleware: AccessGuard(.staffHome)))
    ShieldController(himaya: himaya).register(on: router)
    PartnerSharingController(himaya: himaya).register(on: router, staff: router.group("/staff").add(middleware: AccessGuard(.staffHome)))
    ShieldController(himaya: himaya).registerForPartners(on: router.group("/staff").add(middleware: AccessGuard(.staffHome)))
    EnrolmentController(himaya: himaya).register(on: router)
    SignInLinkController(himaya: himaya).register(on: router)
    StaffAdminController(himaya: himaya).register(on: router.group("/admin").add(middleware: AccessGuard(.administration)))
    ConsoleController(himaya: himaya).register(on: router)
    WellbeingController(himaya: himaya).register(on: router.group("/protection").add(middleware: AccessGuard(.protectionDesk)))
    AuditController(himaya: himaya).register(on: router.group("/audit").add(middleware: AccessGuard(.audit)))
    APIController(himaya: himaya).register(on: router.group("/api/v1"))
    ReportsAPIController(himaya: himaya).register(on: router.group("/api/v1"))
    ScanAPIController(himaya: himaya).register(on: router.group("/api/v1"))
    HashListsAPIController(himaya: himaya).register(on: router.group("/api/v1"))
    DefenderPhotosAPIController(himaya: himaya).register(on: router.group("/api/v1"))
    WatchTermsAPIController(himaya: himaya).register(on: router.group("/api/v1"))
    EnforcementAPIController(himaya: himaya).register(on: router.group("/api/v1"))
    EnforcementConsoleController(himaya: himaya).register(on: router)
    LockdownConsoleController(himaya: himaya).register(on: router)
    LockdownAPIController(himaya: himaya).register(on: router.group("/api/v1"))
    return router
}

/// The whole service: the HTTP server plus any background services (job workers) it runs beside.
public func buildApplication(_ himaya: Himaya, services: [any Service] = []) -> some ApplicationProtocol {
    Application(
        router: buildRouter(himaya),
        configuration: .init(address: .hostname(himaya.configuration.host, port: himaya.configuration.port)),
        services: services,
        logger: himaya.logger)
}
