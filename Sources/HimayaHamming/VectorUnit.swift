#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The widest vector instructions for counting bits that this processor, and the system running
/// on it, let Himaya use.
///
/// The scans for AVX2 and AVX-512 are compiled in modules of their own and must never run where the
/// instructions are missing, so the choice is made once, from what the system reports.
public enum VectorUnit: Int, Comparable, CaseIterable, Sendable {
    /// Any processor of the architecture (on ARM64 this already counts bits in vector registers).
    case portable
    /// AVX2 with POPCNT (x86-64 processors since about 2013).
    case avx2
    /// AVX-512 with its vector population count (recent Intel and AMD server processors).
    case avx512

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// What this machine offers, lowered by `HIMAYA_VECTOR_UNIT` (`portable`, `avx2`) where an
    /// operator asks for less; never raised above what the system reports.
    public static let detected: VectorUnit = {
        let offered = probe()
        if let asked = getenv("HIMAYA_VECTOR_UNIT").map({ String(cString: $0) }), let unit = VectorUnit(name: asked) {
            return min(unit, offered)
        }
        return offered
    }()

    /// Every unit that may run here, from the portable one up to `detected`.
    public static var usable: [VectorUnit] { allCases.filter { $0 <= detected } }

    public init?(name: String) {
        switch name.lowercased() {
        case "portable": self = .portable
        case "avx2": self = .avx2
        case "avx512", "avx-512": self = .avx512
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .portable: "portable"
        case .avx2: "avx2"
        case .avx512: "avx512"
        }
    }

    /// Linux lists a processor's features on the `flags` line of /proc/cpuinfo, and leaves out
    /// the AVX-512 ones where the system does not save those registers, so the line is enough.
    static func probe() -> VectorUnit {
        #if arch(x86_64) && os(Linux)
        guard let file = fopen("/proc/cpuinfo", "r") else { return .portable }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            guard text.hasPrefix("flags") else { continue }
            return unit(forFlags: Set(text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)))
        }
        return .portable
        #else
        return .portable
        #endif
    }

    /// The unit that a processor with these /proc/cpuinfo flags can run. The AVX-512 module is
    /// compiled with AVX-512F (which brings AVX2, FMA and F16C with it) and VPOPCNTDQ.
    static func unit(forFlags flags: Set<String>) -> VectorUnit {
        let avx2 = ["avx", "avx2", "popcnt"].allSatisfy(flags.contains)
        guard avx2 else { return .portable }
        let avx512 = ["avx512f", "avx512_vpopcntdq", "fma", "f16c"].allSatisfy(flags.contains)
        return avx512 ? .avx512 : .avx2
    }
}
