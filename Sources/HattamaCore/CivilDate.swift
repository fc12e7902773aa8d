import Foundation

/// A calendar day in the country's own calendar ("YYYY-MM-DD"), with no time zone: election law
/// counts deadlines in local calendar days, and election day itself is such a day.
public struct CivilDate: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil for a day that does not exist or lies outside 1900–2200 (the range `Election` accepts).
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month), (1...IIN.daysIn(month: month, year: year)).contains(day) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses "YYYY-MM-DD"; nil for anything else.
    public init?(parsing text: String) {
        guard ElectionStructure.isDate(text) else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = CivilDate(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date YYYY-MM-DD, found \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        let y = String(year)
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(y)-\(m)-\(d)"
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The day `days` calendar days later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    /// Calendar days from this day to `other`: positive when `other` is later.
    public func days(until other: CivilDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's `days_from_civil`.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `dayNumber`. Days outside 1900–2200 are clamped: no deadline arithmetic of
    /// an election reaches that far, and a date value must never trap.
    init(dayNumber: Int) {
        let z = min(max(dayNumber, -25_567), 84_370) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0)
        year = y
        month = m
        day = d
    }
}

/// A moment in the country's local time, to the minute ("YYYY-MM-DDTHH:MM"): when a complaint
/// was received, a session was announced or opened, a decision was published.
public struct CivilDateTime: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: CivilDate
    /// Minutes after midnight, 0 ..< 1440.
    public let minuteOfDay: Int

    public init?(date: CivilDate, time: String) {
        guard let minutes = LawProfile.minutes(ofTime: time) else { return nil }
        self.date = date
        minuteOfDay = minutes
    }

    /// The first minute of `date`.
    public init(startOf date: CivilDate) {
        self.date = date
        minuteOfDay = 0
    }

    /// Parses "YYYY-MM-DDTHH:MM" (a space instead of "T" is accepted too).
    public init?(parsing text: String) {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "T" || $0 == " " }
        guard parts.count == 2, let date = CivilDate(parsing: String(parts[0])) else { return nil }
        self.init(date: date, time: String(parts[1]))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = CivilDateTime(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a local time YYYY-MM-DDTHH:MM, found \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var time: String {
        let h = minuteOfDay / 60
        let m = minuteOfDay % 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }

    public var description: String { "\(date)T\(time)" }

    public static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
        (lhs.date, lhs.minuteOfDay) < (rhs.date, rhs.minuteOfDay)
    }

    /// The first minute after `date` is over: the exclusive bound of "by the end of that day".
    public static func endOf(_ date: CivilDate) -> CivilDateTime {
        CivilDateTime(startOf: date.adding(days: 1))
    }

    /// Minutes from this moment to `other`: positive when `other` is later.
    public func minutes(until other: CivilDateTime) -> Int {
        date.days(until: other.date) * 1440 + other.minuteOfDay - minuteOfDay
    }
}
