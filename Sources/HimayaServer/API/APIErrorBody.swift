/// The JSON body of every API error: a stable code for programs and a message for people.
public struct APIErrorBody: Codable, Sendable {
    /// One field of a rejected request and what is wrong with it.
    public struct Problem: Codable, Sendable, Equatable {
        public var field: String
        public var code: String
        public var message: String
    }

    public struct Detail: Codable, Sendable {
        public var code: String
        public var message: String
        public var problems: [Problem]?
    }

    public var error: Detail
}
