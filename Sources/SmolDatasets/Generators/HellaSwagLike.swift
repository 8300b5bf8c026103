import SmolCore

/// Pick the continuation that fits (HellaSwag-like pattern completion), 4-way multiple choice.
///
/// Two families: everyday procedures (the context gives the first steps, the answer is the next
/// step; distractors are a later step, a step of another activity, and an earlier step repeated), and
/// sequences (arithmetic progressions, repeating cycles of words) whose next element must be chosen.
enum HellaSwagLike {
    static let activities: [(String, [String])] = [
        ("making tea", ["fills the kettle with water", "switches the kettle on", "puts a tea bag in a cup", "pours the hot water into the cup", "waits a few minutes for the tea to steep", "takes the tea bag out"]),
        ("planting a seed", ["fills a small pot with soil", "makes a hole with a finger", "drops the seed into the hole", "covers the seed with soil", "waters the pot gently", "sets the pot on a sunny window sill"]),
        ("washing a car", ["fills a bucket with soapy water", "rinses the car with a hose", "scrubs the car with a sponge", "rinses the soap away", "dries the car with a towel", "polishes the windows"]),
        ("baking bread", ["mixes flour, water and yeast in a bowl", "kneads the dough on the table", "leaves the dough to rise", "shapes the dough into a loaf", "bakes the loaf in a hot oven", "lets the bread cool on a rack"]),
        ("painting a wall", ["moves the furniture away from the wall", "covers the floor with a sheet", "tapes the edges of the wall", "stirs the paint in the can", "rolls the paint onto the wall", "removes the tape once the paint is dry"]),
        ("changing a tyre", ["parks the car on flat ground", "loosens the nuts on the wheel", "lifts the car with a jack", "takes the flat tyre off", "puts the spare tyre on", "tightens the nuts again"]),
        ("making a sandwich", ["takes two slices of bread", "spreads butter on each slice", "lays cheese on one slice", "adds lettuce and tomato", "puts the second slice on top", "cuts the sandwich in half"]),
        ("wrapping a present", ["puts the box on the paper", "cuts the paper to size", "folds the paper around the box", "tapes the paper closed", "ties a ribbon around it", "attaches a small card"]),
        ("doing laundry", ["sorts the clothes by colour", "loads the washing machine", "adds the detergent", "starts the wash cycle", "hangs the wet clothes to dry", "folds the dry clothes"]),
        ("setting up a tent", ["clears stones from the ground", "lays the tent flat", "slides the poles through the sleeves", "raises the tent", "pushes the pegs into the ground", "tightens the guy ropes"]),
        ("brushing teeth", ["wets the toothbrush", "squeezes toothpaste onto the brush", "brushes the front teeth", "brushes the back teeth", "spits out the foam", "rinses the brush under the tap"]),
        ("making a paper plane", ["takes a sheet of paper", "folds it in half lengthwise", "folds the top corners to the centre", "folds the sides down to make wings", "straightens the wings", "throws the plane across the room"]),
        ("cooking pasta", ["fills a large pot with water", "brings the water to the boil", "adds a pinch of salt", "tips the pasta into the pot", "stirs it now and then", "drains the pasta in a colander"]),
        ("repotting a plant", ["waters the plant the day before", "picks a slightly bigger pot", "puts fresh soil in the bottom", "eases the plant out of the old pot", "sets it in the new pot", "fills the gaps with soil"]),
        ("cleaning a window", ["mixes warm water with a little soap", "dips a cloth in the bucket", "wipes the glass from top to bottom", "removes the water with a squeegee", "dries the corners with a towel", "checks the glass for streaks"]),
        ("packing a suitcase", ["lays the suitcase open on the bed", "rolls the shirts tightly", "puts the shoes along the bottom", "fits the rolled clothes around them", "tucks the toiletries in a side pocket", "zips the suitcase shut"]),
        ("making pancakes", ["cracks two eggs into a bowl", "whisks in milk and flour", "heats a little butter in a pan", "pours a ladle of batter into the pan", "flips the pancake when bubbles appear", "slides the pancake onto a plate"]),
        ("fixing a bike puncture", ["takes the wheel off the bike", "levers the tyre off the rim", "pulls out the inner tube", "finds the hole by listening for air", "sticks a patch over the hole", "puts the tube and tyre back on"]),
    ]
    static let cycles = [["red", "blue", "green"], ["north", "east", "south", "west"], ["spring", "summer", "autumn", "winter"],
                         ["circle", "square", "triangle"], ["do", "re", "mi", "fa"], ["cat", "dog", "bird"], ["small", "medium", "large"],
                         ["Monday", "Tuesday", "Wednesday", "Thursday"], ["apple", "pear", "plum"], ["up", "down"], ["sun", "cloud", "rain", "snow"],
                         ["one", "two", "three", "four", "five"], ["left", "right", "middle"], ["star", "moon", "comet"], ["A", "B", "C", "D", "E"],
                         ["rock", "paper", "scissors"], ["yes", "no", "maybe"], ["hot", "warm", "cool", "cold"], ["gold", "silver", "bronze"],
                         ["piano", "violin", "flute", "drum"], ["breakfast", "lunch", "dinner"], ["seed", "sprout", "flower", "fruit"],
                         ["egg", "caterpillar", "pupa", "butterfly"], ["dawn", "noon", "dusk", "midnight"], ["knife", "fork", "spoon"],
                         ["lion", "tiger", "bear"], ["oak", "pine", "birch", "maple"], ["salt", "pepper"], ["tea", "coffee", "juice", "milk"],
                         ["hat", "scarf", "glove", "boot"], ["bus", "train", "tram", "ferry"], ["ruby", "emerald", "sapphire"],
                         ["January", "February", "March"], ["x", "y", "z"], ["clap", "stomp", "snap", "jump"], ["cone", "cube", "sphere"]]
    /// Lead-ins for the sequence families.
    static let sequenceLeads = ["The sequence continues:", "What comes next?", "Continue the list:", "Here is a sequence:", "Look at the order:",
                                "Find the next item:", "Someone writes:", "The board shows:", "Keep the pattern going:", "A child lines up:",
                                "Fill in the next one:", "The pattern continues:", "Spot the rule and continue:", "The list so far:"]
    static let adverbs = ["", "", "", "", "carefully", "slowly", "quickly", "gently", "calmly", "patiently", "neatly", "happily", "quietly", "promptly"]

