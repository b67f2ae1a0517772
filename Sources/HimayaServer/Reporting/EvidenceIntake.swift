import HimayaStore
import Crypto
public import Foundation
public import HimayaCore

/// Turns uploaded files into evidence: the type is read from the bytes, the size is limited, the
/// SHA-256 and time of receipt are recorded first, and a copy without metadata is made for responders.
public struct EvidenceIntake: Sendable {
    public static let fileLimit = 10 * 1024 * 1024
    public static let countLimit = 10

    /// A file that was refused, with the message key and the file name to show.
    public struct Refusal: Error, Sendable, Equatable {
        public let filename: String
        public let messageKey: String
    }

    public static func accept(filename: String, bytes: [UInt8], at now: Date) -> Result<EvidenceUpload, Refusal> {
        let name = String(filename.split(separator: "/").last ?? "file").prefix(200)
        guard bytes.count <= fileLimit else { return .failure(Refusal(filename: String(name), messageKey: "report_error_file_large")) }
        guard let type = EvidenceMediaType.sniff(bytes) else {
            return .failure(Refusal(filename: String(name), messageKey: "report_error_file_type"))
        }
        let digest = Hex.encode(SHA256.hash(data: bytes))
        guard let redacted = try? MetadataStripper.strip(bytes, as: type) else {
            return .failure(Refusal(filename: String(name), messageKey: "report_error_file_damaged"))
        }
        let file = EvidenceFile(name: String(name), mediaType: type, size: bytes.count, sha256: digest, receivedAt: now)
        return .success(EvidenceUpload(file: file, original: bytes, redacted: redacted))
    }
}
