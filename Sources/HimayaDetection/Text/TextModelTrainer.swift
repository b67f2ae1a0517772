import Foundation

/// Trains a `TextModel` from labelled texts: logistic regression per head with AdaGrad, classes
/// balanced, then Platt calibration of the model's probability on a tenth of the rows kept out of
/// the weights. Deterministic: the same rows give the same file.
public enum TextModelTrainer {
    /// One labelled text.
    public struct Example: Sendable {
        public var text: String
        public var label: String

        public init(text: String, label: String) {
            self.text = text
            self.label = label
        }
    }

    /// The heads and which labels count as positive for each.
    public static let heads: [(label: String, positives: Set<String>)] = [
        ("threat", ["threat"]),
        ("harmful", ["threat", "abuse"]),
    ]

    /// Trains on `examples`. With `identities` (the words of a text that name a group neutrally,
    /// as `TextDetector.identities(in:)` finds them), those words are masked in training and the
    /// model asks for the same masks when it reads.
    public static func train(
        _ examples: [Example], bits: Int = 18, ngrams: [Int] = [3, 5], epochs: Int = 8, about: String = "{}",
        identities: ((NormalisedText) -> [Int])? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> TextModel {
        let size = 1 << bits
        var normaliser = TextNormaliser()
        // Each row read once: its folded text and masks do not change between passes.
        let texts = examples.map { normaliser.normalise($0.text) }
        let masks = texts.map { identities?($0) ?? [] }
        // One row in ten fits the calibration, chosen by position so that it is repeatable.
        let calibrationRows = Set(examples.indices.filter { $0 % 10 == 7 })
        let trainingRows = examples.indices.filter { !calibrationRows.contains($0) }
        var trainedWeights: [[Float]] = []
        var biases: [Float] = []
        var features: [TextFeatures.Feature] = []
        for (headIndex, spec) in Self.heads.enumerated() {
            var weights = [Float](repeating: 0, count: size)
            var squares = [Float](repeating: 1e-3, count: size)
            var bias: Float = 0
            var biasSquare: Float = 1e-3
            let positives = trainingRows.filter { spec.positives.contains(examples[$0].label) }.count
            let negatives = max(1, trainingRows.count - positives)
            let positiveWeight = Float(trainingRows.count) / Float(2 * max(1, positives))
            let negativeWeight = Float(trainingRows.count) / Float(2 * negatives)
            let rate: Float = 0.3
            let l2: Float = 1e-6
            var order = trainingRows
            var generator = SplitMix(seed: 0x5EED + UInt64(headIndex))
            for epoch in 0..<epochs {
                order.shuffle(using: &generator)
                for row in order {
                    TextFeatures.extract(texts[row], bits: bits, ngrams: ngrams, masked: masks[row], into: &features)
                    let scale = 1 / Float(Double(features.count).squareRoot())
                    var sum = bias
                    for feature in features { sum += weights[Int(feature.bucket)] * Float(feature.sign) * scale }
                    let target: Float = spec.positives.contains(examples[row].label) ? 1 : 0
                    let error = (TextModel.sigmoid(sum) - target) * (target == 1 ? positiveWeight : negativeWeight)
                    for feature in features {
                        let index = Int(feature.bucket)
                        let gradient = error * Float(feature.sign) * scale + l2 * weights[index]
                        squares[index] += gradient * gradient
                        weights[index] -= rate * gradient / squares[index].squareRoot()
                    }
                    biasSquare += error * error
                    bias -= rate * error / biasSquare.squareRoot()
                }
                progress?(headIndex * epochs + epoch + 1, Self.heads.count * epochs)
            }
            trainedWeights.append(weights)
            biases.append(bias)
        }
        var model = TextModel(
            bits: bits, ngrams: ngrams, labels: Self.heads.map(\.label), biases: biases, weights: trainedWeights, masksIdentities: identities != nil,
            about: about)
        // Platt calibration on the rows the weights never saw.
        for (index, spec) in self.heads.enumerated() {
            var points: [(Double, Double)] = []
            for row in calibrationRows.sorted() {
                let probability = model.predict(texts[row], identities: masks[row])[index].probability
                points.append((probability, spec.positives.contains(examples[row].label) ? 1 : 0))
            }
            let (slope, intercept) = fitPlatt(points)
            model.heads[index].calibrationSlope = Float(slope)
            model.heads[index].calibrationIntercept = Float(intercept)
        }
        return model
    }


    /// Fits p = σ(a·logit(s) + c) by gradient descent on the log loss; the slope is kept positive
    /// so that a higher raw score never means a lower probability.
    static func fitPlatt(_ points: [(score: Double, target: Double)]) -> (Double, Double) {
        guard points.contains(where: { $0.target == 1 }), points.contains(where: { $0.target == 0 }) else { return (1, 0) }
        let logits = points.map { TextModel.logit($0.score) }
        var a = 1.0
        var c = 0.0
        for _ in 0..<2000 {
            var gradientA = 0.0
            var gradientC = 0.0
            for (index, point) in points.enumerated() {
                let p = 1 / (1 + exp(-(a * logits[index] + c)))
                gradientA += (p - point.target) * logits[index]
                gradientC += p - point.target
            }
            a -= 0.05 * gradientA / Double(points.count)
            c -= 0.05 * gradientC / Double(points.count)
            a = max(a, 0.05)
        }
        return (a, c)
    }
}
