import Foundation
import HattamaCore

/// Inline SVG charts, drawn server-side by the `turnout-chart` and `histogram` templates from
/// these view models: the models hold only coordinates and already formatted labels, so every text
/// goes through Mustache's escaping like the rest of the page.
enum Charts {
    /// Plot area shared by both charts, in SVG user units.
    static let left = 44.0
    static let top = 12.0
    static let plotWidth = 520.0
    static let plotHeight = 180.0

    static func coordinate(_ value: Double) -> String { String(format: "%.1f", value) }

    struct Tick {
        var position: String
        var label: String
    }

    /// Ticks at 0, 25, 50, 75 and 100 % along an axis of `length` units starting at `origin`
    /// (`reversed` for the vertical axis, which grows upwards).
    static func percentTicks(origin: Double, length: Double, reversed: Bool, language: Language) -> [Tick] {
        stride(from: 0, through: 100, by: 25).map { percent in
            let offset = length * Double(percent) / 100
            return Tick(
                position: coordinate(reversed ? origin + length - offset : origin + offset),
                label: language.percent(Double(percent) / 100).replacingOccurrences(of: ",00", with: "").replacingOccurrences(
                    of: ".00", with: ""))
        }
    }
}

/// Turnout through the day: one point per reporting time (share of the reporting stations'
/// registered voters), and the closing figure from the counted protocols.
struct TurnoutChart {
    struct Point {
        var x: String
        var y: String
        var time: String
        var value: String
        var stations: String
    }

    var title: String
    var width = "608"
    var height = "220"
    var plotLeft = Charts.coordinate(Charts.left)
    var plotRight = Charts.coordinate(Charts.left + Charts.plotWidth)
    var plotTop = Charts.coordinate(Charts.top)
    var plotBottom = Charts.coordinate(Charts.top + Charts.plotHeight)
    var labelY = Charts.coordinate(Charts.top + Charts.plotHeight + 18)
    var yTicks: [Charts.Tick]
    var points: [Point]
    var polyline: String
    var closing: Point?
    var closingLabel: String

    init?(_ summary: TurnoutSummary, language: Language) {
        let reported = summary.points.filter { $0.share != nil }
        guard !reported.isEmpty || summary.final?.share != nil else { return nil }
        // Reporting times plus the close, evenly spaced.
        let slots = summary.points.count + (summary.final == nil ? 0 : 1)
        // The first point sits a little right of the axis labels.
        let inset = 24.0
        let step = (Charts.plotWidth - inset) / Double(max(slots, 2) - 1)
        func y(_ share: Double) -> String { Charts.coordinate(Charts.top + Charts.plotHeight * (1 - min(max(share, 0), 1))) }
        func point(_ p: TurnoutPoint, slot: Int) -> Point {
            Point(
                x: Charts.coordinate(Charts.left + inset + step * Double(slot)), y: y(p.share ?? 0), time: p.time,
                value: language.percent(p.share),
                stations: "\(language.format(p.reportingPrecincts)) / \(language.format(p.expectedPrecincts))")
        }
        title = Strings.turnoutThroughDay[language]
        yTicks = Charts.percentTicks(origin: Charts.top, length: Charts.plotHeight, reversed: true, language: language)
        points = summary.points.enumerated().compactMap { slot, p in p.share == nil ? nil : point(p, slot: slot) }
        closing = summary.final.flatMap { $0.share == nil ? nil : point($0, slot: summary.points.count) }
        closingLabel = Strings.closingFromProtocols[language]
        polyline = (points + (closing.map { [$0] } ?? [])).map { "\($0.x),\($0.y)" }.joined(separator: " ")
    }
}

/// Stations of a commission binned by turnout (x) and the overall leader's share (y), 5 % bands:
/// the usual first look for ballot stuffing, which shows as a smear towards the top right corner.
struct TurnoutShareHistogram {
    struct Cell {
        var x: String
        var y: String
        var size: String
        var opacity: String
        var label: String
    }

    static let bins = 20

    var title: String
    var note: String
    var width = "608"
    var height = "232"
    var plotLeft = Charts.coordinate(Charts.left)
    var plotRight = Charts.coordinate(Charts.left + Charts.plotHeight)
    var plotTop = Charts.coordinate(Charts.top)
    var plotBottom = Charts.coordinate(Charts.top + Charts.plotHeight)
    var labelY = Charts.coordinate(Charts.top + Charts.plotHeight + 18)
    var axisX: String
    var axisY: String
    var axisXLabelX = Charts.coordinate(Charts.left + Charts.plotHeight / 2)
    var axisXLabelY = Charts.coordinate(Charts.top + Charts.plotHeight + 36)
    var legendX = Charts.coordinate(Charts.left + Charts.plotHeight + 24)
    var xTicks: [Charts.Tick]
    var yTicks: [Charts.Tick]
    var cells: [Cell]
    var stations: String
    var leader: String

    /// `stations`: (turnout, leader's share) of each station with a counted protocol.
    init?(stations: [(turnout: Double, share: Double)], leader: String, language: Language) {
        guard !stations.isEmpty else { return nil }
        var counts = [Int](repeating: 0, count: Self.bins * Self.bins)
        func bin(_ value: Double) -> Int { min(max(Int(value * Double(Self.bins)), 0), Self.bins - 1) }
        for station in stations { counts[bin(station.share) * Self.bins + bin(station.turnout)] += 1 }
        let most = Double(counts.max() ?? 1)
        let size = Charts.plotHeight / Double(Self.bins)
        var cells: [Cell] = []
        for row in 0..<Self.bins {
            for column in 0..<Self.bins where counts[row * Self.bins + column] > 0 {
                let count = counts[row * Self.bins + column]
                let band = { (i: Int) in "\(i * 100 / Self.bins)–\((i + 1) * 100 / Self.bins)" }
                cells.append(
                    Cell(
                        x: Charts.coordinate(Charts.left + size * Double(column)),
                        y: Charts.coordinate(Charts.top + Charts.plotHeight - size * Double(row + 1)), size: Charts.coordinate(size),
                        opacity: String(format: "%.2f", 0.15 + 0.85 * Double(count) / most),
                        label:
                            "\(Strings.turnout[language]) \(band(column)) %, \(leader) \(band(row)) %: \(language.format(count))"))
            }
        }
        title = Strings.turnoutVsShare[language]
        note = Strings.turnoutVsShareNote[language]
        axisX = Strings.turnout[language]
        axisY = leader
        xTicks = Charts.percentTicks(origin: Charts.left, length: Charts.plotHeight, reversed: false, language: language)
        yTicks = Charts.percentTicks(origin: Charts.top, length: Charts.plotHeight, reversed: true, language: language)
        self.cells = cells
        self.stations = "\(Strings.stationsShown[language]): \(language.format(stations.count))"
        self.leader = leader
    }
}
