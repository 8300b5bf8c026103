/// Many wordings for each IFEval-like instruction and for the task that precedes them, drawn from the
/// item's seeded stream. Only the wording varies: the instruction ids and kwargs stay exact, so the
/// checker is unchanged. Varied wording keeps held-out prompts from sharing long n-grams with the
/// training mixture (real benchmarks and real SFT data share almost none at n = 13).
enum IFEvalPhrasing {
    /// The request that opens a prompt, naming `topic` verbatim (the response writer finds it there).
    static func task(_ topic: String, _ d: inout Draw) -> String {
        let greeting = d.pick(["", "", "", "Hi! ", "Quick request: ", "Here is a small task. ", "I have a homework question. ",
                               "Please help me out. ", "Hello there. ", "A favour, please: ", "I am preparing a lesson. "])
        let verb = d.pick(["Write a short explanation of", "Describe", "Explain to a child", "Write a brief note about", "Tell me about",
                           "Give an overview of", "Write a paragraph on", "Summarise what you know about", "Help me understand",
                           "Teach a beginner about", "Put together a short text on", "Could you explain", "Draft a few lines about",
                           "Share some facts about", "Walk me through", "Jot down a simple account of", "Write a friendly piece on",
                           "Give a plain description of", "Outline", "Write something easy to read about"])
        let audience = d.pick(["", "", "", " for a school newsletter", " for my younger sister", " for a science club", " for a curious ten-year-old",
                               " for a museum poster", " for a quick class talk", " for a blog post", " for parents at a school meeting",
                               " for a beginner", " for my grandfather", " for a library display", " in plain words", " in a friendly tone",
                               " as simply as you can", " for a radio segment"])
        let rules = d.pick(["", "", "", " Follow these rules.", " A few conditions apply.", " Keep in mind the following.",
                            " Please respect these constraints.", " Here is what I need.", " Some requirements:", " Stick to the format below."])
        let stop = verb.hasPrefix("Could you") ? "?" : "."
        return "\(greeting)\(verb) \(topic)\(audience)\(stop)\(rules)"
    }

    /// A short lead-in that may join an instruction to the one before it.
    static func glue(_ d: inout Draw, _ sentence: String) -> String {
        let lead = d.pick(["", "", "", "", "Also, ", "In addition, ", "Please note: ", "One rule: ", "Another thing: ", "Important: ",
                           "Next, ", "On top of that, ", "And ", "Remember: "])
        guard !lead.isEmpty, let first = sentence.first else { return sentence }
        return lead + first.lowercased() + sentence.dropFirst()
    }

    /// `text` with a sentence-final period when it lacks one.
    static func sentence(_ text: String) -> String {
        text.hasSuffix(".") || text.hasSuffix("?") ? text : text + "."
    }

    static func noComma(_ d: inout Draw) -> String {
        sentence(d.compose([["Please", "Be sure to", "Remember to", "Make sure you", "Try to", "Kindly", "I need you to", "You must"],
                            ["avoid", "leave out", "skip", "steer clear of", "do without", "omit", "refrain from using"],
                            ["commas", "any commas", "every comma", "the comma character", "comma punctuation", "all commas"],
                            ["in your response", "anywhere in the answer", "throughout your reply", "in the text you write",
                             "from start to finish", "in what you write", "entirely", ""]]))
    }

    static func numberWords(atLeast: Bool, _ n: Int, _ d: inout Draw) -> String {
        let body = atLeast
            ? d.pick(["Answer with at least \(n) words", "Use no fewer than \(n) words", "Your reply should be \(n) words or longer",
                      "Make the response at least \(n) words long", "Write a minimum of \(n) words", "The answer needs \(n) or more words",
                      "Do not stop before you reach \(n) words", "Length: at least \(n) words", "Go on for \(n) words or more",
                      "The text must run to at least \(n) words"])
            : d.pick(["Answer with less than \(n) words", "Keep it under \(n) words", "Use fewer than \(n) words",
                      "Your reply must stay below \(n) words", "Keep the response shorter than \(n) words", "Stay under a limit of \(n) words",
                      "Length: fewer than \(n) words", "Do not write \(n) words or more", "The word count must be below \(n)",
                      "Be brief, with less than \(n) words"])
        return sentence(body + d.pick(["", "", " in total", " overall", " altogether", ", please", " for the whole answer"]))
    }

