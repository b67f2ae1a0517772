public import Foundation

/// How long each priority may wait for a first response and for resolution.
public struct ServiceLevels: Sendable, Equatable {
    public var firstResponse: [Priority: TimeInterval]
    public var resolution: [Priority: TimeInterval]

    public init(firstResponse: [Priority: TimeInterval], resolution: [Priority: TimeInterval]) {
        self.firstResponse = firstResponse
        self.resolution = resolution
    }

    /// First response within 1, 4, 24 and 72 hours; resolution within 1, 3, 7 and 14 days.
    public static let standard = ServiceLevels(
        firstResponse: [.p0: 3600, .p1: 4 * 3600, .p2: 24 * 3600, .p3: 72 * 3600],
        resolution: [.p0: 24 * 3600, .p1: 72 * 3600, .p2: 7 * 86_400, .p3: 14 * 86_400])

    public func firstResponseDue(for priority: Priority, openedAt: Date) -> Date {
        openedAt.addingTimeInterval(firstResponse[priority] ?? 72 * 3600)
    }

    public func resolutionDue(for priority: Priority, openedAt: Date) -> Date {
        openedAt.addingTimeInterval(resolution[priority] ?? 14 * 86_400)
    }

    /// Reads four hour counts, P0 to P3, such as `1,4,24,72`; nil when it is not that.
    public static func hours(_ text: String) -> [Priority: TimeInterval]? {
        let values = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 4, values.allSatisfy({ $0 > 0 }), values == values.sorted() else { return nil }
        return Dictionary(uniqueKeysWithValues: zip(Priority.allCases, values.map { $0 * 3600 }))
    }
}
