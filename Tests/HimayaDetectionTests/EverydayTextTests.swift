import HimayaDetection
import Testing

/// Everyday posts that attack nobody, written for these tests, must not come back as abuse or
/// threats from the shipped lexicons and model. The public training sets are mostly harmful in
/// every language but English; a model trained on them alone read half of these Spanish and
/// French sentences as abuse, because it had learnt the languages' commonest words as harm.
@Suite("Everyday text")
struct EverydayTextTests {
    static let harmless: [(language: String, text: String)] = [
        ("es", "Las elecciones municipales serán el domingo y los colegios abren a las nueve."),
        ("es", "El precio del billete de autobús sube otra vez este mes."),
        ("es", "La periodista publicó ayer su investigación sobre los contratos del puerto."),
        ("es", "Mañana llueve en el norte, así que lleva paraguas."),
        ("es", "Mi hermana empieza la universidad en septiembre y está muy contenta."),
        ("es", "El mercado del barrio cierra temprano los sábados."),
        ("es", "¿Alguien sabe si la biblioteca abre durante las vacaciones?"),
        ("es", "Los vecinos organizaron una fiesta para celebrar el fin del curso."),
        ("es", "El equipo ganó el partido por dos goles a uno."),
        ("es", "Hoy he cocinado una tortilla de patatas para toda la familia."),
        ("es", "Gracias por tu ayuda con la mudanza, eres un sol."),
        ("es", "Los agricultores protestan por el precio del gasóleo."),
        ("fr", "Le prix du ticket de bus augmente encore ce mois-ci."),
        ("fr", "La journaliste a publié hier son enquête sur les contrats du port."),
        ("fr", "Demain il pleut dans le nord, alors prends un parapluie."),
        ("fr", "Ma sœur commence l'université en septembre et elle est ravie."),
        ("fr", "Quelqu'un sait si la bibliothèque est ouverte pendant les vacances ?"),
        ("fr", "L'équipe a gagné le match deux buts à un."),
        ("fr", "Merci pour ton aide avec le déménagement, tu es formidable."),
        ("fr", "Les agriculteurs manifestent contre le prix du gazole."),
        ("en", "The council meeting moved to Thursday because of the holiday."),
        ("en", "The reporter published her investigation into the port contracts yesterday."),
        ("en", "Bus fares are going up again next month."),
        ("ar", "نشرت الصحفية أمس تحقيقها عن عقود الميناء."),
        ("ar", "غدا تمطر في الشمال فخذ مظلة."),
        ("ar", "أختي تبدأ الجامعة في سبتمبر وهي سعيدة جدا."),
    ] + stillFlagged

    /// Still read as abusive in tone by the shipped model: a known defect of the model, kept here
    /// so that a model that reads them rightly is noticed (the known issue then goes unrecorded
    /// and the test says so). The detector does not report them: they name no group and are
    /// aimed at nobody protected.
    static let stillFlagged: [(language: String, text: String)] = [
        ("fr", "Les élections municipales auront lieu dimanche et les bureaux ouvrent à huit heures."),
        ("fr", "Le marché du quartier ferme tôt le samedi."),
        ("fr", "Les voisins ont organisé une fête pour la fin de l'année scolaire."),
        ("fr", "Aujourd'hui j'ai préparé une quiche pour toute la famille."),
        ("en", "My brother finally fixed the leaking tap in the kitchen."),
        ("ar", "الانتخابات البلدية ستجري يوم الأحد وتفتح المراكز في الثامنة."),
    ]

    static func harmful(_ detector: TextDetector, _ text: String, _ language: String) -> [TextSignal] {
        detector.detect(TextDetector.Post(text: text, languageHint: language), names: nil).filter { $0.label == .abuse || $0.label == .threat }
    }

    @Test("everyday sentences in Spanish, French, English and Arabic are read as neither abuse nor a threat")
    func everydaySentences() throws {
        let detector = try BundledText.detector()
        for (language, text) in Self.harmless {
            #expect(Self.harmful(detector, text, language).isEmpty, "\(language): \(text)")
        }
    }

    @Test("a slur reclaimed by those it names, said of themselves or in praise, is not abuse; aimed at someone it still is")
    func reclaimedSlurs() throws {
        let detector = try BundledText.detector()
        for text in ["I am a proud dyke and I love my wife.", "Shout out to my fellow queers at the march.", "I call myself a fag and that is my choice.",
                     "She is a boss bitch and runs the whole company."] {
            #expect(Self.harmful(detector, text, "en").isEmpty, "\(text)")
        }
        #expect(!Self.harmful(detector, "You are a stupid bitch.", "en").isEmpty)
    }

    @Test("the everyday sentences the shipped model still reads as abusive in tone")
    func knownFalseAlarms() throws {
        let detector = try BundledText.detector()
        let model = try #require(detector.model)
        for (language, text) in Self.stillFlagged {
            var normaliser = TextNormaliser()
            let normalised = normaliser.normalise(text)
            let harmful = try #require(model.predict(normalised, identities: detector.identities(in: normalised)).first { $0.label == "harmful" })
            withKnownIssue("the model still reads this everyday sentence as abusive in tone") {
                #expect(model.calibratedModel("harmful", harmful.probability) < detector.abuseThreshold, "\(language): \(text)")
            }
        }
    }
}
