import HimayaDetection
import Testing

/// Threats as people write them, not as a test set phrases them: an adverb or two between "I'm
/// going to" and the verb, and a target named by a pronoun or a noun ("that woman", "the next
/// immigrant I see", "every one of you") rather than "you". The sentences are made here, each
/// part crossed with the others, so that no phrasing is tested once by luck.
@Suite("Plain threats")
struct PlainThreatTests {
    static func threats(_ detector: TextDetector, _ text: String, _ language: String) -> [TextSignal] {
        detector.detect(TextDetector.Post(text: text, languageHint: language), names: nil).filter { $0.label == .threat }
    }

    /// The sentences of `cases` (language, text) that the shipped detector reads as no threat.
    static func missed(_ cases: [(String, String)]) throws -> [String] {
        let detector = try BundledText.detector()
        return cases.filter { threats(detector, $0.1, $0.0).isEmpty }.map { "\($0.0): \($0.1)" }
    }

    /// Every sentence `subject filler verb target.` of the parts given.
    static func crossed(_ subjects: [String], _ fillers: [String], _ verbs: [String], _ targets: [String]) -> [String] {
        subjects.flatMap { subject in
            fillers.flatMap { filler in
                verbs.flatMap { verb in targets.map { target in "\(subject) \(filler.isEmpty ? "" : filler + " ")\(verb) \(target)." } }
            }
        }
    }

    static let english = crossed(
        ["I'm going to", "I am going to", "I will", "I'll", "I'm gonna", "We are going to", "We will"],
        ["", "really", "just", "seriously", "literally", "actually", "really just", "definitely"],
        ["kill", "murder", "shoot", "stab", "strangle", "beat up", "hurt", "rape"],
        ["you", "him", "her", "them", "that woman", "that journalist", "this lawyer", "the next immigrant I see", "every one of you", "your family", "your kids"])

    static let french = crossed(
        ["Je vais", "Je vais vraiment", "Je vais juste", "On va", "Nous allons", "Je te jure que je vais", "J'vais", "Je veux"],
        [""], ["tuer", "buter", "égorger", "poignarder", "étrangler", "abattre", "violer", "tabasser", "frapper"],
        ["cette femme", "ce journaliste", "cet avocat", "le prochain immigré que je vois", "chacun d'entre vous", "ta famille", "tes enfants"])
        + ["Je vais vraiment le poignarder.", "J'vais les égorger.", "On va la buter.", "Je la buterai.", "Nous allons l'étrangler.", "Je veux les frapper."]

    static let spanish = crossed(
        ["Voy a", "De verdad voy a", "Te juro que voy a", "Vamos a", "Quiero", "En serio voy a"], [""],
        ["matar", "asesinar", "apuñalar", "degollar", "ahorcar", "violar", "golpear", "estrangular"],
        ["a esa mujer", "a ese periodista", "a esa abogada", "al próximo inmigrante que vea", "a cada uno de ustedes", "a tu familia", "a tus hijos"])
        + ["De verdad la voy a matar.", "Las quiero degollar.", "Lo voy a violar.", "Los violaré.", "Voy a golpearlos.", "Te juro que lo quiero estrangular."]

    static let arabic = ["سأقتلك", "راح اقتلك", "هقتلك", "سأذبحك", "سأغتصبك", "سأقتل عائلتك", "سأقتلها", "سأقتل كل واحد منكم", "سأذبح هذا الصحفي"]

    @Test("first-person threats with fillers and named targets are found in English, French, Spanish and Arabic")
    func threatsWithFillersAndNamedTargets() throws {
        let detector = try BundledText.detector()
        for (language, sentences) in [("en", Self.english), ("fr", Self.french), ("es", Self.spanish), ("ar", Self.arabic)] {
            let missed = sentences.filter { Self.threats(detector, $0, language).isEmpty }
            #expect(missed.isEmpty, "\(language): \(missed.count) of \(sentences.count) missed, such as \(missed.prefix(5))")
        }
    }

