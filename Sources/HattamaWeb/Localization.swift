import Foundation
import HattamaCore

extension Language {
    /// Name of the language in itself, for the switch.
    var endonym: String {
        switch self {
        case .kk: "Қазақша"
        case .ru: "Русский"
        case .en: "English"
        }
    }

    /// Groups thousands as each language writes them: 9 100 967 (kk, ru) and 9,100,967 (en).
    func format(_ value: Int) -> String {
        let separator = self == .en ? "," : "\u{00A0}"
        let digits = String(abs(value))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += separator }
            out.append(c)
        }
        return value < 0 ? "−" + out : out
    }

    /// Picks the best language from an Accept-Language header; Kazakh, the state language, by default.
    static func preferred(acceptLanguage: String?) -> Language {
        guard let header = acceptLanguage else { return .kk }
        let ranked = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { return nil }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (String(tag.prefix(2)), q)
        }.sorted { $0.1 > $1.1 }
        return ranked.lazy.compactMap { Language(rawValue: $0.0) }.first ?? .kk
    }
}

extension Language {
    /// A moment as each language writes it, in UTC: 27.11.2026, 03:58 UTC (kk, ru) or 27 Nov 2026, 03:58 UTC (en).
    func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let time = String(format: "%02d:%02d:%02d UTC", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        switch self {
        case .en:
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(c.day ?? 1) \(months[((c.month ?? 1) - 1) % 12]) \(c.year ?? 0), \(time)"
        case .kk, .ru:
            return String(format: "%02d.%02d.%04d, ", c.day ?? 1, c.month ?? 1, c.year ?? 0) + time
        }
    }

    /// An ISO 8601 timestamp from the store (with or without fractional seconds), formatted; the
    /// text as it is if it does not parse.
    func dateTime(iso text: String) -> String {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) ?? ISO8601DateFormatter().date(from: text) { return dateTime(date) }
        return text
    }

    /// A calendar date: 19.03.2011 (kk, ru) or 19 Mar 2011 (en).
    func date(_ day: CivilDate) -> String {
        let text = day.description
        let parts = text.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month) else { return text }
        switch self {
        case .en:
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(Int(parts[2]) ?? 0) \(months[month - 1]) \(parts[0])"
        case .kk, .ru: return "\(parts[2]).\(parts[1]).\(parts[0])"
        }
    }

    /// A file size: 1 234 B, 12,3 KB, 4,5 MB (decimal units, the language's decimal mark).
    func fileSize(_ bytes: Int) -> String {
        let units: [(Double, String)] = [(1_000_000, "MB"), (1_000, "KB")]
        for (size, unit) in units where Double(bytes) >= size {
            let text = String(format: "%.1f", Double(bytes) / size)
            return (self == .en ? text : text.replacingOccurrences(of: ".", with: ",")) + "\u{00A0}" + unit
        }
        return format(bytes) + "\u{00A0}B"
    }

    /// A share as a percentage with two decimals, in the language's style (89,98 % or 89.98%).
    func percent(_ share: Double?) -> String {
        guard let share else { return "—" }
        let text = String(format: "%.2f", share * 100)
        return self == .en ? text + "%" : text.replacingOccurrences(of: ".", with: ",") + "\u{00A0}%"
    }
}
