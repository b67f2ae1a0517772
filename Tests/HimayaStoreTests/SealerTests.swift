import Foundation
import HimayaStore
import Testing

@Suite("Sealed fields")
struct SealerTests {
    let sealer = Sealer(current: MasterKey(base64: MasterKey.generateBase64())!)

    @Test("a sealed value opens to what was sealed")
    func roundTrip() throws {
        let sealed = try sealer.seal("Nour El-Sayed", context: "defenders.display_name:1")
        #expect(try sealer.openText(sealed, context: "defenders.display_name:1") == "Nour El-Sayed")
    }

    @Test("the same value sealed twice gives different text, so equal names cannot be spotted")
    func randomised() throws {
        #expect(try sealer.seal("same", context: "c") != sealer.seal("same", context: "c"))
    }

    @Test("a sealed value does not contain its plaintext")
    func noPlaintext() throws {
        #expect(!(try sealer.seal("a secret address", context: "c")).contains("secret"))
    }

    @Test("a value moved to another field does not open")
    func contextIsBound() throws {
        let sealed = try sealer.seal("x", context: "defenders.display_name:1")
        #expect(throws: SealError.tampered) { try sealer.open(sealed, context: "defenders.display_name:2") }
    }

    @Test("a changed byte is detected")
    func tamperDetected() throws {
        var sealed = Array(try sealer.seal("hello world", context: "c"))
        let index = sealed.count - 5
        sealed[index] = sealed[index] == "A" ? "B" : "A"
        #expect(throws: SealError.self) { try sealer.open(String(sealed), context: "c") }
    }

    @Test("after a key rotation old values still open and new ones use the new key")
    func rotation() throws {
        let oldKey = MasterKey(base64: MasterKey.generateBase64())!
        let newKey = MasterKey(base64: MasterKey.generateBase64())!
        let old = try Sealer(current: oldKey).seal("kept", context: "c")
        let rotated = Sealer(current: newKey, previous: [oldKey])
        #expect(try rotated.openText(old, context: "c") == "kept")
        let rewrapped = try rotated.rewrap(old, context: "c")
        #expect(rewrapped.contains(".\(newKey.id)."))
        #expect(try Sealer(current: newKey).openText(rewrapped, context: "c") == "kept")
    }

    @Test("a value sealed under an unknown key names the key it needs")
    func unknownKey() throws {
        let other = try Sealer(current: MasterKey(base64: MasterKey.generateBase64())!).seal("x", context: "c")
        #expect(throws: SealError.self) { try sealer.open(other, context: "c") }
    }

    @Test("a master key must be 32 bytes of base64")
    func masterKeyFormat() {
        #expect(MasterKey(base64: "short") == nil)
        #expect(MasterKey(base64: Data(count: 16).base64EncodedString()) == nil)
        #expect(MasterKey(base64: Data(count: 32).base64EncodedString()) != nil)
    }

    @Test("the key file is created readable by its owner only, and read back the same")
    func keyFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("himaya-key-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("master.key").path
        guard case .created(let created) = try KeyFile.loadOrCreate(at: path) else {
            Issue.record("expected a new key file")
            return
        }
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        guard case .loaded(let loaded) = try KeyFile.loadOrCreate(at: path) else {
            Issue.record("expected the existing key file")
            return
        }
        #expect(loaded.id == created.id)
    }
}

@Suite("Hex")
struct HexTests {
    @Test("bytes are written as lowercase hex, two digits each")
    func hex() {
        #expect(Hex.encode([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
        #expect(Hex.encode([UInt8]()) == "")
    }
}
