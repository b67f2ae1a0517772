@testable import HimayaDetection
import Testing

/// Most posts are let go on the model's raw probability, before calibration: that shortcut must
/// never let go a post that calibration would have kept.
@Suite("Calm posts")
struct CalmPostTests {
    @Test("a raw probability under the detector's bound calibrates under both thresholds, for every head")
    func boundIsSafe() throws {
        for (threshold, abuseThreshold) in [(0.5, 0.5), (0.3, 0.6), (0.8, 0.2)] {
            let detector = try TextDetector(
                lexicons: BundledText.lexicons(), model: BundledText.model(), threshold: threshold, abuseThreshold: abuseThreshold)
            let model = try #require(detector.model)
            #expect(detector.calmBelow.count == model.heads.count)
            for (index, head) in model.heads.enumerated() {
                let bound = detector.calmBelow[index]
                #expect(bound > 0, "\(head.label): the bound lets no post go")
                for step in 0..<1000 {
                    let probability = bound * Double(step) / 1000
                    #expect(model.calibrated(head.label, rule: 0, model: probability) < min(threshold, abuseThreshold))
                }
                // Just above the bound, calibration decides: the bound is not far below the threshold.
                #expect(model.calibrated(head.label, rule: 0, model: min(1, bound + 0.01)) >= min(threshold, abuseThreshold) - 0.02)
            }
        }
    }

    @Test("a model calibrated the wrong way round gets no shortcut")
    func invertedCalibration() throws {
        var model = try #require(try BundledText.model())
        model.heads[0].calibrationSlope = -1
        let detector = try TextDetector(lexicons: [], model: model)
        #expect(detector.calmBelow[0] < 0)
    }
}
