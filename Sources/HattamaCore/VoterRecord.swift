import Foundation

/// One voter as the register knows them: identified by IIN, listed at one home precinct.
/// Sex is never stored separately: it is read from the IIN, so it cannot disagree with it.
public struct VoterRecord: Hashable, Sendable {
    public let iin: IIN
    public var surname: String
    public var givenName: String
    /// May be empty: not every citizen has one.
    public var patronymic: String
    public let birthDate: CivilDate
    public var settlement: String
    public var address: String
    /// Id of the precinct (and its PEC) whose list the voter is on.
    public var homePrecinctID: String

    public var sex: IIN.Sex { iin.sex }

    public enum Problem: Error, Equatable, Sendable {
        case birthDateMismatch(iinDate: String, birthDate: CivilDate)
        case emptyName(String)
        case emptyPrecinct
    }

    public init(
        iin: IIN, surname: String, givenName: String, patronymic: String, birthDate: CivilDate, settlement: String, address: String,
        homePrecinctID: String
    ) throws(Problem) {
        guard iin.birthYear == birthDate.year, iin.birthMonth == birthDate.month, iin.birthDay == birthDate.day else {
            throw .birthDateMismatch(iinDate: String(iin.digits.prefix(6)), birthDate: birthDate)
        }
        guard !surname.isBlank else { throw .emptyName("surname") }
        guard !givenName.isBlank else { throw .emptyName("given_name") }
        guard !homePrecinctID.isEmpty else { throw .emptyPrecinct }
        self.init(
            checked: iin, surname: surname, givenName: givenName, patronymic: patronymic, birthDate: birthDate, settlement: settlement,
            address: address, homePrecinctID: homePrecinctID)
    }

    /// A record whose fields the caller has checked as `init` would: the voter-list parser checks
    /// them by bytes and must not pay for the checks twice on 9 million rows. SPI, so that no other
    /// caller can skip the rules.
    @_spi(Interchange) public init(
        checked iin: IIN, surname: String, givenName: String, patronymic: String, birthDate: CivilDate, settlement: String,
        address: String, homePrecinctID: String
    ) {
        self.iin = iin
        self.surname = surname
        self.givenName = givenName
        self.patronymic = patronymic
        self.birthDate = birthDate
        self.settlement = settlement
        self.address = address
        self.homePrecinctID = homePrecinctID
    }

    /// Full years of age on `day` (a 29 February birthday is reached on 1 March in common years).
    public func age(on day: CivilDate) -> Int {
        VoterRecord.age(born: birthDate, on: day)
    }

    /// Every character whitespace (an empty or blank name, which the register refuses), decided
    /// for most names by the first byte or scalar, without making a string.
    public static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        if first > 0x20 && first < 0x80 { return false }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        if case .scalarValue(let scalar) = decoder.decode(&iterator), !scalar.properties.isWhitespace { return false }
        return String(decoding: bytes, as: UTF8.self).allSatisfy(\.isWhitespace)
    }

    /// Full years of age on `day` of someone born on `born`.
    public static func age(born: CivilDate, on day: CivilDate) -> Int {
        var years = day.year - born.year
        if (day.month, day.day) < (born.month, born.day) { years -= 1 }
        return years
    }
}

extension String {
    fileprivate var isBlank: Bool {
        var text = self
        return text.withUTF8 { VoterRecord.isBlank($0) }
    }
}

/// One data row of a delivered voter list, checked and resolved to its precinct: what the register
/// takes in (`VoterRegisterState.register`), the line kept so that a conflict names it.
public struct VoterListRow: Hashable, Sendable {
    /// 1-based line of the file the row is on (the header is line 1).
    public var line: Int
    public var precinctNumber: Int
    public var record: VoterRecord

    public init(line: Int, precinctNumber: Int, record: VoterRecord) {
        self.line = line
        self.precinctNumber = precinctNumber
        self.record = record
    }
}
