import HimayaDetection
import Testing

@Suite("Personal details")
struct PersonalDetailsTests {
    func kinds(_ text: String) -> [String] { PersonalDetails.find(in: text).map(\.kind.rawValue) }

    @Test("phone numbers are found as people type them")
    func phones() {
        #expect(kinds("call her on +33 6 12 34 56 78") == ["phone"])
        #expect(kinds("(555) 123-4567") == ["phone"])
        #expect(kinds("in 2024 we met 3 times").isEmpty)
    }

    @Test("e-mail addresses are found")
    func emails() {
        #expect(kinds("write to maria.lopez@example.org now") == ["email"])
        #expect(kinds("@maria is here").isEmpty)
    }

    @Test("coordinates are found, and not also read as a phone number")
    func coordinates() {
        #expect(kinds("she is at -12.0464, -77.0428 tonight") == ["coordinates"])
    }

    @Test("a street address is found in English, French, Spanish and Arabic")
    func addresses() {
        #expect(kinds("she lives at 12 Baker Street") == ["street_address"])
        #expect(kinds("elle habite 4 rue des Lilas") == ["street_address"])
        #expect(kinds("vive en Calle 45 numero 3") == ["street_address"])
        #expect(kinds("يسكن في شارع 9") == ["street_address"])
        #expect(kinds("يسكن في شارع ٩") == ["street_address"])
    }

    @Test("several details in one post are all found, in the order phones, e-mails, coordinates, addresses, numbers")
    func severalDetails() {
        #expect(kinds("AB-123-CD parked at 12 Baker Street, call +33 6 12 34 56 78 or write to her@example.org")
            == ["phone", "email", "street_address", "identity_number"])
    }

    @Test("identity and plate numbers are found")
    func identityNumbers() {
        #expect(kinds("his plate is AB-123-CD") == ["identity_number"])
        #expect(kinds("DNI X1234567Z") == ["identity_number"])
    }
}
