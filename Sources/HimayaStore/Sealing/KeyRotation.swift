import SQLKit

/// Re-wraps every sealed value's data key under the current master key, after a rotation, so the
/// old key can then be retired. The values themselves are not re-encrypted: their data keys are.
public struct KeyRotation: Sendable {
    private let source: any SQLConnectionSource
    private let sealer: Sealer

    public init(source: any SQLConnectionSource, sealer: Sealer) {
        self.source = source
        self.sealer = sealer
    }

    /// Re-wraps every value not yet under the current key; returns how many were changed.
    public func rewrapAll() async throws -> Int {
        var changed = 0
        for column in SealedColumns.all {
            changed += try await source.transaction { [sealer] db in
                let rows = try await db.raw(
                    "SELECT \(unsafeRaw: column.idColumn) AS id, \(unsafeRaw: column.column) AS sealed FROM \(unsafeRaw: column.table)"
                ).all()
                var count = 0
                for row in rows {
                    let id = try row.decode(column: "id", as: String.self)
                    guard let sealed = try row.decode(column: "sealed", as: String?.self),
                        !sealed.hasPrefix("hs1.\(sealer.currentKeyID).") else { continue }
                    let rewrapped = try sealer.rewrap(sealed, context: "\(column.contextPrefix):\(id)")
                    try await db.raw(
                        "UPDATE \(unsafeRaw: column.table) SET \(unsafeRaw: column.column) = \(bind: rewrapped) WHERE \(unsafeRaw: column.idColumn) = \(bind: id)"
                    ).run()
                    count += 1
                }
                return count
            }
        }
        return changed
    }
}
