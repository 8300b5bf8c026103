import Foundation

/// Accumulates SVG elements with fixed-precision coordinates (two decimals), so equal input gives equal bytes.
struct SVGWriter {
    private var lines: [String]

    init(width: Double, height: Double) {
        lines = [
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(SVGWriter.n(width))" height="\##(SVGWriter.n(height))" viewBox="0 0 \##(SVGWriter.n(width)) \##(SVGWriter.n(height))" font-family="Helvetica, Arial, sans-serif">"##,
            ##"<rect x="0" y="0" width="\##(SVGWriter.n(width))" height="\##(SVGWriter.n(height))" fill="#ffffff"/>"##,
        ]
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String) {
        lines.append(##"<rect x="\##(SVGWriter.n(x))" y="\##(SVGWriter.n(y))" width="\##(SVGWriter.n(width))" height="\##(SVGWriter.n(height))" fill="\##(fill)" stroke="\##(stroke)"/>"##)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String) {
        lines.append(##"<line x1="\##(SVGWriter.n(x1))" y1="\##(SVGWriter.n(y1))" x2="\##(SVGWriter.n(x2))" y2="\##(SVGWriter.n(y2))" stroke="\##(stroke)"/>"##)
    }

    mutating func circle(x: Double, y: Double, r: Double, fill: String) {
        lines.append(##"<circle cx="\##(SVGWriter.n(x))" cy="\##(SVGWriter.n(y))" r="\##(SVGWriter.n(r))" fill="\##(fill)"/>"##)
    }

    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String) {
        let list = points.map { "\(SVGWriter.n($0.x)),\(SVGWriter.n($0.y))" }.joined(separator: " ")
        lines.append(##"<polyline points="\##(list)" fill="none" stroke="\##(stroke)" stroke-width="2"/>"##)
    }

    mutating func text(_ content: String, x: Double, y: Double, anchor: String, size: Double, bold: Bool = false,
                       rotate: Bool = false, fill: String? = nil) {
        var attributes = ##"x="\##(SVGWriter.n(x))" y="\##(SVGWriter.n(y))" text-anchor="\##(anchor)" font-size="\##(SVGWriter.n(size))""##
        if bold { attributes += ##" font-weight="bold""## }
        if let fill { attributes += ##" fill="\##(fill)""## }
        if rotate { attributes += ##" transform="rotate(-90 \##(SVGWriter.n(x)) \##(SVGWriter.n(y)))""## }
        lines.append("<text \(attributes)>\(SVGWriter.escape(content))</text>")
    }

    /// The document, closed, with a final newline.
    func finish() -> String { (lines + ["</svg>"]).joined(separator: "\n") + "\n" }

    /// A coordinate with two decimals, trailing zeros dropped ("12.5", "3", never "-0").
    static func n(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") && text.contains(".") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// Escapes the characters XML reserves in text and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
