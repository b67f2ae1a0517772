import ArgumentParser
import Foundation
import HimayaCore
import HimayaDetection
import HimayaServer
import HimayaStore

/// Reads labelled rows from CSV or JSON Lines files, keeping or dropping the held-out half.
enum LabelledFiles {
    /// A file's text, or an error naming the file.
    static func text(of path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("\(path): cannot read the file (\(error.localizedDescription))")
        }
    }

    static func read(_ paths: [String], language: String, holdout: String?) throws -> [LabelledText] {
        var rows: [LabelledText] = []
        for path in paths {
            let contents = try text(of: path)
            do {
                let jsonLines = path.lowercased().hasSuffix(".jsonl") || path.lowercased().hasSuffix(".ndjson")
                rows += try LabelledText.parse(contents, jsonLines: jsonLines, language: language)
            } catch {
                throw ValidationError("\(path): \(error)")
            }
        }
        switch holdout {
        case nil, "none": return rows
        case "train": return rows.filter { !$0.isHeldOut }
        case "held-out": return rows.filter(\.isHeldOut)
        default: throw ValidationError("--holdout must be none, train or held-out")
        }
    }
}

/// `himaya train`: fits the statistical text model from labelled files and writes the model file.
struct TrainTextModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the text model from labelled CSV or JSON Lines (columns text, label, and optionally lang, id).")

    @Option(help: "Where to write the model file.") var output: String
    @Option(help: "Hash buckets per label, as a power of two.") var bits = 18
    @Option(help: "Passes over the data.") var epochs = 8
    @Option(help: "Byte n-gram sizes read from each word, comma-separated.") var ngrams = "3,5"
    @Option(help: "The language of rows without a lang column.") var language = "en"
    @Option(help: "Which rows to use: none (all), train (leave the held-out half for evaluation) or held-out.") var holdout = "train"
    @Flag(help: "Let the model read the names of groups (by default the lexicons' neutral names of groups are masked).")
    var keepIdentities = false
    @Argument(help: "Labelled files (.csv, .jsonl).") var files: [String]

    func run() throws {
        guard (12...22).contains(bits) else { throw ValidationError("--bits must be between 12 and 22") }
        guard (1...50).contains(epochs) else { throw ValidationError("--epochs must be between 1 and 50") }
        let sizes = ngrams.split(separator: ",").compactMap { Int($0) }
        guard !sizes.isEmpty, sizes.allSatisfy({ (1...8).contains($0) }) else { throw ValidationError("--ngrams takes sizes from 1 to 8, such as 3,5") }
        let rows = try LabelledFiles.read(files, language: language, holdout: holdout)
        guard rows.contains(where: { $0.label == "threat" }), rows.contains(where: { $0.label == "none" }) else {
            throw ValidationError("the files need rows labelled threat and rows labelled none")
        }
        let examples = rows.map { TextModelTrainer.Example(text: $0.text, label: $0.label) }
        let counts = Dictionary(grouping: rows, by: \.label).mapValues(\.count)
        let about: [String: Any] = [
            "files": files.map { URL(fileURLWithPath: $0).lastPathComponent }, "rows": counts, "holdout": holdout, "bits": bits, "epochs": epochs, "ngrams": sizes,
            "identities_masked": !keepIdentities, "trained": ISO8601DateFormatter().string(from: Date()),
        ]
        let aboutJSON = String(decoding: try JSONSerialization.data(withJSONObject: about, options: [.sortedKeys]), as: UTF8.self)
        FileHandle.standardError.write(Data("training on \(rows.count) rows: \(counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))\n".utf8))
        let progress = TrainingProgress()
        // The lexicons' own reading of which words name a group, so that the model masks what the
        // detector will mask when it reads.
        let identities: ((NormalisedText) -> [Int])?
        if keepIdentities {
            identities = nil
        } else {
            let lexiconReader = try TextDetector(lexicons: try BundledText.lexicons(), model: nil)
            identities = { lexiconReader.identities(in: $0) }
        }
        let model = TextModelTrainer.train(examples, bits: bits, ngrams: sizes, epochs: epochs, about: aboutJSON, identities: identities) { done, total in
            progress.show(done, total)
        }
        FileHandle.standardError.write(Data("\n".utf8))
        try Data(model.encoded()).write(to: URL(fileURLWithPath: output))
        for head in model.heads {
            print("\(head.label): calibration slope \(String(format: "%.3f", head.calibrationSlope)), intercept \(String(format: "%.3f", head.calibrationIntercept))")
        }
        print("wrote \(output)")
    }
}

/// Draws training progress on standard error.
final class TrainingProgress: Sendable {
    func show(_ done: Int, _ total: Int) {
        let width = 30
        let filled = done * width / max(1, total)
        FileHandle.standardError.write(Data("\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] pass \(done)/\(total)".utf8))
    }
}

