import HimayaTestSupport
import HimayaCore
import Hummingbird
import HummingbirdTesting
import Logging
import HimayaStore
import Foundation
import HimayaServer
import Testing

@Suite("Second factor codes")
struct TOTPTests {
    /// RFC 6238 appendix B, SHA-1, eight digits cut to the last six.
    static let vectors: [(TimeInterval, String)] = [
        (59, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
        (2_000_000_000, "279037"), (20_000_000_000, "353130"),
    ]

    @Test("codes match the RFC 6238 test vectors", arguments: vectors)
    func rfcVectors(time: TimeInterval, code: String) {
        let totp = TOTP(secret: Data("12345678901234567890".utf8))
        #expect(totp.code(at: Date(timeIntervalSince1970: time)) == code)
    }

    @Test("a code from the step before or after is accepted, older ones are not")
    func drift() {
        let totp = TOTP(secret: TOTP.generateSecret())
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let step = TOTP.timeStep(at: now)
        #expect(totp.acceptedStep(for: totp.code(forStep: step - 1), at: now, lastUsedStep: nil) == step - 1)
        #expect(totp.acceptedStep(for: totp.code(forStep: step + 1), at: now, lastUsedStep: nil) == step + 1)
        #expect(totp.acceptedStep(for: totp.code(forStep: step - 2), at: now, lastUsedStep: nil) == nil)
    }

    @Test("a code at or before the last used step is refused")
    func noReplay() {
        let totp = TOTP(secret: TOTP.generateSecret())
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let step = TOTP.timeStep(at: now)
        #expect(totp.acceptedStep(for: totp.code(forStep: step), at: now, lastUsedStep: step) == nil)
    }

    @Test("base32 round-trips any bytes")
    func base32() {
        for length in 0..<25 {
            let bytes = Data((0..<length).map { UInt8(($0 * 37 + 11) % 256) })
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
        #expect(Base32.encode(Data("foobar".utf8)) == "MZXW6YTBOI")
    }
}