    static func bullets(_ n: Int, _ d: inout Draw) -> String {
        let ask = d.pick(["Your answer must contain exactly \(n) bullet points", "Format the reply as exactly \(n) bullet points",
                          "Give exactly \(n) bullet points, no more and no fewer", "Use precisely \(n) markdown bullets",
                          "List your points as exactly \(n) bullets", "Structure the answer as a list of exactly \(n) bullet points",
                          "Present it as \(n) bullet points, exactly", "Break it into exactly \(n) bulleted points"])
        let how = d.pick(["", "", " Use the markdown bullet points such as:\n* This is point 1.\n* This is point 2",
                          " Start each bullet with an asterisk and a space.", " Each bullet should begin with \"* \".",
                          " Use markdown bullets, for example:\n* first idea\n* second idea", " Mark every point with a star."])
        return sentence(ask) + how
    }

    static func lowercase(_ d: inout Draw) -> String {
        let ask = d.coin()
            ? d.compose([["Write", "Reply", "Answer", "Respond", "Compose the text"], ["entirely", "only", "completely", "fully", ""],
                         ["in lowercase English", "in English lowercase letters", "in small letters, in English", "using lowercase English letters"]])
            : d.pick(["Your entire response should be in English, and in all lowercase letters", "Keep every letter lowercase and write in English",
                      "Use English with no capital letters anywhere", "The whole reply must be lowercase English"])
        return sentence(ask) + d.pick(["", "", " No capital letters are allowed.", " Do not capitalise anything.",
                                       " Not a single capital letter, please.", " Even the first word stays lowercase."])
    }

    static func capital(_ d: inout Draw) -> String {
        let ask = d.coin()
            ? d.compose([["Write", "Reply", "Answer", "Respond", "Compose the text"], ["entirely", "only", "completely", "fully", ""],
                         ["in English capital letters", "in uppercase English", "in all caps, in English", "using capital English letters"]])
            : d.pick(["Your entire response should be in English, and in all capital letters", "Make every letter a capital and write in English",
                      "Use English in uppercase throughout", "The whole reply must be in English capitals"])
        return sentence(ask) + d.pick(["", "", " No lowercase letters are allowed.", " Every letter must be a capital.",
                                       " Caps lock on for all of it.", " Do not use small letters."])
    }

    static func endPhrase(_ phrase: String, _ d: inout Draw) -> String {
        d.compose([["Finish", "End", "Close", "Conclude", "Wrap up"], ["your response", "the reply", "your answer", "what you write"],
                   ["with this exact phrase", "with the exact words", "with the phrase", "using exactly the sentence", "with precisely"]])
            + " \"\(phrase)\"" + d.pick(["", ".", ". No other words should follow this phrase.", ". Nothing may come after it.",
                                          ". It must be the very last thing.", ". Add nothing after those words."])
    }

    static func title(_ d: inout Draw) -> String {
        sentence(d.compose([["Give it", "Add", "Include", "Begin with", "Open with"], ["a title", "a heading", "a short title"],
                            ["wrapped in double angular brackets", "inside double angle brackets", "between << and >>",
                             "enclosed in double angular brackets"],
                            ["", "", "such as <<poem of joy>>", "for example <<my notes>>", "like <<a day out>>", "such as <<the big idea>>"]]))
    }

    static func quotation(_ d: inout Draw) -> String {
        sentence(d.compose([["Wrap", "Enclose", "Put", "Place"], ["your entire response", "the whole reply", "everything you write", "the full answer"],
                            ["in double quotation marks", "inside double quotes", "between a pair of double quotation marks", "within double quotes"]]))
            + d.pick(["", "", " Start and end with a quote character.", " The first and last characters must be quotes."])
    }

    static func keywords(_ a: String, _ b: String, _ d: inout Draw) -> String {
        sentence(d.compose([["Include", "Use", "Mention", "Work in", "Make sure to use", "Be sure to mention"],
                            ["the keywords", "the words", "both words", "the terms", ""], ["\"\(a)\" and \"\(b)\""],
                            ["in the response", "somewhere in your answer", "at least once", "in your reply", "", ""]]))
    }

    static func postscript(_ d: inout Draw) -> String {
        d.compose([["At the end of your response,", "After the main text,", "Below your answer,", "When you are done,", "To finish,"],
                   ["please explicitly add", "add", "include", "write", "append"], ["a postscript", "a short postscript", "a note", "an extra note"],
                   ["starting with P.S.", "that begins with P.S.", "beginning with P.S.", "marked P.S."]])
    }
}
