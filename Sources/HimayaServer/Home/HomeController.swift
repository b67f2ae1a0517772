import Hummingbird

/// The home page: what Himaya does and where to go, in the visitor's language.
struct HomeController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        router.get("/", use: show)
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        try himaya.page("home", title: "home_title", request: request, context: context)
    }
}
