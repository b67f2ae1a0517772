import Foundation
public import HimayaCore
public import HimayaDetection
public import HimayaImaging
import Crypto
import HimayaStore

/// Turns the media of a batch of content items (image bytes, or hashes the platform computed) into
/// signals: decode, hash (PDQ, MD5, SHA-256), look up every list, read the matches by the lists'
/// rules.
public struct MediaScanner: Sendable {
    /// One image or its hashes, as a content item carries it.
    public enum Media: Sendable {
        case image([UInt8])
        case hashes(pdq: PDQHash?, quality: Int?, md5: String?, sha256: String?)
    }

    /// What came of one piece of media: its signals, or why it could not be read.
    public struct Result: Sendable {
        public var signals: [MediaSignal]
        public var problem: String?
    }

    let library: HashListLibrary
    let decoder: ImageDecoder

    public init(library: HashListLibrary, decoder: ImageDecoder = ImageDecoder(maximumPixels: 50_000_000, jpegScaledDecodingMinimumSide: 512)) {
        self.library = library
        self.decoder = decoder
    }

    /// A whole batch: every image decoded and hashed first, then every PDQ hash looked up in one
    /// pass over the lists, which costs about what one lookup does.
    public func scan(_ batch: [[Media]]) -> [[Result]] {
        let hashed = batch.map { $0.map(hash) }
        let lowest = library.lowestMinimumQuality
        let pieces = hashed.flatMap { $0 }
        let lookedUp = pieces.map { $0.problem == nil && !$0.tooPoor(below: lowest) ? $0.pdq : nil }
        let candidates = library.candidates(pdq: lookedUp, exact: pieces.map(\.exact))
        var next = 0
        return hashed.map { item in
            item.enumerated().map { index, piece in
                defer { next += 1 }
                let signals = MediaMatching.signals(mediaIndex: index, quality: piece.quality, candidates: candidates[next])
                if let problem = piece.problem { return Result(signals: signals, problem: problem) }
                if piece.tooPoor(below: lowest), signals.isEmpty {
                    return Result(signals: [MediaMatching.lowQuality(mediaIndex: index, quality: piece.quality ?? 0, minimum: lowest)], problem: nil)
                }
                return Result(signals: signals, problem: nil)
            }
        }
    }

    /// One piece of media made ready to look up.
    struct Hashed {
        var pdq: PDQHash?
        var quality: Int?
        var exact: [HashSignal]
        /// Why the image could not be read; its exact hashes are still looked up.
        var problem: String?

        /// A hash of a flat or tiny picture matches nearly anything: it is not looked up at all.
        func tooPoor(below minimum: Int) -> Bool {
            guard pdq != nil, let quality else { return false }
            return quality < minimum
        }
    }

    func hash(_ media: Media) -> Hashed {
        switch media {
        case .image(let bytes):
            // The exact hashes tell whether the very file is listed, even when it cannot be read.
            let exact = Self.exactHashes(bytes)
            do {
                let result = PDQHasher().hash(try decoder.decode(bytes))
                return Hashed(pdq: result.hash, quality: result.quality, exact: exact)
            } catch {
                return Hashed(exact: exact, problem: error.description)
            }
        case .hashes(let hash, let givenQuality, let md5, let sha256):
            var exact: [HashSignal] = []
            if let md5, let signal = HashSignal(kind: .md5, value: md5) { exact.append(signal) }
            if let sha256, let signal = HashSignal(kind: .sha256, value: sha256) { exact.append(signal) }
            return Hashed(pdq: hash, quality: givenQuality, exact: exact)
        }
    }

    static func exactHashes(_ bytes: [UInt8]) -> [HashSignal] {
        [
            HashSignal(kind: .md5, value: Hex.encode(Insecure.MD5.hash(data: bytes)))!,
            HashSignal(kind: .sha256, value: Hex.encode(SHA256.hash(data: bytes)))!,
        ]
    }
}
