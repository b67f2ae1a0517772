/// A 256-bit PDQ perceptual hash; bit k is DCT coefficient k (row-major 16x16) above the median.
public struct PDQHash: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Bits 0-63, 64-127, 128-191 and 192-255, least significant first.
    public var limbs: SIMD4<UInt64>

    public init(limbs: SIMD4<UInt64>) { self.limbs = limbs }

    /// The hash with no bit set: what images too small to hash get.
    public static let zero = PDQHash(limbs: .zero)

    /// Whether bit `k` (0...255) is set.
    public func bit(_ k: Int) -> Bool { limbs[k >> 6] >> UInt64(k & 63) & 1 == 1 }

    /// Sets bit `k` (0...255).
    public mutating func setBit(_ k: Int) { limbs[k >> 6] |= 1 << UInt64(k & 63) }

    /// The number of bits that differ.
    @inline(__always)
    public func distance(to other: PDQHash) -> Int {
        let x = limbs ^ other.limbs
        return x[0].nonzeroBitCount + x[1].nonzeroBitCount + x[2].nonzeroBitCount + x[3].nonzeroBitCount
    }

    /// The number of bits set.
    public var bitCount: Int { limbs[0].nonzeroBitCount + limbs[1].nonzeroBitCount + limbs[2].nonzeroBitCount + limbs[3].nonzeroBitCount }

    /// The reference text form: 64 lower-case hex digits, bit 255 first (words 15 down to 0).
    public var hex: String {
        var out = [UInt8]()
        out.reserveCapacity(64)
        let digits = Array("0123456789abcdef".utf8)
        for limb in (0..<4).reversed() {
            let value = limbs[limb]
            for nibble in (0..<16).reversed() {
                out.append(digits[Int(value >> UInt64(nibble * 4) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    /// Parses the reference text form; nil unless it is exactly 64 hex digits (either case).
    public init?(hex text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 64 else { return nil }
        var limbs = SIMD4<UInt64>.zero
        for (index, char) in utf8.enumerated() {
            let value: UInt64
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt64(char - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = UInt64(char - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = UInt64(char - UInt8(ascii: "A") + 10)
            default: return nil
            }
            let limb = 3 - index / 16
            limbs[limb] = limbs[limb] << 4 | value
        }
        self.limbs = limbs
    }

    /// The 32 bytes in the order of the hex text (most significant first), as raw hash files hold them.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        for limb in (0..<4).reversed() {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limbs[limb] >> UInt64(shift))) }
        }
        return out
    }

    /// Reads 32 bytes in the order of the hex text.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var limbs = SIMD4<UInt64>.zero
        for (index, byte) in bytes.enumerated() {
            let limb = 3 - index / 8
            limbs[limb] = limbs[limb] << 8 | UInt64(byte)
        }
        self.limbs = limbs
    }

    public static func < (lhs: PDQHash, rhs: PDQHash) -> Bool {
        for limb in (0..<4).reversed() where lhs.limbs[limb] != rhs.limbs[limb] {
            return lhs.limbs[limb] < rhs.limbs[limb]
        }
        return false
    }
}