    /// A step with an optional adverb in front of its verb.
    static func step(_ text: String, _ d: inout Draw) -> String {
        let adverb = d.pick(adverbs)
        return adverb.isEmpty ? text : adverb + " " + text
    }

    /// The context of an activity item: a varied opening, the first `k` steps with varied connectors,
    /// and an open sentence whose grammatical subject the answer continues.
    static func context(_ activity: String, _ shown: ArraySlice<String>, _ name: String, _ d: inout Draw) -> String {
        let he = (Vocabulary.pronoun[name] ?? "They").lowercased()
        let subject = { (d: inout Draw) -> String in d.coin() ? name : he }
        let opening = d.pick(["\(name) is \(activity).", "It is time for \(activity), and \(name) gets started.", "\(name) decides to try \(activity).",
                              "Today \(name) is busy \(activity).", "On Sunday, \(name) spends the afternoon \(activity).", "\(name) has never been good at \(activity).",
                              "After school, \(name) starts \(activity).", "\(name) shows a friend how \(activity) is done.", "A video shows \(name) \(activity).",
                              "\(name) is in the middle of \(activity)."])
        var sentences = [opening]
        for (i, text) in shown.enumerated() {
            let connector = i == 0 ? d.pick(["First,", "To begin,", "At the start,", "Step one:", "First of all,", "Before anything else,"])
                                   : d.pick(["Then", "After that,", "Next,", "Once that is done,", "A moment later,", "Soon after,", "Now", "Afterwards"])
            sentences.append("\(connector) \(subject(&d)) \(step(text, &d)).")
        }
        let last = d.pick(["Next,", "After that,", "Then", "Now", "Once that is done,", "The next moment,", "Without a pause,"])
        return sentences.joined(separator: " ") + " \(last) \(subject(&d))"
    }

