import ArgumentParser
import Crypto
import Foundation
import HimayaDetection
import HimayaImaging

/// `himaya hash`: PDQ hashes of image files, one `hash,quality,path` line each, like the
/// reference's own command-line hasher.
struct HashImages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print the PDQ hash and quality of images (JPEG, PNG, WebP, binary PPM), files or folders.")

    @Flag(help: "Add the eight turned and mirrored hashes after the quality.") var dihedral = false
    @Flag(help: "Add the file's MD5 and SHA-256 after the quality (and the variants).") var exact = false
    @Option(help: "Decode big JPEGs at 1/2, 1/4 or 1/8 size while their short side stays at least this many pixels.")
    var scaledJpegMinimumSide: Int?
    @Argument(help: "Image files or folders (searched recursively).") var paths: [String]

    func run() throws {
        let files = try ImageFiles.expand(paths)
        let decoder = ImageDecoder(jpegScaledDecodingMinimumSide: scaledJpegMinimumSide)
        let hasher = PDQHasher()
        var progress = ProgressBar(total: files.count)
        var failures = 0
        for file in files {
            defer { progress.advance() }
            do {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
                let pixels = try decoder.decode(bytes)
                var fields: [String]
                if dihedral {
                    let result = hasher.dihedralHashes(pixels)
                    fields = [result.original.hex, String(result.quality)] + result.hashes.map(\.hex)
                } else {
                    let result = hasher.hash(pixels)
                    fields = [result.hash.hex, String(result.quality)]
                }
                if exact { fields += ExactHashes.of(bytes) }
                progress.print((fields + [file]).joined(separator: ","))
            } catch {
                failures += 1
                progress.printError("\(file): \(error)")
            }
        }
        progress.finish()
        if failures > 0 { throw ExitCode(2) }
    }
}

/// `himaya match`: which images (or hashes) are near the hashes of a list.
struct MatchImages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match images, or a file of hashes, against a hash list; print path,hash,quality,matched_hash,distance.")

    @Option(help: "The hash list: plain text (one hex hash a line) or exchange CSV.") var list: String
    @Option(help: "The list's form: text or csv (by default, csv for .csv files).") var format: String?
    @Option(help: "The largest Hamming distance that counts as a match.") var radius = 31
    @Option(help: "Images under this PDQ quality are not matched (their hashes are unreliable).") var minimumQuality = 50
    @Flag(help: "The arguments are files of hex hashes to look up, not images.") var hashes = false
    @Argument(help: "Image files or folders, or with --hashes, files of hashes.") var paths: [String]

    func run() throws {
        guard (0...256).contains(radius) else { throw ValidationError("--radius must be between 0 and 256") }
        let listText = try String(contentsOfFile: list, encoding: .utf8)
        let listFormat: HashListFile.Format
        if let format {
            guard let parsed = HashListFile.Format(rawValue: format) else { throw ValidationError("--format must be text or csv") }
            listFormat = parsed
        } else {
            listFormat = list.lowercased().hasSuffix(".csv") ? .csv : .text
        }
        let contents: HashListFile.Contents
        do {
            contents = try HashListFile.parse(listText, format: listFormat)
        } catch {
            throw ValidationError("\(list): \(error)")
        }
        let stored = contents.signals.compactMap(\.pdq)
        let index = PDQIndex(stored)
        var queries: [HashLookup] = []
        var failures = 0
        if hashes {
            for path in paths {
                let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
                for (number, line) in lines.enumerated() {
                    let text = line.split(separator: ",").first.map(String.init) ?? ""
                    guard let hash = PDQHash(hex: text.trimmingCharacters(in: .whitespaces)) else {
                        FileHandle.standardError.write(Data("\(path):\(number + 1): not a PDQ hash\n".utf8))
                        failures += 1
                        continue
                    }
                    queries.append(HashLookup(label: "\(path):\(number + 1)", hash: hash, quality: nil))
                }
            }
        }
        let files = hashes ? [] : try ImageFiles.expand(paths)
        var progress = ProgressBar(total: hashes ? queries.count : files.count)
        let hasher = PDQHasher()
        let decoder = ImageDecoder()
        // Hashes are looked up a few hundred at a time: one pass over the list answers them all.
        var pending: [HashLookup] = []
        func flush() {
            let searched: [PDQHash] = pending.filter { lookup in !lookup.tooPoor(minimumQuality) }.map { lookup in lookup.hash }
            var found: ArraySlice<[PDQIndexMatch]> = index.search(searched, within: radius)[...]
            for lookup in pending {
                if lookup.tooPoor(minimumQuality) {
                    progress.printError("\(lookup.label): not matched: quality \(lookup.quality ?? 0) is under \(minimumQuality)")
                    continue
                }
                let quality: String = lookup.quality.map { String($0) } ?? ""
                for match in found.removeFirst() {
                    let fields: [String] = [lookup.label, lookup.hash.hex, quality, index.hash(at: match.position).hex, String(match.distance)]
                    progress.print(fields.joined(separator: ","))
                }
            }
            pending.removeAll(keepingCapacity: true)
        }
        func report(_ lookup: HashLookup) {
            pending.append(lookup)
            if pending.count == 256 { flush() }
        }
        for query in queries {
            report(query)
            progress.advance()
        }
        for file in files {
            defer { progress.advance() }
            do {
                let pixels = try decoder.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: file))))
                let result = hasher.hash(pixels)
                report(HashLookup(label: file, hash: result.hash, quality: result.quality))
            } catch {
                failures += 1
                progress.printError("\(file): \(error)")
            }
        }
        flush()
        progress.finish()
        if failures > 0 { throw ExitCode(2) }
    }
}

/// One hash to look up, with where it came from.
struct HashLookup {
    var label: String
    var hash: PDQHash
    /// The image's PDQ quality; nil for a hash given as it is.
    var quality: Int?

    func tooPoor(_ minimum: Int) -> Bool { quality.map { $0 < minimum } ?? false }
}

/// MD5 and SHA-256 of a file's bytes, for lists that must match exactly.
enum ExactHashes {
    static func of(_ bytes: [UInt8]) -> [String] {
        [Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined(), SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()]
    }
}

/// Files named on the command line, folders searched recursively, in a stable order.
enum ImageFiles {
    static let extensions: Set<String> = ["jpg", "jpeg", "png", "webp", "ppm"]

    static func expand(_ paths: [String]) throws -> [String] {
        var files = [String]()
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw ValidationError("\(path): no such file or folder")
            }
            if isFolder.boolValue {
                let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
                files += found.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }
}

/// A progress bar on standard error, redrawn at most ten times a second, so standard output
/// stays clean for the results.
struct ProgressBar {
    let total: Int
    private var done = 0
    private var lastDraw = Date.distantPast
    private let enabled = isatty(STDERR_FILENO) == 1 || ProcessInfo.processInfo.environment["HIMAYA_PROGRESS"] == "1"

    init(total: Int) { self.total = total }

    mutating func advance() {
        done += 1
        if Date().timeIntervalSince(lastDraw) > 0.1 || done == total { draw() }
    }

    func print(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func printError(_ line: String) {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private mutating func draw() {
        guard enabled, total > 0 else { return }
        lastDraw = Date()
        let width = 30
        let filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
    }

    func finish() {
        if enabled && total > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
