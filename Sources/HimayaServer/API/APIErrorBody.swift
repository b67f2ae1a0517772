/// The JSON body of every API error: a stable code for programs and a message for people.
struct APIErrorBody: Codable {
    struct Detail: Codable {
        var code: String
        var message: String
    }

    var error: Detail
}
