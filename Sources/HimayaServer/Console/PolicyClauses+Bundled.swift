import Foundation
public import HimayaCore

extension PolicyClauses {
    /// The clause list shipped in `Policy/clauses.json`; its version goes into every decision.
    public static func bundled() throws -> PolicyClauses {
        guard let folder = Bundle.module.url(forResource: "Policy", withExtension: nil) else { throw CocoaError(.fileNoSuchFile) }
        return try JSONDecoder().decode(PolicyClauses.self, from: Data(contentsOf: folder.appendingPathComponent("clauses.json")))
    }
}
