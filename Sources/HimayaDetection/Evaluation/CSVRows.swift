/// Rows of a CSV file as RFC 4180 writes them: quoted fields may hold commas, doubled quotes and
/// line breaks. The first row names the columns.
public enum CSVRows {
    /// Why a file cannot be read as CSV.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    /// One field as RFC 4180 writes it: quoted, with quotes doubled, when it holds a comma, a quote or a line break.
    public static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// Each row as column name to value.
    public static func parse(_ text: String) throws(Problem) -> [[String: String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var line = 1
        var fieldStarted = false
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == 0x22 {
                    if index + 1 < bytes.count, bytes[index + 1] == 0x22 {
                        field.append(0x22)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
            } else if byte == 0x22 && !fieldStarted {
                quoted = true
                fieldStarted = true
            } else if byte == 0x2C {
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldStarted = false
            } else if byte == 0x0A || byte == 0x0D {
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                row.append(String(decoding: field, as: UTF8.self))
                if row.count > 1 || !(row.first ?? "").isEmpty { rows.append(row) }
                row = []
                field.removeAll(keepingCapacity: true)
                fieldStarted = false
                line += 1
            } else {
                field.append(byte)
                fieldStarted = true
            }
            index += 1
        }
        guard !quoted else { throw Problem(line: line, reason: "a quoted field is not closed") }
        if fieldStarted || !row.isEmpty {
            row.append(String(decoding: field, as: UTF8.self))
            rows.append(row)
        }
        guard let header = rows.first else { return [] }
        var result: [[String: String]] = []
        for (number, values) in rows.dropFirst().enumerated() {
            guard values.count == header.count else {
                throw Problem(line: number + 2, reason: "\(values.count) fields where the header has \(header.count)")
            }
            result.append(Dictionary(zip(header, values), uniquingKeysWith: { first, _ in first }))
        }
        return result
    }
}
