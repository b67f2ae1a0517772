/// Why bytes could not be turned into pixels; `description` is safe to show a user.
public struct ImageDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure, stable for callers and tests.
    public enum Kind: String, Sendable {
        case unknownFormat = "unknown_format"
        case corrupt
        case truncated
        case tooLarge = "too_large"
        case unsupported
        case outOfMemory = "out_of_memory"
    }

    public let kind: Kind
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .unknownFormat: "not a JPEG, PNG, WebP or binary PPM image"
        case .corrupt: "the image is corrupt: \(detail)"
        case .truncated: "the image is truncated: \(detail)"
        case .tooLarge: "the image is too large: \(detail)"
        case .unsupported: "the image is not supported: \(detail)"
        case .outOfMemory: "not enough memory to decode the image"
        }
    }
}
