public import Foundation

/// A file a reporter attached, as received. The chain of custody starts here: its SHA-256 and the
/// time it arrived are recorded before anything else happens to it.
public struct EvidenceFile: Sendable, Equatable {
    public typealias ID = Identifier<EvidenceFile>

    public var id: ID
    /// The name the reporter's device gave it; sealed, since names can say a lot.
    public var name: String
    public var mediaType: EvidenceMediaType
    /// Size in bytes of the original.
    public var size: Int
    /// Hex SHA-256 of the original bytes.
    public var sha256: String
    public var receivedAt: Date

    public init(id: ID = ID(), name: String, mediaType: EvidenceMediaType, size: Int, sha256: String, receivedAt: Date) {
        self.id = id
        self.name = name
        self.mediaType = mediaType
        self.size = size
        self.sha256 = sha256
        self.receivedAt = receivedAt
    }
}

/// A file with its bytes: the original as received, and the copy without metadata for responders.
public struct EvidenceUpload: Sendable, Equatable {
    public var file: EvidenceFile
    public var original: [UInt8]
    public var redacted: [UInt8]

    public init(file: EvidenceFile, original: [UInt8], redacted: [UInt8]) {
        self.file = file
        self.original = original
        self.redacted = redacted
    }
}
