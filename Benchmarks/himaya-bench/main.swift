// Benchmarks of PDQ hashing and matching, printed as one JSON object a line so the scripts in
// Benchmarks/ can set them beside the reference tools measured in the same run.
import Foundation
import HimayaDetection
import HimayaImaging

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func json(_ fields: [(String, Any)]) {
    let body = fields.map { key, value in
        let text: String
        switch value {
        case let string as String: text = "\"\(string)\""
        case let double as Double: text = String(format: "%.4f", double)
        default: text = "\(value)"
        }
        return "\"\(key)\": \(text)"
    }.joined(separator: ", ")
    print("{\(body)}")
}

/// Runs `body` repeatedly for about `duration` seconds; returns runs per second.
func rate(for duration: Double = 3, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var runs = 0
    let elapsed = try seconds {
        let start = DispatchTime.now().uptimeNanoseconds
        while Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < duration {
            try body()
            runs += 1
        }
    }
    return Double(runs) / elapsed
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "hash":
    // Decoded pixels to hash, as the reference is timed on the same PPM pixels.
    let hasher = PDQHasher()
    for path in arguments.dropFirst() {
        let pixels = try PortablePixmap.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        let perSecond = rate { _ = hasher.hash(pixels) }
        json([("image", (path as NSString).lastPathComponent), ("width", pixels.width), ("height", pixels.height), ("himaya_hashes_per_s", perSecond)])
    }
case "files":
    // Whole files: bytes to hash, decoding included.
    let scaled = ProcessInfo.processInfo.environment["HIMAYA_BENCH_SCALED"].flatMap(Int.init)
    let decoder = ImageDecoder(jpegScaledDecodingMinimumSide: scaled)
    let hasher = PDQHasher()
    let files = try arguments.dropFirst().map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0))) }
    var done = 0
    let elapsed = try seconds {
        while done < max(30, files.count) {
            _ = hasher.hash(try decoder.decode(files[done % files.count]))
            done += 1
        }
    }
    json([("files", files.count), ("scaled_min_side", scaled ?? 0), ("himaya_files_per_s", Double(done) / elapsed)])
case "encode":
    // Writes each PPM as a JPEG (quality 90) into the folder given first.
    let folder = arguments.dropFirst().first!
    for path in arguments.dropFirst(2) {
        let pixels = try PortablePixmap.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".jpg"
        try Data(ImageEncoder.encode(pixels, as: .jpeg, quality: 90)!).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
    }
case "scaled-cost":
    // Bits lost by scaled JPEG decoding, against the full-size decode of the same file.
    let hasher = PDQHasher()
    for path in arguments.dropFirst() {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let full = hasher.hash(try ImageDecoder().decode(bytes))
        for side in [1024, 512, 256, 128, 64] {
            let scaledPixels = try ImageDecoder(jpegScaledDecodingMinimumSide: side).decode(bytes)
            let scaled = hasher.hash(scaledPixels)
            json([("image", (path as NSString).lastPathComponent), ("min_side", side), ("decoded_width", scaledPixels.width),
                  ("quality", full.quality), ("bits_changed", full.hash.distance(to: scaled.hash))])
        }
    }
case "match":
    // N random hashes and Q queries, each a stored hash with 20 bits flipped; written to the
    // folder given so the reference indexes search the very same hashes.
    let count = Int(arguments.dropFirst().first!)!
    let queries = Int(arguments.dropFirst(2).first ?? "1000")!
    let folder = arguments.dropFirst(3).first
    var random = SplitMix(seed: 7)
    var hashes = [PDQHash]()
    hashes.reserveCapacity(count)
    for _ in 0..<count { hashes.append(PDQHash(limbs: SIMD4(random.next(), random.next(), random.next(), random.next()))) }
    var planted = [(query: PDQHash, target: Int)]()
    for _ in 0..<queries {
        let target = Int(random.next() % UInt64(count))
        var query = hashes[target]
        var flipped = Set<Int>()
        while flipped.count < 20 { flipped.insert(Int(random.next() % 256)) }
        for bit in flipped { query.limbs[bit >> 6] ^= 1 << UInt64(bit & 63) }
        planted.append((query, target))
    }
    if let folder {
        var db = [UInt8](); db.reserveCapacity(count * 32)
        for hash in hashes { db += hash.bytes }
        try Data(db).write(to: URL(fileURLWithPath: folder).appendingPathComponent("db.bin"))
        try Data(planted.flatMap { $0.query.bytes }).write(to: URL(fileURLWithPath: folder).appendingPathComponent("queries.bin"))
    }
    var index: PDQIndex!
    let build = seconds { index = PDQIndex(hashes) }
    var found = 0, results = 0
    let elapsed = seconds {
        for (query, target) in planted {
            let matches = index.search(query, within: 31)
            results += matches.count
            if matches.contains(where: { $0.position == target }) { found += 1 }
        }
    }
    json([("index", "himaya PDQIndex"), ("stored", count), ("queries", queries), ("build_s", build), ("ms_per_query", elapsed * 1000 / Double(queries)),
          ("results", results), ("recall", Double(found) / Double(queries)), ("bytes_per_hash", Double(index.memoryBytes) / Double(count))])
    // The flat scan on the same data, for the choice between the two.
    let flat = 200
    var flatFound = 0
    let flatElapsed = seconds {
        for (query, target) in planted.prefix(flat) {
            var hit = false
            for (position, hash) in hashes.enumerated() where hash.distance(to: query) <= 31 { if position == target { hit = true } }
            if hit { flatFound += 1 }
        }
    }
    json([("index", "himaya flat scan"), ("stored", count), ("queries", min(flat, queries)), ("ms_per_query", flatElapsed * 1000 / Double(min(flat, queries))),
          ("recall", Double(flatFound) / Double(min(flat, queries)))])
case "enforcement-seed":
    try await EnforcementBench.seed(count: Int(arguments.dropFirst().first ?? "1000000")!)
case "enforcement-check":
    try await EnforcementBench.run(checks: Int(arguments.dropFirst().first ?? "1000000")!, protectedCount: Int(arguments.dropFirst(2).first ?? "1000")!)
case "text":
    try TextBench.run(folder: String(arguments.dropFirst().first ?? "."), limit: arguments.dropFirst(2).first.flatMap { Int($0) })
default:
    FileHandle.standardError.write(Data("usage: himaya-bench text DIR [POSTS] | hash PPM... | files IMAGE... | encode DIR PPM... | scaled-cost JPEG... | match N [Q] [DIR] | enforcement-seed N | enforcement-check CHECKS HOLDS\n".utf8))
    exit(2)
}
