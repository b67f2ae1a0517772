import Foundation

/// The statistical side of text detection: a linear model per label over hashed word and
/// n-gram features, with Platt calibration so that its score is a probability. Trained by
/// `himaya train`, shipped as a small versioned file beside the lexicons. Weights are held as
/// 8-bit integers with the heads side by side, so one cache line serves every head.
public struct TextModel: Sendable {
    /// One label's constants.
    public struct Head: Sendable, Equatable {
        public var label: String
        public var bias: Float
        /// Multiplies the 8-bit weights back to their trained size.
        public var scale: Float
        /// Platt calibration of the model's probability: p = σ(a·logit(s) + c).
        public var calibrationSlope: Float
        public var calibrationIntercept: Float
    }

    /// Why a model file cannot be read.
    public struct FileProblem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// 2 added the flags (identity masking); files of version 1 still read.
    public static let formatVersion: UInt32 = 2
    static let magic = Array("HMYTXTM1".utf8)

    public let bits: Int
    /// Byte n-gram sizes read from each word.
    public let ngrams: [Int]
    public var heads: [Head]
    /// Whether the model was trained with neutral names of groups masked (`Lexicon.Context.identities`),
    /// and so must be given the same masks when it reads.
    public let masksIdentities: Bool
    /// Bucket-major: weight of head h for bucket b at b × heads + h.
    let packed: [Int8]
    /// Free-form facts about training (data, date, rows), as JSON.
    public let about: String
    /// Tells this model apart from any other in the process, for the memos that follow it.
    let identity = UInt64.random(in: 1...UInt64.max)

    /// A model from trained weights (one array of 2^bits per head), quantised to 8 bits.
    public init(bits: Int, ngrams: [Int], labels: [String], biases: [Float], weights: [[Float]], masksIdentities: Bool = false, about: String) {
        precondition((1...8).contains(labels.count), "a model has one to eight heads")
        var heads: [Head] = []
        var packed = [Int8](repeating: 0, count: (1 << bits) * labels.count)
        for (h, label) in labels.enumerated() {
            let largest = weights[h].map(abs).max() ?? 0
            let scale = largest > 0 ? largest / 127 : 1
            for (bucket, weight) in weights[h].enumerated() {
                packed[bucket * labels.count + h] = Int8(max(-127, min(127, (weight / scale).rounded())))
            }
            heads.append(Head(label: label, bias: biases[h], scale: scale, calibrationSlope: 1, calibrationIntercept: 0))
        }
        self.init(bits: bits, ngrams: ngrams, heads: heads, masksIdentities: masksIdentities, packed: packed, about: about)
    }

    private init(bits: Int, ngrams: [Int], heads: [Head], masksIdentities: Bool, packed: [Int8], about: String) {
        self.bits = bits
        self.ngrams = ngrams
        self.heads = heads
        self.masksIdentities = masksIdentities
        self.packed = packed
        self.about = about
    }

    /// One head's verdict on a text.
    public struct Prediction: Sendable {
        public var label: String
        public var probability: Double
        /// Words (indices) that pushed the score up most; filled only when asked for.
        public var words: [Int]
    }

    /// The probability of each head's label, and when `explain` is set the words behind it.
    /// `identities` are the words naming groups neutrally (in order), used when the model masks them.
    public func predict(_ text: NormalisedText, identities: [Int] = [], explain: Bool = false) -> [Prediction] {
        var memo = WordMemo.none
        return predict(text, identities: identities, explain: explain, memo: &memo)
    }