/// `himaya eval`: precision, recall and F1 of text detection on a labelled file.
struct EvaluateText: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure text detection on labelled CSV or JSON Lines: precision, recall, F1 and none rows flagged, per language and label.")

    @Flag(help: "Print one JSON object instead of a table.") var json = false
    @Option(help: "The language of rows without a lang column.") var language = "en"
    @Option(help: "Which rows to score: none (all), held-out (the half the shipped model did not train on) or train.") var holdout = "none"
    @Option(help: "A model file to use instead of the shipped one.") var model: String?
    @Flag(help: "Rules only, without the statistical model.") var rulesOnly = false
    @Option(help: "The score from which a threat is reported.") var threshold = TextDetector.defaultThreshold
    @Option(help: "The score from which abuse is reported.") var abuseThreshold = TextDetector.defaultAbuseThreshold
    @Option(help: "Write the rows read wrongly (missed, or flagged for the wrong label) to this CSV file, for a lexicon author, with the entries that matched but were cleared by their context.")
    var mistakes: String?
    @Option(help: "Leave out the rows of this functionality (repeat for several), to see the figures without them.")
    var withoutFunctionality: [String] = []
    @Argument(help: "Labelled files (.csv, .jsonl).") var files: [String]

    func run() throws {
        let rows = try LabelledFiles.read(files, language: language, holdout: holdout).filter { row in
            !withoutFunctionality.contains(row.functionality ?? "")
        }
        var textModel: TextModel? = try BundledText.model()
        if let model {
            do {
                textModel = try TextModel(decoding: [UInt8](Data(contentsOf: URL(fileURLWithPath: model))))
            } catch {
                throw ValidationError("\(model): \(error)")
            }
        }
        if rulesOnly { textModel = nil }
        guard (0...1).contains(threshold), (0...1).contains(abuseThreshold) else { throw ValidationError("thresholds are between 0 and 1") }
        let detector = try TextDetector(lexicons: try BundledText.lexicons(), model: textModel, threshold: threshold, abuseThreshold: abuseThreshold)
        let outcomes = rows.map { row in
            let signals = detector.detect(TextDetector.Post(text: row.text, languageHint: row.language), names: nil)
            let labels = Set(signals.compactMap { signal -> String? in
                signal.label == .threat || signal.label == .abuse ? signal.label.rawValue : nil
            })
            return TextEvaluation.Outcome(language: row.language, functionality: row.functionality, truth: row.label, predicted: labels)
        }
        let evaluation = TextEvaluation(outcomes)
        if let mistakes {
            // Entries that matched but were cleared by their context, and by which kind of it, so
            // that an author sees a negation, idiom or object list reaching too far.
            var normaliser = TextNormaliser()
            var lines = ["lang,id,functionality,label,predicted,cleared,text"]
            for (row, outcome) in zip(rows, outcomes) where !outcome.isRight {
                let cleared = detector.entryMatches(normaliser.normalise(row.text)).compactMap { match in
                    match.clearedBy.map { "\(match.entryID) by \($0)" }
                }
                let fields = [
                    row.language, row.id, row.functionality ?? "", row.label, outcome.predicted.sorted().joined(separator: "+"),
                    Set(cleared).sorted().joined(separator: "; "), row.text,
                ]
                lines.append(fields.map(CSVRows.quoted).joined(separator: ","))
            }
            do {
                try (lines.joined(separator: "\n") + "\n").write(toFile: mistakes, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("\(mistakes): \(error.localizedDescription)")
            }
        }
        print(json ? evaluation.json() : evaluation.table())
    }
}

/// `himaya scan`: text detection over a JSON Lines file of posts, against the protected people
/// in the database; prints what each post gave and what the rules would do, then a summary.
struct ScanTextFile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan a JSON Lines file of posts (id, text, authorId, authorName, mentions, languageHint) and print the signals; nothing is stored.")

    @Flag(help: "Print only posts that gave a signal.") var onlyFlagged = false
    @Argument(help: "The JSON Lines file.") var path: String

    struct Post: Decodable {
        var id: String
        var text: String?
        var authorId: String?
        var authorName: String?
        var mentions: [String]?
        var languageHint: String?
    }

    struct Line: Encodable {
        var id: String
        var signals: [TextSignal]
        var wouldOpenCase: String?
        var wouldAlert: Bool
        var firedRules: [String]
    }

    func run() async throws {
        let contents = try LabelledFiles.text(of: path)
        var posts: [Post] = []
        for (number, line) in contents.split(whereSeparator: \.isNewline).enumerated() where !line.allSatisfy(\.isWhitespace) {
            do {
                posts.append(try JSONDecoder().decode(Post.self, from: Data(line.utf8)))
            } catch {
                throw ValidationError("\(path), line \(number + 1): not a post object with an id (\(error.localizedDescription))")
            }
        }
        let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: CommandEnvironment.logger())
        try await himaya.textLibrary.reload(from: himaya.store, at: Date())
        let scanner = TextScanner(himaya: himaya)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var progress = ProgressBar(total: posts.count)
        var byLabel: [String: Int] = [:]
        var flagged = 0
        var cases = 0
        var alerts = 0
        var bytes = 0
        let start = Date()
        var reader = TextDetector.Reader(posts: posts.count)
        for post in posts {
            defer { progress.advance() }
            bytes += post.text?.utf8.count ?? 0
            let result = try await scanner.scan(
                TextScanner.Item(
                    contentID: post.id, text: post.text ?? "", authorID: post.authorId, authorName: post.authorName, mentions: post.mentions ?? [],
                    languageHint: post.languageHint),
                at: Date(), recording: false, reader: &reader)
            if !result.signals.isEmpty { flagged += 1 }
            for signal in result.signals { byLabel[signal.label.rawValue, default: 0] += 1 }
            if result.outcome.caseCategory != nil { cases += 1 }
            if !result.outcome.alerts.isEmpty { alerts += 1 }
            guard !onlyFlagged || !result.signals.isEmpty else { continue }
            let line = Line(
                id: post.id, signals: result.signals, wouldOpenCase: result.outcome.caseCategory?.rawValue, wouldAlert: !result.outcome.alerts.isEmpty,
                firedRules: result.outcome.firedRules)
            progress.print(String(decoding: try encoder.encode(line), as: UTF8.self))
        }
        progress.finish()
        let elapsed = Date().timeIntervalSince(start)
        let labels = byLabel.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("""
            \(posts.count) posts, \(flagged) with a signal (\(labels.isEmpty ? "none" : labels)); \(cases) would open or join a case, \(alerts) would alert a defender.
            \(String(format: "%.2f", elapsed)) s, \(String(format: "%.1f", Double(bytes) / 1e6 / max(elapsed, 1e-9))) MB/s of text, protected people: \(himaya.textLibrary.current.people.count).

            """.utf8))
        await himaya.store.shutdown()
    }
}

