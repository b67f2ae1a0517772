import Foundation

/// A `multipart/form-data` body: text fields and uploaded files, parsed from bytes already in memory
/// (the body size limit is enforced before this runs).
public struct MultipartForm: Sendable {
    /// One uploaded file as the browser sent it; its name and type are claims, not facts.
    public struct Upload: Sendable, Equatable {
        public var field: String
        public var filename: String
        public var bytes: [UInt8]
    }

    public var fields: FormFields
    public var uploads: [Upload]

    /// Why a body could not be read as multipart.
    public struct Malformed: Error, Equatable {}

    /// The boundary from a `Content-Type` header, if it is multipart/form-data.
    public static func boundary(fromContentType contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    public init(body: [UInt8], boundary: String) throws {
        let delimiter = Array("--\(boundary)".utf8)
        var values: [String: [String]] = [:]
        var uploads: [Upload] = []
        guard var position = Self.find(delimiter, in: body, from: 0) else { throw Malformed() }
        position += delimiter.count
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body[position...].starts(with: [0x2D, 0x2D]) { break }
            guard body[position...].starts(with: [0x0D, 0x0A]) else { throw Malformed() }
            position += 2
            guard let headerEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: position) else { throw Malformed() }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find([0x0D, 0x0A] + delimiter, in: body, from: contentStart) else { throw Malformed() }
            let content = Array(body[contentStart..<next])
            let disposition = Self.disposition(in: headers)
            if let name = disposition["name"] {
                if let filename = disposition["filename"] {
                    if !filename.isEmpty || !content.isEmpty {
                        uploads.append(Upload(field: name, filename: filename, bytes: content))
                    }
                } else {
                    values[name, default: []].append(String(decoding: content, as: UTF8.self))
                }
            }
            position = next + 2 + delimiter.count
            guard position < body.count else { throw Malformed() }
        }
        self.fields = FormFields(values)
        self.uploads = uploads
    }

    /// The parameters of the Content-Disposition header of a part.
    static func disposition(in headers: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            for parameter in line.split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let key = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
                var value = pair[1].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                result[key] = value.replacingOccurrences(of: "%22", with: "\"")
            }
        }
        return result
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            guard let candidate = haystack[index...last].firstIndex(of: first) else { return nil }
            if haystack[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}
