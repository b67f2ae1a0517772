/// Errors the store reports to the domain, without the database's own words.
public struct StoreError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case duplicate(String)
        case notFound(String)
        case unavailable
    }

    private let code: Code

    /// A record with the same unique key already exists.
    public static func duplicate(_ what: String) -> StoreError { StoreError(code: .duplicate(what)) }
    /// The record asked for does not exist.
    public static func notFound(_ what: String) -> StoreError { StoreError(code: .notFound(what)) }
    /// The database cannot be reached.
    public static let unavailable = StoreError(code: .unavailable)

    public var isDuplicate: Bool { if case .duplicate = code { true } else { false } }

    public var description: String {
        switch code {
        case .duplicate(let what): "duplicate \(what)"
        case .notFound(let what): "\(what) not found"
        case .unavailable: "database unavailable"
        }
    }
}
