import Hummingbird

extension Himaya {
    /// Renders a page inside the shared layout: language, direction, switcher, form token and
    /// navigation are filled in here, so a page only supplies its own values.
    func page(
        _ template: String, title titleKey: String, request: Request, context: AppRequestContext,
        values: [String: Any] = [:], status: HTTPResponse.Status = .ok
    ) throws -> HTMLPage {
        let catalogue = catalogues[context.language]
        var all = values.mapValues(Self.present)
        all["t"] = catalogue.messages
        all["lang"] = catalogue.code
        all["dir"] = catalogue.isRightToLeft ? "rtl" : "ltr"
        all["title"] = catalogue.text(titleKey)
        all["csrf"] = context.csrfToken
        all["staff"] = context.staff != nil
        all["languages"] = languageLinks(path: request.uri.path, current: catalogue.code)
        return HTMLPage(html: try pages.render(template, all), status: status)
    }

    /// A missing value (`nil` passed as `Any`) becomes `false`, which templates treat as absent;
    /// left as it is, the template engine would show it as present and print "nil".
    static func present(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return false }
            return present(wrapped)
        }
        switch value {
        case let dictionary as [String: Any]: return dictionary.mapValues(present)
        case let list as [[String: Any]]: return list.map { $0.mapValues(present) }
        default: return value
        }
    }

    /// One link per language to the same page, so switching never loses one's place.
    func languageLinks(path: String, current: String) -> [[String: Any]] {
        catalogues.ordered.map { catalogue in
            ["code": catalogue.code, "name": catalogue.name, "url": "\(path)?lang=\(catalogue.code)",
             "current": catalogue.code == current]
        }
    }
}
