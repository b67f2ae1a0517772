/// A 64-bit SimHash (Charikar) of a text's words and word pairs: near-identical texts (a copied
/// template with a word changed) land a few bits apart, unrelated texts about 32 apart.
public enum SimHash {
    /// The fingerprint of `text`, after folding case and dropping punctuation.
    public static func of(_ text: String) -> UInt64 {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard !words.isEmpty else { return 0 }
        var features = words
        for i in 0..<(words.count - 1) { features.append(words[i] + " " + words[i + 1]) }
        var weights = [Int](repeating: 0, count: 64)
        for feature in features {
            let hash = fnv1a64(feature)
            for bit in 0..<64 { weights[bit] += (hash >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
        }
        var result: UInt64 = 0
        for bit in 0..<64 where weights[bit] > 0 { result |= 1 << UInt64(bit) }
        return result
    }

    /// Bits that differ between two fingerprints.
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// FNV-1a, then a final mix so that nearby strings spread over all 64 bits.
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
