import Foundation

/// The lexicons and text model that ship with Himaya, read from the package's resources.
public enum BundledText {
    /// Why the bundled files cannot be used.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The model file's name among the resources.
    public static let modelFile = "text-model.bin"

    /// Every `Lexicons/<language>.json`, sorted by language.
    public static func lexicons() throws(Problem) -> [Lexicon] {
        guard let folder = Bundle.module.url(forResource: "Lexicons", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        else { throw Problem(description: "the Lexicons folder is missing from the resources") }
        var lexicons: [Lexicon] = []
        for file in files.filter({ $0.pathExtension == "json" }).sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            lexicons.append(try lexicon(atPath: file.path))
        }
        return lexicons
    }

    /// One lexicon file, with the file named in any error.
    public static func lexicon(atPath path: String) throws(Problem) -> Lexicon {
        let file = URL(fileURLWithPath: path)
        do {
            return try JSONDecoder().decode(Lexicon.self, from: Data(contentsOf: file))
        } catch {
            throw Problem(description: "\(file.lastPathComponent): \(error)")
        }
    }

    /// The shipped model, or nil when none has been trained into the resources.
    public static func model() throws(Problem) -> TextModel? {
        guard let folder = Bundle.module.url(forResource: "Models", withExtension: nil) else { return nil }
        let file = folder.appendingPathComponent(modelFile)
        guard let data = try? Data(contentsOf: file) else { return nil }
        do {
            return try TextModel(decoding: [UInt8](data))
        } catch {
            throw Problem(description: "\(modelFile): \(error)")
        }
    }

    /// The detector with the shipped lexicons and model.
    public static func detector() throws(Problem) -> TextDetector {
        do {
            return try TextDetector(lexicons: try lexicons(), model: try model())
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(description: "\(error)")
        }
    }
}