    static let veiled: [(String, String)] = [
        ("en", "We know where your kids go to school."), ("en", "Your days are really numbered now."),
        ("en", "You'll end up like the last journalist who wrote about us."), ("en", "Keep talking and see what happens to your family."),
        ("en", "Last warning before we come for you."), ("en", "Delete that article or else."), ("en", "Sleep well while you still can."),
        ("en", "Enjoy your last days."), ("en", "We will make you disappear."), ("en", "You'd better stop, for your kids' sake."),
        ("fr", "Fais attention à toi quand tu rentres ce soir."), ("fr", "Continue comme ça et tu verras ce qui arrivera."),
        ("fr", "Ta famille ne sera pas en sécurité."), ("fr", "Tes jours sont comptés."),
        ("es", "Vas a pagar con tu vida."), ("es", "Tu familia no estará a salvo."), ("es", "Sabemos a qué escuela van tus hijos."),
        ("ar", "يجب أن يقتل أحد هذه الصحفية"), ("ar", "سنجعلك تختفي"), ("ar", "عائلتك لن تكون بأمان"), ("ar", "أيامك معدودة"),
    ]

    static let veiledElsewhere: [(String, String)] = [
        ("de", "Ich weiß, auf welche Schule deine Kinder gehen."), ("de", "Schreib weiter und du wirst sehen, was passiert."),
        ("de", "Deine Familie ist nicht mehr sicher."), ("de", "Ich zahle jedem 1000 Euro, der sie verprügelt."),
        ("it", "So a che scuola vanno i tuoi figli."), ("it", "La tua famiglia non è più al sicuro."), ("it", "Pago chiunque la picchi."),
        ("pt", "Sei em que escola seus filhos estudam."), ("pt", "Seria uma pena se algo acontecesse com seus filhos."),
        ("pt", "Pago quem der uma surra nela."), ("nl", "Ik weet naar welke school je kinderen gaan."),
        ("nl", "Je familie is niet meer veilig."), ("pl", "Pisz dalej, a zobaczysz, co się stanie."),
        ("pl", "Twoja rodzina nie jest już bezpieczna."),
    ]

    @Test("veiled threats and bounties are found in German, Italian, Portuguese, Dutch and Polish")
    func veiledThreatsElsewhere() throws {
        #expect(try Self.missed(Self.veiledElsewhere).isEmpty)
    }

    /// Calls on others to act, bounties, threats that hang on a condition, and executions called for.
    static let calls: [(String, String)] = [
        ("en", "I'll pay anyone who hurts her."), ("en", "$1000 to whoever beats him up."), ("en", "Go find her and teach her a lesson."),
        ("en", "Her address is on the flyer, you know what to do."), ("en", "Someone should make her disappear."),
        ("en", "If I see her I will punch her."), ("en", "If you show up again I'll kill you."),
        ("fr", "Quelqu'un peut la poignarder svp."), ("fr", "Je paierai celui qui la frappera."),
        ("es", "Le pago a quien le dé una paliza."), ("es", "Ya saben qué hacer con traidoras como ella."),
        ("en", "Hang them in public for the whole world to see."), ("en", "They all need to be hung in public."),
        ("ar", "من يقتل هذا الصحفي له جائزة"), ("ar", "سأدفع لمن يضربها"), ("ar", "عنوانها موجود، تعرفوا شو تعملوا"),
        ("ar", "استمر بالكتابة وشوف شو بيصير"),
    ]

    @Test("veiled threats as people write them are found in English, French, Spanish and Arabic")
    func veiledThreats() throws {
        #expect(try Self.missed(Self.veiled).isEmpty)
    }

    @Test("calls on others to act, bounties, threats on a condition and calls for executions are found")
    func callsBountiesAndConditions() throws {
        #expect(try Self.missed(Self.calls).isEmpty)
    }

    @Test("the same words negated, or said of things, are not threats")
    func negatedAndIdiomaticFormsAreNotThreats() throws {
        let detector = try BundledText.detector()
        let harmless: [(String, String)] = [
            ("en", "I will never hurt her."), ("en", "I am not going to hurt them."), ("en", "I'm going to kill this exam tomorrow."),
            ("fr", "Je ne vais jamais la frapper."), ("fr", "Je vais tuer le temps en lisant."),
            ("fr", "Je vais la brûler, cette vieille lettre."), ("fr", "Je vais te tuer au tennis demain."),
            ("fr", "Je vais te frapper à la porte ce soir."), ("es", "Te voy a matar a besos."),
            ("es", "No voy a matarte."), ("es", "No te voy a matar."), ("es", "Voy a matar el tiempo leyendo."),
            ("en", "Enjoy the sale while it lasts."), ("en", "I'll pay anyone who helps me move."), ("en", "Stop by the office or call us."), ("fr", "Fais attention à la marche en descendant."),
        ]
        for (language, text) in harmless {
            #expect(Self.threats(detector, text, language).isEmpty, "\(language): \(text)")
        }
    }
}
