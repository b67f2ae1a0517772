// Benchmarks of PDQ hashing and matching, printed as one JSON object a line so the scripts in
// Benchmarks/ can set them beside the reference tools measured in the same run.
import Foundation
import HimayaDetection
import HimayaHamming
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
    let queryHashes = planted.map(\.query)
    func recall(_ results: [[PDQIndexMatch]]) -> (found: Int, results: Int) {
        var found = 0
        for (i, matches) in results.enumerated() where matches.contains(where: { $0.position == planted[i].target }) { found += 1 }
        return (found, results.reduce(0) { $0 + $1.count })
    }
    // The compact layout, the whole batch at once, with each vector unit this processor offers.
    var compact: PDQIndex!
    let compactBuild = seconds { compact = PDQIndex(hashes, layout: .compact) }
    for unit in VectorUnit.usable.reversed() {
        var results = [[PDQIndexMatch]]()
        let elapsed = seconds { results = compact.search(queryHashes, within: 31, unit: unit) }
        let (found, total) = recall(results)
        json([("index", "himaya PDQIndex compact, batch, \(unit.name)"), ("stored", count), ("queries", queries), ("build_s", compactBuild),
              ("ms_per_query", elapsed * 1000 / Double(queries)), ("results", total), ("recall", Double(found) / Double(queries)),
              ("bytes_per_hash", Double(compact.memoryBytes) / Double(count))])
    }
    // One query at a time, as a single image is looked up: the compact scan and the tables.
    let single = min(200, queries)
    var singleResults = [[PDQIndexMatch]]()
    let compactSingle = seconds { singleResults = queryHashes.prefix(single).map { compact.search($0, within: 31) } }
    json([("index", "himaya PDQIndex compact, one at a time, \(VectorUnit.detected.name)"), ("stored", count), ("queries", single),
          ("ms_per_query", compactSingle * 1000 / Double(single)), ("recall", Double(recall(singleResults).found) / Double(single)),
          ("bytes_per_hash", Double(compact.memoryBytes) / Double(count))])
    compact = nil
    var tables: PDQIndex!
    let tablesBuild = seconds { tables = PDQIndex(hashes, layout: .tables) }
    var tableResults = [[PDQIndexMatch]]()
    let tablesElapsed = seconds { tableResults = queryHashes.map { tables.search($0, within: 31) } }
    let (tablesFound, tablesTotal) = recall(tableResults)
    json([("index", "himaya PDQIndex tables, one at a time"), ("stored", count), ("queries", queries), ("build_s", tablesBuild),
          ("ms_per_query", tablesElapsed * 1000 / Double(queries)), ("results", tablesTotal), ("recall", Double(tablesFound) / Double(queries)),
          ("bytes_per_hash", Double(tables.memoryBytes) / Double(count))])
case "enforcement-seed":
    try await EnforcementBench.seed(count: Int(arguments.dropFirst().first ?? "1000000")!)
case "enforcement-check":
    try await EnforcementBench.run(checks: Int(arguments.dropFirst().first ?? "1000000")!, protectedCount: Int(arguments.dropFirst(2).first ?? "1000")!)
case "text":
    try TextBench.run(
        folder: String(arguments.dropFirst().first ?? "."), limit: arguments.dropFirst(2).first.flatMap { Int($0) },
        scanOnly: arguments.dropFirst(3).first == "scan")
default:
    FileHandle.standardError.write(Data("usage: himaya-bench text DIR [POSTS [scan]] | hash PPM... | files IMAGE... | encode DIR PPM... | scaled-cost JPEG... | match N [Q] [DIR] | enforcement-seed N | enforcement-check CHECKS HOLDS\n".utf8))
    exit(2)
}
