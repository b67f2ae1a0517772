/// Reads an `Accept-Language` header into language ranges, most preferred first.
public enum AcceptLanguage {
    /// The ranges in order of their quality value, lowercased; ranges with q=0 and "*" are left out.
    public static func parse(_ header: String) -> [String] {
        var ranges: [(range: String, quality: Double, position: Int)] = []
        for (position, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmed(of: " \t") }
            guard let range = pieces.first, !range.isEmpty, range != "*" else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            guard quality > 0 else { continue }
            ranges.append((range.lowercased(), quality, position))
        }
        // Stable: equal qualities keep the order the browser sent.
        return ranges.sorted { ($0.quality, -$0.position) > ($1.quality, -$1.position) }.map(\.range)
    }
}

extension StringProtocol {
    func trimmed(of set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