/// `himaya lexicon-check`: compiles lexicon files with the shipped ones and runs every entry's
/// examples and counter-examples, so that a local expert can add or edit a language without Swift.
struct CheckLexicons: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon-check",
        abstract: "Check lexicon files: patterns compile, examples fire their entry, counter-examples do not.")

    @Option(help: "Show how this text is folded and every entry it matches, cleared or not.") var text: String?
    @Flag(help: "List the patterns whose every step may be a frequent word (scanned in most posts).") var anchors = false
    @Argument(help: "Lexicon files (<language>.json); each replaces the shipped file of its language.") var files: [String] = []

    func run() throws {
        var lexicons: [String: Lexicon] = [:]
        for lexicon in try BundledText.lexicons() { lexicons[lexicon.language] = lexicon }
        var checked: [Lexicon] = []
        for file in files {
            let lexicon: Lexicon
            do {
                lexicon = try BundledText.lexicon(atPath: file)
            } catch {
                throw ValidationError("\(error)")
            }
            lexicons[lexicon.language] = lexicon
            checked.append(lexicon)
        }
        let detector: TextDetector
        do {
            detector = try TextDetector(lexicons: lexicons.values.sorted { $0.language < $1.language }, model: nil)
        } catch {
            throw ValidationError("\(error)")
        }
        var normaliser = TextNormaliser()
        if let text {
            let folded = normaliser.normalise(text)
            print("folded: \(folded.foldedString)")
            for match in detector.entryMatches(folded) {
                print("\(match.entryID) (\(match.kind), \(match.score)): \"\(folded.excerpt(match.words))\"\(match.clearedBy.map { " cleared by \($0)" } ?? "")\(match.quoted ? " quoted" : "")")
            }
            return
        }
        var failures = 0
        for lexicon in checked {
            var ids = Set<String>()
            for entry in lexicon.entries {
                if !ids.insert(entry.id).inserted {
                    print("\(entry.id): the id is used twice")
                    failures += 1
                }
                for example in entry.examples {
                    let matches = detector.entryMatches(normaliser.normalise(example))
                    guard !matches.contains(where: { $0.entryID == entry.id && $0.clearedBy == nil }) else { continue }
                    failures += 1
                    let cleared = matches.filter { $0.entryID == entry.id }.compactMap(\.clearedBy)
                    print("\(entry.id): does not fire on the example \"\(example)\"\(cleared.isEmpty ? "" : " (cleared by \(cleared.joined(separator: ", ")))")")
                    print("    folded: \(normaliser.normalise(example).foldedString)")
                }
                for example in entry.counterExamples {
                    let matches = detector.entryMatches(normaliser.normalise(example))
                    guard matches.contains(where: { $0.entryID == entry.id && $0.clearedBy == nil }) else { continue }
                    failures += 1
                    print("\(entry.id): fires on the counter-example \"\(example)\"")
                }
            }
            print("\(lexicon.language): \(lexicon.entries.count) entries checked")
        }
        print("\(detector.patternCount) compiled patterns in all; \(failures) problem\(failures == 1 ? "" : "s")")
        // Not problems, but each of these makes ordinary posts slower to scan.
        print("\(detector.weaklyAnchored.count) patterns with no step but frequent words\(anchors ? ":" : " (--anchors lists them)")")
        if anchors { for pattern in detector.weaklyAnchored { print("    \(pattern)") } }
        if failures > 0 { throw ExitCode(1) }
    }
}