    static func make(_ d: inout Draw) -> (key: String, question: String, choices: [String], answer: Int, subject: String) {
        let family = d.int(0, 9)
        if family < 6 {
            let (activity, steps) = d.pick(activities)
            let name = d.pick(Vocabulary.names)
            let k = d.int(2, steps.count - 2)  // steps shown; the answer is steps[k]
            let later = steps[d.int(k + 1, steps.count - 1)]
            let earlier = steps[d.int(0, k - 1)]
            let other = d.pick(activities.filter { $0.0 != activity }).1
            let foreign = d.pick(other)
            let context = context(activity, steps[..<k], name, &d)
            let options = [steps[k], later, earlier, foreign]
            let order = d.shuffled([0, 1, 2, 3])
            return ("activity|\(activity)|\(k)#\(later)|\(earlier)|\(foreign)", context, order.map { options[$0] }, order.firstIndex(of: 0)!, "procedure")
        } else if family < 8 {
            let start = d.int(1, 40), step = d.int(2, 12), shown = d.int(4, 6)
            let seq = (0..<shown).map { start + $0 * step }
            let next = start + shown * step
            let options = ["\(next)", "\(next + step)", "\(next - 1)", "\(seq.last! + step + d.pick([1, 2, -2, 3]))"]
            let unique = Array(Set(options)).count == 4 ? options : ["\(next)", "\(next + step)", "\(next + 2 * step)", "\(next + 1)"]
            let order = d.shuffled([0, 1, 2, 3])
            // The split key is the progression (step and residue), not where the shown part starts or ends:
            // a shorter or shifted run of the same progression shows the other's answer.
            return ("arith|\(step)|\(start % step)#\(start)|\(shown)", d.pick(sequenceLeads) + " " + seq.map(String.init).joined(separator: ", ") + ",",
                    order.map { unique[$0] }, order.firstIndex(of: 0)!, "sequence")
        } else {
            let cycle = d.pick(cycles)
            let offset = d.int(0, cycle.count - 1), shown = d.int(cycle.count + 1, 2 * cycle.count + 1)
            let seq = (0..<shown).map { cycle[(offset + $0) % cycle.count] }
            let next = cycle[(offset + shown) % cycle.count]
            var wrong = cycle.filter { $0 != next }
            let outsider = d.pick(cycles.filter { $0 != cycle }.flatMap { $0 }.filter { !cycle.contains($0) })
            wrong = Array(d.shuffled(wrong).prefix(2)) + [outsider]
            while wrong.count < 3 { wrong.append(d.pick(cycles.flatMap { $0 }.filter { $0 != next && !wrong.contains($0) })) }
            let options = [next] + wrong
            let order = d.shuffled([0, 1, 2, 3])
            // Every run of one cycle is a window of the same endless sequence, so the cycle alone decides the split.
            return ("cycle|\(cycle[0])#\(offset)|\(shown)|\(wrong.joined(separator: ","))", d.pick(sequenceLeads) + " " + seq.joined(separator: ", ") + ",",
                    order.map { options[$0] }, order.firstIndex(of: 0)!, "pattern")
        }
    }

    static func generate(n: Int, seed: UInt64, split: String) throws -> Dataset {
        let records = try collect(task: "hellaswag-like", n: n, seed: seed, split: split, balanceAnswers: true) { d in
            let item = make(&d)
            return (item.key, ["question": .string(item.question), "choices": .array(item.choices.map { .string($0) }),
                               "answer": .number(Double(item.answer)), "subject": .string(item.subject)])
        }
        return Dataset(schema: .multipleChoice, records: records, name: "hellaswag-like-\(split)")
    }
}
