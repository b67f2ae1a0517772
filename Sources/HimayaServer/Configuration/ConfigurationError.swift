/// A setting that stops start-up: names the variable and says what it expects, never echoing a secret.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The environment variable at fault, such as `HIMAYA_PORT`.
    public let variable: String
    /// What a good value looks like.
    public let expected: String

    public var description: String { "\(variable): expected \(expected)" }
}
