import Foundation
import HimayaDetection

/// The text scan on the inputs of `gen_corpus.py`: building the automaton for every pattern,
/// matching alone, the lexicons and the model each alone, and the whole scan (normalise, match
/// names, every detector, the model), one post at a time on one core.
enum TextBench {
    static func residentMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Calls `body` with each line of a file, read in place so the corpus is never held whole.
    static func eachLine(_ path: String, limit: Int?, _ body: (String) -> Void) -> (lines: Int, bytes: Int) {
        guard let file = fopen(path, "r") else { return (0, 0) }
        defer { fclose(file) }
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        var lines = 0
        var bytes = 0
        while limit.map({ lines < $0 }) ?? true {
            let length = getline(&buffer, &capacity, file)
            guard length > 0, let buffer else { break }
            var count = length
            if buffer[count - 1] == 10 { count -= 1 }
            let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: count), as: UTF8.self)
            lines += 1
            bytes += count + 1
            body(line)
        }
        free(buffer)
        return (lines, bytes)
    }

    /// With `scanOnly`, the whole scan alone, for a profiler.
    static func run(folder: String, limit: Int?, scanOnly: Bool = false) throws {
        let patterns = try String(contentsOfFile: folder + "/patterns.txt", encoding: .utf8).split(separator: "\n").map(String.init)
        let corpus = folder + "/corpus.txt"
        let before = residentMegabytes()

        var names: ProtectedNames?
        let build = seconds { names = ProtectedNames(people: patterns.map { [$0] }) }
        guard let names else { return }
        json([("step", "build"), ("patterns", patterns.count), ("names", names.nameCount), ("seconds", build), ("automaton_mb", Double(names.memoryBytes) / 1e6)])

        // Reading alone, to take out of the other figures.
        var counted = (lines: 0, bytes: 0)
        let readTime = seconds { counted = eachLine(corpus, limit: limit) { _ in } }
        let megabytes = Double(counted.bytes) / 1e6

        if scanOnly {
            try scan(corpus, limit: limit, megabytes: megabytes, readTime: readTime, detector: BundledText.detector(), names: names)
            return
        }
        var normaliser = TextNormaliser()
        var words = 0
        let normaliseTime = seconds { _ = eachLine(corpus, limit: limit) { words += normaliser.normalise($0).tokens.count } } - readTime
        json([("step", "normalise"), ("posts", counted.lines), ("megabytes", megabytes), ("MBps", megabytes / normaliseTime), ("words", words)])

        // Matching alone: the automaton over the folded words, timed around the match only.
        var mentions = 0
        var matchNanoseconds: UInt64 = 0
        _ = eachLine(corpus, limit: limit) { post in
            let text = normaliser.normalise(post)
            let start = DispatchTime.now().uptimeNanoseconds
            mentions += names.countMentions(in: text)
            matchNanoseconds += DispatchTime.now().uptimeNanoseconds - start
        }
        let matchTime = Double(matchNanoseconds) / 1e9
        json([("step", "match"), ("MBps", megabytes / matchTime), ("posts_per_s", Double(counted.lines) / matchTime), ("matches", mentions),
              ("MBps_with_normalising", megabytes / (matchTime + normaliseTime))])

        let detector = try BundledText.detector()
        // The two costliest parts alone, timed around themselves: every lexicon pattern, and the model.
        var lexiconNanoseconds: UInt64 = 0
        var modelNanoseconds: UInt64 = 0
        var entryHits = 0
        var memo = TextModel.WordMemo()
        _ = eachLine(corpus, limit: limit) { post in
            let text = normaliser.normalise(post)
            let start = DispatchTime.now().uptimeNanoseconds
            entryHits += detector.entryMatches(text).count
            let middle = DispatchTime.now().uptimeNanoseconds
            _ = detector.model?.predict(text, memo: &memo)
            modelNanoseconds += DispatchTime.now().uptimeNanoseconds - middle
            lexiconNanoseconds += middle - start
        }
        json([
            ("step", "parts"), ("lexicons_MBps", megabytes / (Double(lexiconNanoseconds) / 1e9)), ("lexicon_matches", entryHits),
            ("model_MBps", megabytes / (Double(modelNanoseconds) / 1e9)),
        ])
        scan(corpus, limit: limit, megabytes: megabytes, readTime: readTime, detector: detector, names: names)
        json([("step", "memory"), ("peak_rss_mb", residentMegabytes()), ("before_mb", before)])
    }

    static func scan(
        _ corpus: String, limit: Int?, megabytes: Double, readTime: Double, detector: TextDetector, names: ProtectedNames
    ) {
        var reader = TextDetector.Reader()
        var signals = 0
        var threats = 0
        var posts = 0
        let scanTime = seconds {
            posts = eachLine(corpus, limit: limit) { post in
                let found = detector.detect(TextDetector.Post(text: post), names: names, using: &reader)
                signals += found.count
                if found.contains(where: { $0.label == .threat }) { threats += 1 }
            }.lines
        } - readTime
        json([
            ("step", "whole scan"), ("MBps", megabytes / scanTime), ("posts_per_s", Double(posts) / scanTime),
            ("signals", signals), ("posts_with_threat", threats), ("model", detector.model == nil ? "none" : "yes"),
            ("lexicon_patterns", detector.patternCount),
            ("model_memo_hit_rate", Double(reader.memo.hits) / Double(max(1, reader.memo.hits + reader.memo.misses))),
        ])
    }
}
