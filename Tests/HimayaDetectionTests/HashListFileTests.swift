import HimayaDetection
import Testing

@Suite("Hash list files")
struct HashListFileTests {
    let pdqA = "2b9c22a4d7d2244ce402fcc9dbe8e643356ac12184af5d6c7f19aec7c422ce38"
    let pdqB = "f01a16252f5906ed468061d06ec37ba206c87c19282f66e29514bd305d8f4bbd"

    @Test("plain text holds one hash a line, with comments and blank lines ignored")
    func plainText() throws {
        let contents = try HashListFile.parse("# list\n\(pdqA)\n\n\(pdqB.uppercased())\r\n", format: .text)
        #expect(contents.signals.map(\.value) == [pdqA, pdqB])
    }

    @Test("a malformed line is refused with its line number")
    func malformedLine() {
        #expect(throws: HashListFile.ParseError(line: 2, reason: "not a pdq hash (64 hex digits)")) {
            try HashListFile.parse("\(pdqA)\nnot-a-hash\n", format: .text)
        }
    }

    @Test("CSV with a signal_type and signal_value header keeps PDQ and exact hashes and counts other kinds")
    func exchangeCSV() throws {
        let md5 = "d41d8cd98f00b204e9800998ecf8427e"
        let csv = "signal_type,signal_value,tags\npdq,\(pdqA),\"a, b\"\nvideo_md5,\(md5),x\ntmk,abc,y\n"
        let contents = try HashListFile.parse(csv, format: .csv)
        #expect(contents.signals == [HashSignal(kind: .pdq, value: pdqA)!, HashSignal(kind: .md5, value: md5)!])
        #expect(contents.skippedOtherKinds == 1)
    }

    @Test("CSV without a header reads type and value, and the file-exchange form `pdq <hash>`")
    func headerlessCSV() throws {
        let contents = try HashListFile.parse("pdq,\(pdqA)\npdq \(pdqB)\n", format: .csv)
        #expect(contents.signals.map(\.value) == [pdqA, pdqB])
    }

    @Test("a CSV with a hash column by another name, as the reference test data has, is read")
    func namedHashColumn() throws {
        let contents = try HashListFile.parse("FilePath,Hash\nimages/b.jpg,\(pdqA)\n", format: .csv)
        #expect(contents.signals.map(\.value) == [pdqA])
    }

    @Test("an unclosed quote is an error, not a guess")
    func unclosedQuote() {
        #expect(throws: HashListFile.ParseError.self) { try HashListFile.parse("signal_type,signal_value\n\"pdq,\(pdqA)\n", format: .csv) }
    }

    @Test("what is exported reads back the same, in both forms")
    func roundTrip() throws {
        let signals = [HashSignal(kind: .pdq, value: pdqA)!, HashSignal(kind: .pdq, value: pdqB)!]
        for format in HashListFile.Format.allCases {
            #expect(try HashListFile.parse(HashListFile.export(signals, format: format), format: format).signals == signals)
        }
    }
}
