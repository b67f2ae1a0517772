import Foundation
import HimayaCore
import HimayaStore
import Hummingbird

/// `POST /me/languages`: the language a defender's alerts come in, and the others they read.
struct DefenderLanguagesController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        router.post("/me/languages", use: save)
    }

    @Sendable func save(request: Request, context: AppRequestContext) async throws -> Response {
        guard let defender = context.defender else { throw AppError.signInRequired }
        let fields = try await request.formFields(limit: context.maxUploadSize)
        guard let languages = Defender.languages(alerts: fields["alerts"] ?? "", others: fields.all("reads")) else {
            return .redirect(to: "/me?lang=\(context.language)&done=me_languages_error#languages", type: .normal)
        }
        try await himaya.store.defenders.setLanguages(languages, for: defender.id)
        try await himaya.store.audit.append(
            AuditEntry(actor: "defender:\(defender.id)", action: "defender.languages_changed", subject: "defender:\(defender.id)",
                       detail: ["languages": languages.joined(separator: ",")]))
        return .redirect(to: "/me?lang=\(context.language)&done=me_languages_saved#languages", type: .normal)
    }
}
