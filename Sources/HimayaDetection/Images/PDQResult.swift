/// A PDQ hash with its quality: 0 (flat or tiny image, hash meaningless) to 100.
public struct PDQResult: Hashable, Sendable {
    public var hash: PDQHash
    public var quality: Int

    public init(hash: PDQHash, quality: Int) {
        self.hash = hash
        self.quality = quality
    }
}

/// The eight hashes of an image turned and mirrored, computed from one DCT.
public struct PDQDihedralResult: Hashable, Sendable {
    /// In the reference's order: original, rotate 90, rotate 180, rotate 270, flip x, flip y, flip +1, flip -1.
    public var hashes: [PDQHash]
    public var quality: Int

    public var original: PDQHash { hashes[0] }
}

/// The eight ways to turn or mirror a square, in the reference's order.
public enum Dihedral: Int, CaseIterable, Sendable {
    case original, rotate90, rotate180, rotate270, flipX, flipY, flipPlus1, flipMinus1

    /// The column names the reference tools use.
    public var name: String {
        switch self {
        case .original: "original"
        case .rotate90: "rotate90"
        case .rotate180: "rotate180"
        case .rotate270: "rotate270"
        case .flipX: "flipx"
        case .flipY: "flipy"
        case .flipPlus1: "flipplus1"
        case .flipMinus1: "flipminus1"
        }
    }

    /// Turning or mirroring the picture only transposes the DCT and flips the sign of
    /// alternate coefficients, so the variants come from the original's coefficients.
    func transform(_ dct: [Float]) -> [Float] {
        if self == .original { return dct }
        var out = [Float](repeating: 0, count: 256)
        for i in 0..<16 {
            for j in 0..<16 {
                let value = dct[i * 16 + j]
                let transposes: Bool
                let negates: Bool
                switch self {
                case .original: (transposes, negates) = (false, false)
                case .rotate90: (transposes, negates) = (true, j & 1 == 0)
                case .rotate180: (transposes, negates) = (false, (i + j) & 1 == 1)
                case .rotate270: (transposes, negates) = (true, i & 1 == 0)
                case .flipX: (transposes, negates) = (false, i & 1 == 0)
                case .flipY: (transposes, negates) = (false, j & 1 == 0)
                case .flipPlus1: (transposes, negates) = (true, false)
                case .flipMinus1: (transposes, negates) = (true, (i + j) & 1 == 1)
                }
                out[transposes ? j * 16 + i : i * 16 + j] = negates ? -value : value
            }
        }
        return out
    }
}
