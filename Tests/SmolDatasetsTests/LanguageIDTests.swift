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