    /// The same, with what a reader's `memo` remembers of words met before (two heads only).
    public func predict(_ text: NormalisedText, identities: [Int] = [], explain: Bool = false, memo: inout WordMemo) -> [Prediction] {
        let count = heads.count
        // At most eight heads (the file format's limit), summed on the stack.
        var sums: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0, 0, 0)
        var featureCount = 0
        // The features are summed as they come; they are kept only to explain.
        var features: [TextFeatures.Feature] = []
        let masked = masksIdentities ? identities : []
        if count == 2 && !explain {
            (sums.0, sums.1, featureCount) = twoHeadSums(text, masked: masked, memo: &memo)
        } else {
            packed.withUnsafeBufferPointer { weights in
                withUnsafeMutableBytes(of: &sums) { bytes in
                    let sums = bytes.bindMemory(to: Int32.self)
                    TextFeatures.forEach(text, bits: bits, ngrams: ngrams, masked: masked) { feature in
                        let base = Int(feature.bucket) &* count
                        for h in 0..<count { sums[h] &+= Int32(weights[base &+ h]) &* Int32(feature.sign) }
                        featureCount &+= 1
                        if explain { features.append(feature) }
                    }
                }
            }
        }
        let norm = 1 / Float(Double(featureCount).squareRoot())
        let totals = sums
        func sum(_ head: Int) -> Int32 { withUnsafeBytes(of: totals) { $0.load(fromByteOffset: head * 4, as: Int32.self) } }
        return heads.enumerated().map { h, head in
            let probability = Double(Self.sigmoid(head.bias + Float(sum(h)) * head.scale * norm))
            var words: [Int] = []
            if explain {
                var byWord = [Int32](repeating: 0, count: text.tokens.count + 1)
                for feature in features {
                    byWord[Int(feature.word)] += Int32(packed[Int(feature.bucket) * count + h]) * Int32(feature.sign)
                }
                words = byWord.indices.filter { byWord[$0] > 0 && $0 < text.tokens.count }.sorted { byWord[$0] > byWord[$1] }.prefix(3).sorted()
            }
            return Prediction(label: head.label, probability: probability, words: words)
        }
    }

    /// The shipped model's two heads, summed in registers (a loop over the heads, summing through
    /// memory, was a third of the model's time), with what each word adds on its own (its
    /// feature and its n-grams) taken from the memo when it holds the word. Returns both sums and
    /// the number of features.
    private func twoHeadSums(_ text: NormalisedText, masked: [Int], memo: inout WordMemo) -> (Int32, Int32, Int) {
        memo.follow(identity)
        var first: Int32 = 0
        var second: Int32 = 0
        var count = 0
        var hits = 0
        var misses = 0
        let shift = UInt64(64 - bits)
        let ngrams = ngrams
        packed.withUnsafeBufferPointer { weights in
            memo.slots.withUnsafeMutableBufferPointer { slots in
                let mask = slots.count &- 1
                @inline(__always) func weigh(_ hash: UInt64, _ a: inout Int32, _ b: inout Int32) {
                    let base = Int(truncatingIfNeeded: hash >> shift) &* 2
                    let sign: Int32 = hash & 0x100 == 0 ? 1 : -1
                    a &+= Int32(weights[base]) &* sign
                    b &+= Int32(weights[base &+ 1]) &* sign
                }
                TextFeatures.forEachWord(text, masked: masked) { word in
                    let hash = word.hash
                    weigh(TextFeatures.mix(word.previous &* 31 ^ hash), &first, &second)
                    count &+= 2
                    guard word.hasLetters else {
                        weigh(TextFeatures.mix(hash), &first, &second)
                        return
                    }
                    count &+= TextFeatures.ngramCount(letters: word.letterCount, ngrams: ngrams)
                    // Word hashes always have their lowest bit set: the slot comes from higher ones.
                    let index = Int(truncatingIfNeeded: hash >> 17) & mask
                    if !slots.isEmpty && slots[index].hash == hash {
                        first &+= slots[index].first
                        second &+= slots[index].second
                        hits &+= 1
                        return
                    }
                    // The word itself and its n-grams: all that depends on the word alone.
                    var a: Int32 = 0
                    var b: Int32 = 0
                    weigh(TextFeatures.mix(hash), &a, &b)
                    TextFeatures.forEachNgram(of: word.letters(), ngrams: ngrams) { weigh($0, &a, &b) }
                    first &+= a
                    second &+= b
                    guard !slots.isEmpty else { return }
                    slots[index] = WordMemo.Slot(hash: hash, first: a, second: b)
                    misses &+= 1
                }
                weigh(TextFeatures.constant, &first, &second)
                count &+= 1
            }
        }
        memo.count(hits: hits, misses: misses)
        return (first, second, count)
    }

    /// The score of a label from a rule score (the lexicon author's confidence in a match, 0 when
    /// no rule fired) and the model's raw probability: the model's probability is calibrated
    /// (Platt scaling, fitted on rows its weights never saw), then the two are combined as
    /// independent pieces of evidence, so a rule hit never scores lower than its author said.
    public func calibrated(_ label: String, rule: Double, model: Double) -> Double {
        1 - (1 - rule) * (1 - calibratedModel(label, model))
    }

    /// The model's probability after Platt calibration.
    public func calibratedModel(_ label: String, _ probability: Double) -> Double {
        guard let head = heads.first(where: { $0.label == label }) else { return probability }
        return Double(Self.sigmoid(head.calibrationSlope * Float(Self.logit(probability)) + head.calibrationIntercept))
    }

    /// The raw probability of head `head` below which its calibrated probability stays under
    /// `calibrated` (a millionth of margin kept); -1 when calibration runs the wrong way round
    /// (a slope that is not positive, never fitted so), so that no probability is below it.
    func rawProbability(below calibrated: Double, head: Int) -> Double {
        let head = heads[head]
        guard head.calibrationSlope > 0 else { return -1 }
        let logit = (Self.logit(calibrated) - Double(head.calibrationIntercept)) / Double(head.calibrationSlope)
        return Double(Self.sigmoid(Float(logit))) - 1e-6
    }

    /// log(p / (1 − p)), with p kept a millionth away from 0 and 1.
    static func logit(_ probability: Double) -> Double {
        let clipped = min(max(probability, 1e-6), 1 - 1e-6)
        return log(clipped / (1 - clipped))
    }

    static func sigmoid(_ z: Float) -> Float { 1 / (1 + exp(-z)) }

    // MARK: - File

    /// The model as bytes: magic, version, bits, n-gram sizes, flags (bit 0: identities masked),
    /// heads (label, bias, scale, calibration), the packed 8-bit weights, then the `about` JSON.
    public func encoded() -> [UInt8] {
        var bytes = Self.magic
        func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        func f32(_ value: Float) { u32(value.bitPattern) }
        func string(_ value: String) {
            u32(UInt32(value.utf8.count))
            bytes += value.utf8
        }
        u32(Self.formatVersion)
        u32(UInt32(bits))
        u32(UInt32(ngrams.count))
        for n in ngrams { u32(UInt32(n)) }
        u32(masksIdentities ? 1 : 0)
        u32(UInt32(heads.count))
        for head in heads {
            string(head.label)
            f32(head.bias)
            f32(head.scale)
            f32(head.calibrationSlope)
            f32(head.calibrationIntercept)
        }
        bytes += packed.map { UInt8(bitPattern: $0) }
        string(about)
        return bytes
    }

    /// Reads a model file, checking its format and size.
    public init(decoding bytes: [UInt8]) throws(FileProblem) {
        var offset = 0
        func take(_ count: Int) throws(FileProblem) -> ArraySlice<UInt8> {
            guard count >= 0, offset + count <= bytes.count else { throw FileProblem(description: "the model file is truncated") }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }
        func u32() throws(FileProblem) -> UInt32 { try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        func f32() throws(FileProblem) -> Float { Float(bitPattern: try u32()) }
        func string() throws(FileProblem) -> String {
            let count = Int(try u32())
            guard count < 1 << 20 else { throw FileProblem(description: "the model file is damaged") }
            return String(decoding: try take(count), as: UTF8.self)
        }
        guard Array(try take(8)) == Self.magic else { throw FileProblem(description: "not a Himaya text model") }
        let version = try u32()
        guard (1...Self.formatVersion).contains(version) else {
            throw FileProblem(description: "model format \(version) is not supported (expected \(Self.formatVersion) or older)")
        }
        let bits = Int(try u32())
        guard (8...24).contains(bits) else { throw FileProblem(description: "the model file is damaged") }
        let ngramCount = Int(try u32())
        guard ngramCount <= 8 else { throw FileProblem(description: "the model file is damaged") }
        var ngrams: [Int] = []
        for _ in 0..<ngramCount {
            let n = Int(try u32())
            guard (1...8).contains(n) else { throw FileProblem(description: "the model file is damaged") }
            ngrams.append(n)
        }
        let flags = version >= 2 ? try u32() : 0
        guard flags <= 1 else { throw FileProblem(description: "the model file is damaged") }
        let count = Int(try u32())
        guard (1...8).contains(count) else { throw FileProblem(description: "the model file is damaged") }
        var heads: [Head] = []
        for _ in 0..<count {
            let label = try string()
            heads.append(Head(label: label, bias: try f32(), scale: try f32(), calibrationSlope: try f32(), calibrationIntercept: try f32()))
        }
        let packed = try take((1 << bits) * count).map { Int8(bitPattern: $0) }
        self.init(bits: bits, ngrams: ngrams, heads: heads, masksIdentities: flags == 1, packed: packed, about: try string())
    }
}
