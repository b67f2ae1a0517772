import Foundation
public import HimayaCore
public import HimayaDetection
public import HimayaImaging
import Crypto
import HimayaStore

/// Turns one piece of media (image bytes, or hashes the platform computed) into signals: decode,
/// hash (PDQ, MD5, SHA-256), look up every list, read the matches by the lists' rules.
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

    public func scan(_ media: Media, index: Int) -> Result {
        var pdq: PDQHash?
        var quality: Int?
        var exact: [HashSignal] = []
        switch media {
        case .image(let bytes):
            do {
                let pixels = try decoder.decode(bytes)
                let result = PDQHasher().hash(pixels)
                pdq = result.hash
                quality = result.quality
            } catch {
                // The exact hashes still tell whether the very file is listed.
                exact = Self.exactHashes(bytes)
                let signals = MediaMatching.signals(mediaIndex: index, quality: nil, candidates: library.candidates(pdq: nil, exact: exact))
                return Result(signals: signals, problem: error.description)
            }
            exact = Self.exactHashes(bytes)
        case .hashes(let hash, let givenQuality, let md5, let sha256):
            pdq = hash
            quality = givenQuality
            if let md5, let signal = HashSignal(kind: .md5, value: md5) { exact.append(signal) }
            if let sha256, let signal = HashSignal(kind: .sha256, value: sha256) { exact.append(signal) }
        }
        // A hash of a flat or tiny picture matches nearly anything: it is not looked up at all.
        if let quality, pdq != nil, quality < library.lowestMinimumQuality {
            let exactSignals = MediaMatching.signals(mediaIndex: index, quality: quality, candidates: library.candidates(pdq: nil, exact: exact))
            return Result(signals: exactSignals.isEmpty ? [MediaMatching.lowQuality(mediaIndex: index, quality: quality, minimum: library.lowestMinimumQuality)] : exactSignals, problem: nil)
        }
        return Result(signals: MediaMatching.signals(mediaIndex: index, quality: quality, candidates: library.candidates(pdq: pdq, exact: exact)), problem: nil)
    }

    static func exactHashes(_ bytes: [UInt8]) -> [HashSignal] {
        [
            HashSignal(kind: .md5, value: Hex.encode(Insecure.MD5.hash(data: bytes)))!,
            HashSignal(kind: .sha256, value: Hex.encode(SHA256.hash(data: bytes)))!,
        ]
    }
}
