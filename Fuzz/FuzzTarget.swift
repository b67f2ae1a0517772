// libFuzzer entry point over everything that reads untrusted bytes: the image decoders (JPEG,
// PNG, WebP, PPM, EXIF), PDQ hashing of whatever decodes, the hash-list parsers, and text
// detection (folding, names, lexicon patterns, personal details, labelled-file parsers). The
// first byte picks the target; the rest is the input.
import Foundation
import HimayaDetection
import HimayaImaging

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let input = Array(bytes.dropFirst())
    switch bytes[0] % 7 {
    case 0:
        // A small pixel limit keeps each run fast; the limit itself is part of what is tested.
        if let pixels = try? ImageDecoder(maximumPixels: 4_000_000, jpegScaledDecodingMinimumSide: bytes.count % 2 == 0 ? 64 : nil).decode(input) {
            let hasher = PDQHasher()
            _ = hasher.hash(pixels)
            _ = hasher.dihedralHashes(pixels)
        }
    case 1:
        _ = try? HashListFile.parse(String(decoding: input, as: UTF8.self), format: .text)
    case 2:
        _ = try? HashListFile.parse(String(decoding: input, as: UTF8.self), format: .csv)
    case 3:
        let text = String(decoding: input, as: UTF8.self)
        if let hash = PDQHash(hex: text) { precondition(PDQHash(hex: hash.hex) == hash) }
    case 4:
        // Folding keeps every word inside the original text, in order, and the scan never traps.
        let text = String(decoding: input, as: UTF8.self)
        var normaliser = TextNormaliser()
        let folded = normaliser.normalise(text)
        var previous: Int32 = 0
        for token in folded.tokens {
            precondition(token.originStart >= previous && token.originStart < token.originEnd && Int(token.originEnd) <= text.utf8.count)
            previous = token.originStart
        }
        _ = fuzzDetector.detect(TextDetector.Post(text: text, authorName: text, aimedAt: [0]), names: fuzzNames)
    case 5:
        let text = String(decoding: input, as: UTF8.self)
        _ = try? LabelledText.parse(text, jsonLines: false)
        _ = try? LabelledText.parse(text, jsonLines: true)
    default:
        // Any pattern either compiles or is refused with a reason.
        let pattern = String(decoding: input.prefix(200), as: UTF8.self)
        let lexicon = Lexicon(
            language: "xx", name: "fuzz", version: 1, classes: ["you": ["you", "your {family|kids}"]], context: fuzzContext,
            entries: [.init(id: "xx.threat.fuzz", label: "threat", kind: "explicit_threat", score: 0.9, patterns: [pattern], examples: [], counterExamples: [])])
        if let detector = try? TextDetector(lexicons: [lexicon], model: nil) {
            _ = detector.detect(TextDetector.Post(text: "I will kill you and your family tomorrow 🔪"), names: nil)
        }
    }
    return 0
}

/// A fixed small detector and name automaton, built once.
let fuzzContext = try! JSONDecoder().decode(Lexicon.Context.self, from: Data(#"{"negation": ["not"], "reporting": ["he said"]}"#.utf8))
let fuzzNames = ProtectedNames(people: [["Maria Lopez", "@mlopez", "ماريا لوبيز"], ["李明"]])
let fuzzDetector = try! TextDetector(
    lexicons: [
        Lexicon(
            language: "en", name: "fuzz", version: 1, classes: ["you": ["you", "u"], "kill": ["kill*", "shoot*"]], context: fuzzContext,
            entries: [
                .init(id: "en.threat.fuzz", label: "threat", kind: "explicit_threat", score: 0.9, patterns: ["{i will|gonna} <kill> ~2 <you>", "<you> 🔪"], examples: [], counterExamples: []),
                .init(id: "en.doxxing_cue.fuzz", label: "doxxing_cue", kind: "location_cue", score: 0.6, patterns: ["lives at"], examples: [], counterExamples: []),
            ])
    ], model: nil)
