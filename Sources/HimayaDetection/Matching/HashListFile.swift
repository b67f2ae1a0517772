/// Reading and writing hash lists in the forms peers exchange them:
/// - plain text, one hex hash a line (`#` comments and blank lines allowed), all of one kind;
/// - CSV as ThreatExchange's tools write it: a header naming a type column (`signal_type`) and a
///   value column (`signal_value`, `signal`, `hash`, `hash_value` or `pdq_hash`), or rows with no
///   header of `type,value` or the file-exchange form `type value`.
public enum HashListFile {
    /// The two text forms.
    public enum Format: String, Sendable, CaseIterable {
        case text, csv
    }

    /// What a file held: the hashes, and the rows left out because they were of a kind Himaya
    /// does not match (a video hash, say), never because they were malformed.
    public struct Contents: Sendable, Equatable {
        public var signals: [HashSignal]
        public var skippedOtherKinds: Int
    }

    /// A file that cannot be read; nothing from it should be stored.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
        public var description: String { "line \(line): \(reason)" }
    }

    /// The most rows one file may hold.
    public static let maximumRows = 20_000_000

    public static func parse(_ text: String, format: Format, kind: HashSignal.Kind = .pdq) throws(ParseError) -> Contents {
        switch format {
        case .text: return try parseText(text, kind: kind)
        case .csv: return try parseCSV(text, defaultKind: kind)
        }
    }

    private static func parseText(_ text: String, kind: HashSignal.Kind) throws(ParseError) -> Contents {
        var signals = [HashSignal]()
        var number = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let signal = HashSignal(kind: kind, value: trimmed) else {
                throw ParseError(line: number, reason: "not a \(kind.rawValue) hash (\(kind.hexLength) hex digits)")
            }
            signals.append(signal)
            guard signals.count <= maximumRows else { throw ParseError(line: number, reason: "more than \(maximumRows) hashes") }
        }
        return Contents(signals: signals, skippedOtherKinds: 0)
    }

    private static let valueColumns: Set<String> = ["signal_value", "signal", "hash", "hash_value", "pdq_hash", "value"]
    private static let typeColumns: Set<String> = ["signal_type", "hash_type", "type"]

    private static func parseCSV(_ text: String, defaultKind: HashSignal.Kind) throws(ParseError) -> Contents {
        var signals = [HashSignal]()
        var skipped = 0
        var valueColumn: Int?
        var typeColumn: Int?
        var number = 0
        var sawHeader = false
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            var fields = try CSVRow.split(trimmed, line: number)
            if !sawHeader {
                sawHeader = true
                let names = fields.map { $0.trimmingWhitespace().lowercased() }
                if let value = names.firstIndex(where: valueColumns.contains) {
                    valueColumn = value
                    typeColumn = names.firstIndex(where: typeColumns.contains)
                    continue
                }
            }
            // The file-exchange form: `pdq <hash>` on one field.
            if fields.count == 1, valueColumn == nil {
                let parts = fields[0].split(separator: " ", maxSplits: 1).map(String.init)
                if parts.count == 2 { fields = parts }
            }
            let kindName: String?
            let value: String
            if let valueColumn {
                guard valueColumn < fields.count else { throw ParseError(line: number, reason: "the row has no value column") }
                value = fields[valueColumn]
                kindName = typeColumn.flatMap { $0 < fields.count ? fields[$0] : nil }
            } else if fields.count >= 2 {
                kindName = fields[0]
                value = fields[1]
            } else {
                kindName = nil
                value = fields[0]
            }
            let kind: HashSignal.Kind
            if let kindName, !kindName.trimmingWhitespace().isEmpty {
                guard let known = HashSignal.Kind(exchangeName: kindName.trimmingWhitespace()) else {
                    skipped += 1
                    continue
                }
                kind = known
            } else {
                kind = defaultKind
            }
            guard let signal = HashSignal(kind: kind, value: value) else {
                throw ParseError(line: number, reason: "not a \(kind.rawValue) hash (\(kind.hexLength) hex digits)")
            }
            signals.append(signal)
            guard signals.count <= maximumRows else { throw ParseError(line: number, reason: "more than \(maximumRows) hashes") }
        }
        return Contents(signals: signals, skippedOtherKinds: skipped)
    }

    /// Writes hashes in either form; CSV gets the `signal_type,signal_value` header.
    public static func export(_ signals: [HashSignal], format: Format) -> String {
        switch format {
        case .text:
            return signals.map { $0.value + "\n" }.joined()
        case .csv:
            return "signal_type,signal_value\n" + signals.map { "\($0.kind.rawValue),\($0.value)\n" }.joined()
        }
    }
}

/// Splits one CSV row (RFC 4180 quoting) into fields.
enum CSVRow {
    static func split(_ line: String, line number: Int) throws(HashListFile.ParseError) -> [String] {
        var fields = [String]()
        var field = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = nil
        while let char = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if char == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(char)
                }
            } else if char == "\"" && field.isEmpty {
                quoted = true
            } else if char == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(char)
            }
        }
        guard !quoted else { throw HashListFile.ParseError(line: number, reason: "a quoted field is not closed") }
        fields.append(field)
        return fields
    }
}
