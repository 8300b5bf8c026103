import Testing
import SmolCore
@testable import SmolDatasets

@Test func identifiesEachRequiredLanguage() {
    let samples = [
        "en": "The children went to the park and they played with a ball.",
        "fr": "Les enfants sont allés au parc avec leur ballon et ils ont joué.",
        "es": "Los niños fueron al parque con su pelota y jugaron mucho.",
        "de": "Die Kinder sind mit dem Ball in den Park gegangen und haben gespielt.",
        "ru": "Дети пошли в парк и играли с мячом.",
        "ar": "ذهب الأطفال إلى الحديقة ولعبوا بالكرة.",
        "zh": "孩子们去公园玩球。",
        "hi": "बच्चे पार्क में गए और गेंद से खेले।",
    ]
    for (language, text) in samples { #expect(LanguageID.identify(text) == language, "\(language): \(text)") }
    #expect(LanguageID.identify("12345 !!!") == "und")
}

@Test func sharesOverPlantedMultilingualText() {
    let texts = Array(repeating: "This is a sentence about the weather in the city.", count: 5)
        + Array(repeating: "هذه جملة عن الطقس في المدينة.", count: 3)
        + ["这是关于城市天气的句子。", "Это предложение о погоде в городе."]
    let d = Dataset(schema: .text, records: texts.enumerated().map { RecordID.assign(["text": .string($1 + " \($0)")]) }, name: "mix")
    let shares = LanguageID.shares(d)
    #expect(shares.map(\.language) == ["en", "ar", "ru", "zh"])
    #expect(shares.map(\.share) == [0.5, 0.3, 0.1, 0.1])
}

@Test func everydaySentencesMadeOfCommonWordsAreIdentified() {
    let samples = [
        "es": "Me gusta mucho leer libros de historia en la playa.",
        "fr": "Je pense que la vie en ville est plus chère.",
        "de": "Ich habe heute keine Zeit, weil ich arbeiten muss.",
        "en": "I would like a cup of tea.",
    ]
    for (language, text) in samples { #expect(LanguageID.identify(text) == language, "\(language): \(text)") }
}

@Test func translationPairsAreCountedPerSide() {
    let pairs: [(String, String)] = [("The book is on the table.", "الكتاب على الطاولة."), ("Open the window, please.", "افتح النافذة من فضلك."),
                                     ("This is a short sentence.", "Esta es una frase corta.")]
    let d = Dataset(schema: .translation, records: pairs.map {
        RecordID.assign(["source": .string($0.0), "target": .string($0.1), "source_lang": "en", "target_lang": "xx"])
    }, name: "pairs")
    let shares = Dictionary(uniqueKeysWithValues: LanguageID.shares(d).map { ($0.language, $0.share) })
    #expect(shares["source.en"] == 1.0)
    #expect(shares["target.ar"] == 2.0 / 3.0 && shares["target.es"] == 1.0 / 3.0)
    #expect(shares["en"] == nil)
}

@Test func answerLettersAreNotFrenchElisionsAre() {
    #expect(LanguageID.identify("Which number is the largest? A. 3 B. 5 C. 7 D. 9. Answer: D") == "en")
    #expect(LanguageID.identify("Pick one: (c) the river (d) the hill") == "en")
    #expect(LanguageID.identify("l'école d'été qu'il aime") == "fr")
    #expect(LanguageID.frenchElisions(in: "l'eau, d’abord, qu'on, don't, it's") == 3)
}

@Test func theEnglishSFTMixtureIsEnglish() throws {
    // Its multiple-choice items list options "C." and "D."; counted as French one-letter words they once
    // put 4.85% of this mixture in French.
    let mixture = try TaskGenerator.generate("sft-mixture", n: 2000, seed: 1, split: "train")
    let english = LanguageID.shares(mixture).first { $0.language == "en" }?.share ?? 0
    #expect(english >= 0.99, "\(LanguageID.shares(mixture))")
}
