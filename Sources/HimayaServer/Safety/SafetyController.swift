import Foundation
import HimayaCore
import Hummingbird

/// `/safety`: short, printable security guides in the reader's language, and where to get help by
/// country and kind of service. Works without JavaScript, like every page a defender sees.
struct SafetyController {
    let himaya: Himaya
    let library: SafetyLibrary

    init(himaya: Himaya, library: SafetyLibrary = .bundled) {
        self.himaya = himaya
        self.library = library
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/safety", use: index)
        router.get("/safety/help", use: help)
        router.get("/safety/:guide", use: guide)
    }

    @Sendable func index(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        let guides = library.guides(in: context.language).map { ["slug": $0.slug, "title": $0.title] }
        return try himaya.page("safety", title: "safety_title", request: request, context: context, values: ["guides": guides])
    }

    @Sendable func guide(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        guard let slug = context.parameters.get("guide"), let guide = library.guide(slug, in: context.language) else { throw AppError.notFound }
        return try himaya.page(
            "safety-guide", title: "safety_title", request: request, context: context,
            values: ["guideTitle": guide.title, "html": guide.html, "pageTitle": guide.title])
    }

    @Sendable func help(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        let catalogue = himaya.catalogues[context.language]
        let query = request.uri.queryParameters
        let country = query["country"].map(String.init).flatMap { $0.count == 2 && $0.allSatisfy(\.isLetter) ? $0.uppercased() : nil }
        let kind = query["kind"].map(String.init).flatMap { SafetyLibrary.kinds.contains($0) ? $0 : nil }
        let services = library.services(country: country, kind: kind, language: catalogue.code).map { service -> [String: Any] in
            [
                "name": service.name, "url": service.url, "about": service.about[catalogue.code] ?? service.about["en"] ?? "",
                "kinds": service.kinds.map { catalogue.text("help_kind_\($0)") }.joined(separator: " · "),
                "languages": service.languages.map { $0.uppercased() }.joined(separator: ", "),
                "where": service.countries.contains("*") ? catalogue.text("help_everywhere") : service.countries.joined(separator: ", "),
            ]
        }
        let countries = himaya.countries.profiles.keys.sorted().map { ["code": $0, "selected": $0 == country] }
        return try himaya.page(
            "safety-help", title: "safety_help_title", request: request, context: context,
            values: [
                "services": services, "hasServices": !services.isEmpty, "countryValue": country ?? "",
                "countries": countries,
                "kinds": SafetyLibrary.kinds.map { ["value": $0, "label": catalogue.text("help_kind_\($0)"), "selected": $0 == kind] },
            ])
    }
}
