/// A set of word hashes or stem keys (already well mixed, never zero), asked about on the scan's
/// path: a filter that stays in cache answers most words no, and an open-addressing table the
/// rest. Swift's `Set` hashes every key again through SipHash with a per-process seed, which
/// costs more than the whole look-up here.
struct WordSet: Sendable {
    private var filter = KeyFilter(bits: 16)
    private var table = WordTable(capacity: 16)

    init() {}

    mutating func insert(_ key: UInt64) {
        filter.insert(key)
        table.set(0, key, 1)
    }

    @inline(__always) func contains(_ key: UInt64) -> Bool {
        filter.contains(key) && table.value(0, key) != nil
    }

    var isEmpty: Bool { table.count == 0 }
    var count: Int { table.count }
}
