/// A stored hash within reach of a query: where it is stored, which query of the batch, how far.
public struct BlockHit: Hashable, Sendable {
    public var position: Int
    public var query: Int
    public var distance: Int

    @inlinable
    public init(position: Int, query: Int, distance: Int) {
        self.position = position
        self.query = query
        self.distance = distance
    }
}
