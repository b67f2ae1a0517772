/// Decoded pixels, row-major, 8 bits a channel: grey (1 channel) or RGB (3 channels).
public struct PixelBuffer: Sendable {
    /// How each pixel is laid out.
    public enum Layout: Int, Sendable {
        case grey = 1
        case rgb = 3
    }

    public let width: Int
    public let height: Int
    public let layout: Layout
    /// `width * height * layout.rawValue` bytes.
    public var bytes: [UInt8]

    public init(width: Int, height: Int, layout: Layout, bytes: [UInt8]) {
        precondition(width >= 0 && height >= 0 && bytes.count == width * height * layout.rawValue, "pixel count does not match the size")
        self.width = width
        self.height = height
        self.layout = layout
        self.bytes = bytes
    }

    public var pixelCount: Int { width * height }

    /// The same picture turned or mirrored; used to apply EXIF orientation (values 1...8).
    public func oriented(exif orientation: Int) -> PixelBuffer {
        guard (2...8).contains(orientation) else { return self }
        let swaps = orientation >= 5
        let newWidth = swaps ? height : width
        let newHeight = swaps ? width : height
        let channels = layout.rawValue
        var out = [UInt8](repeating: 0, count: bytes.count)
        bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for y in 0..<newHeight {
                    for x in 0..<newWidth {
                        // Where the displayed pixel (x, y) sits in the stored image.
                        let (sx, sy): (Int, Int)
                        switch orientation {
                        case 2: (sx, sy) = (width - 1 - x, y)
                        case 3: (sx, sy) = (width - 1 - x, height - 1 - y)
                        case 4: (sx, sy) = (x, height - 1 - y)
                        case 5: (sx, sy) = (y, x)
                        case 6: (sx, sy) = (y, height - 1 - x)
                        case 7: (sx, sy) = (width - 1 - y, height - 1 - x)
                        default: (sx, sy) = (width - 1 - y, x)
                        }
                        let from = (sy * width + sx) * channels
                        let to = (y * newWidth + x) * channels
                        for c in 0..<channels { target[to + c] = source[from + c] }
                    }
                }
            }
        }
        return PixelBuffer(width: newWidth, height: newHeight, layout: layout, bytes: out)
    }
}
