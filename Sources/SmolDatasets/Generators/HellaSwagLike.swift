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
    ]
    static let cycles = [["red", "blue", "green"], ["north", "east", "south", "west"], ["spring", "summer", "autumn", "winter"],
                         ["circle", "square", "triangle"], ["do", "re", "mi", "fa"], ["cat", "dog", "bird"], ["small", "medium", "large"]]

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
            let context = "\(name) is \(activity). First, \(name) " + steps[..<k].joined(separator: ", then ") + ". Next, \(name)"
            let options = [steps[k], later, earlier, foreign]
            let order = d.shuffled([0, 1, 2, 3])
            return ("activity|\(activity)|\(k)|\(later)|\(earlier)|\(foreign)", context, order.map { options[$0] }, order.firstIndex(of: 0)!, "procedure")
        } else if family < 8 {
            let start = d.int(1, 40), step = d.int(2, 12), shown = d.int(4, 6)
            let seq = (0..<shown).map { start + $0 * step }
            let next = start + shown * step
            let options = ["\(next)", "\(next + step)", "\(next - 1)", "\(seq.last! + step + d.pick([1, 2, -2, 3]))"]
            let unique = Array(Set(options)).count == 4 ? options : ["\(next)", "\(next + step)", "\(next + 2 * step)", "\(next + 1)"]
            let order = d.shuffled([0, 1, 2, 3])
            return ("arith|\(start)|\(step)|\(shown)", "The sequence continues: " + seq.map(String.init).joined(separator: ", ") + ",",
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
            return ("cycle|\(cycle[0])|\(offset)|\(shown)|\(wrong.joined(separator: ","))", "The pattern continues: " + seq.joined(separator: ", ") + ",",
                    order.map { options[$0] }, order.firstIndex(of: 0)!, "pattern")
        }
    }

    static func generate(n: Int, seed: UInt64, split: String) throws -> Dataset {
        let records = try collect(task: "hellaswag-like", n: n, seed: seed, split: split) { d in
            let item = make(&d)
            return (item.key, ["question": .string(item.question), "choices": .array(item.choices.map { .string($0) }),
                               "answer": .number(Double(item.answer)), "subject": .string(item.subject)])
        }
        return Dataset(schema: .multipleChoice, records: records, name: "hellaswag-like-\(split)")
    }
}
