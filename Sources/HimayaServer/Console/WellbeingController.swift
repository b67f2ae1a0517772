import HimayaCore
import HimayaStore
import Hummingbird

/// The protection lead's setting for reviewer wellbeing: the daily cap on graphic items.
struct WellbeingController {
    let himaya: Himaya

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("wellbeing", use: show)
        group.post("wellbeing", use: save)
        group.post("console-reach", use: saveReach)
    }

    /// Whether responders see only the cases in their own languages and regions.
    @Sendable func saveReach(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        try await himaya.store.settings.set(
            SettingName.restrictToReach, to: fields["restrict"] == "yes" ? "yes" : nil, by: "staff:\(staff.id)")
        return .redirect(to: "/protection/wellbeing?lang=\(context.language)&saved=1", type: .normal)
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        let cap = try await himaya.store.settings.value(SettingName.dailyGraphicCap) ?? ""
        let saved: String? = request.uri.queryParameters["saved"] == "1" ? himaya.catalogues[context.language].text("wellbeing_saved") : nil
        let restricted = try await himaya.store.settings.value(SettingName.restrictToReach) == "yes"
        return try himaya.page(
            "wellbeing", title: "wellbeing_title", request: request, context: context,
            values: ["cap": cap, "notice": saved as Any, "restricted": restricted])
    }

    @Sendable func save(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw AppError.signInRequired }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        let text = fields["cap"] ?? ""
        if text.isEmpty {
            try await himaya.store.settings.set(SettingName.dailyGraphicCap, to: nil, by: "staff:\(staff.id)")
        } else {
            guard let cap = Int(text), (1...500).contains(cap) else {
                let catalogue = himaya.catalogues[context.language]
                return try himaya.page(
                    "wellbeing", title: "wellbeing_title", request: request, context: context,
                    values: ["cap": text, "error": catalogue.text("wellbeing_cap_invalid")], status: .unprocessableContent
                ).response(from: request, context: context)
            }
            try await himaya.store.settings.set(SettingName.dailyGraphicCap, to: String(cap), by: "staff:\(staff.id)")
        }
        return .redirect(to: "/protection/wellbeing?lang=\(context.language)&saved=1", type: .normal)
    }
}
