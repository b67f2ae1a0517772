import Foundation
public import Mustache

/// Renders the Mustache templates in `Templates/`, one per page, all text from the catalogues.
public struct PageRenderer: Sendable {
    private let library: MustacheLibrary

    public init(library: MustacheLibrary) { self.library = library }

    /// Loads the templates shipped with Himaya.
    public static func bundled() async throws -> PageRenderer {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return PageRenderer(library: try await MustacheLibrary(directory: directory.path))
    }

    /// Renders `template` with `values`; a missing template is an error, never an empty page.
    public func render(_ template: String, _ values: [String: Any]) throws -> String {
        guard let html = library.render(values, withTemplate: template) else {
            throw MissingTemplate(name: template)
        }
        return html
    }
}

/// A page asked for a template that does not exist.
public struct MissingTemplate: Error, CustomStringConvertible {
    public let name: String
    public var description: String { "no template named \(name)" }
}
