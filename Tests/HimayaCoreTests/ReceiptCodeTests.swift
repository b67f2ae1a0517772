import Foundation
import HimayaCore
import Testing

@Suite("Receipt code")
struct ReceiptCodeTests {
    @Test("a code is twenty characters in five groups, from the unambiguous alphabet")
    func shape() {
        let code = ReceiptCode.generate()
        #expect(code.canonical.count == 20)
        #expect(code.description.split(separator: "-").map(\.count) == [4, 4, 4, 4, 4])
        #expect(!code.canonical.contains { "ILOU".contains($0) })
    }

    @Test("what a person types is read back to the same code")
    func typedForms() {
        let code = ReceiptCode.generate()
        #expect(ReceiptCode(typed: code.description) == code)
        #expect(ReceiptCode(typed: code.description.lowercased().replacingOccurrences(of: "-", with: " ")) == code)
    }

    @Test("look-alike letters are read as the digits they resemble")
    func lookAlikes() {
        #expect(ReceiptCode(typed: "OOOO-IIII-LLLL-0000-1111")?.canonical == "00001111111100001111")
    }

    @Test("a code of the wrong length or with foreign characters is not a code")
    func invalid() {
        #expect(ReceiptCode(typed: "1234") == nil)
        #expect(ReceiptCode(typed: "AAAA-AAAA-AAAA-AAAA-AAA!") == nil)
    }

    @Test("codes do not repeat")
    func unique() {
        let codes = Set((0..<1000).map { _ in ReceiptCode.generate().canonical })
        #expect(codes.count == 1000)
    }
}
