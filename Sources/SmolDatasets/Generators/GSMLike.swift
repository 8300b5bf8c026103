import SmolCore

/// Multi-step arithmetic word problems with GSM8K-style worked answers (`<<a*b=c>>` calculator
/// annotations, final line `#### N`). Six templates of two to three steps, small integers only.
enum GSMLike {
    /// One problem: question, worked steps, final answer, and the key that fixes its split.
    struct Problem { var key: String; var question: String; var steps: [String]; var final: Int }

    static func make(_ d: inout Draw) -> Problem {
        let name = d.pick(Vocabulary.names)
        let he = Vocabulary.pronoun[name] ?? "They"
        let friend = d.pick(Vocabulary.names.filter { $0 != name })
        switch d.int(0, 5) {
        case 0:
            let item = d.pick(Vocabulary.items)
            let a = d.int(2, 30), b = d.int(2, 6), c = d.int(2, 9)
            let bought = b * c
            let d1 = d.int(1, a + bought - 1)
            let total = a + bought, left = total - d1
            return Problem(key: "buy|\(item)|\(a)|\(b)|\(c)|\(d1)",
                question: "\(name) has \(a) \(item)s. \(he) buys \(b) packs of \(c) \(item)s each and gives \(d1) \(item)s to \(friend). How many \(item)s does \(name) have now?",
                steps: ["\(name) buys \(b)*\(c) = <<\(b)*\(c)=\(bought)>>\(bought) \(item)s.",
                        "Then \(he.lowercased()) has \(a)+\(bought) = <<\(a)+\(bought)=\(total)>>\(total) \(item)s.",
                        "After giving \(d1) away, \(he.lowercased()) has \(total)-\(d1) = <<\(total)-\(d1)=\(left)>>\(left) \(item)s."],
                final: left)
        case 1:
            let rate = d.int(5, 25), hours = d.int(2, 8), days = d.int(2, 6)
            let perDay = rate * hours, earned = perDay * days
            let spent = d.int(1, earned - 1), left = earned - spent
            return Problem(key: "earn|\(rate)|\(hours)|\(days)|\(spent)",
                question: "\(name) earns $\(rate) per hour and works \(hours) hours a day for \(days) days. \(he) then spends $\(spent). How much money does \(name) have left?",
                steps: ["Each day \(name) earns \(rate)*\(hours) = <<\(rate)*\(hours)=\(perDay)>>\(perDay) dollars.",
                        "In \(days) days that is \(perDay)*\(days) = <<\(perDay)*\(days)=\(earned)>>\(earned) dollars.",
                        "After spending \(spent), \(he.lowercased()) has \(earned)-\(spent) = <<\(earned)-\(spent)=\(left)>>\(left) dollars left."],
                final: left)
        case 2:
            let item = d.pick(Vocabulary.items)
            let every = d.pick([2, 3, 4, 5, 6, 10, 12, 15, 20, 30]), made = d.int(2, 12), hours = d.int(1, 5)
            let batches = 60 / every, perHour = batches * made, total = perHour * hours
            return Problem(key: "rate|\(item)|\(every)|\(made)|\(hours)",
                question: "A machine makes \(made) \(item)s every \(every) minutes. How many \(item)s does it make in \(hours) hours?",
                steps: ["An hour has 60/\(every) = <<60/\(every)=\(batches)>>\(batches) periods of \(every) minutes.",
                        "So the machine makes \(batches)*\(made) = <<\(batches)*\(made)=\(perHour)>>\(perHour) \(item)s per hour.",
                        "In \(hours) hours it makes \(perHour)*\(hours) = <<\(perHour)*\(hours)=\(total)>>\(total) \(item)s."],
                final: total)
        case 3:
            let friends = d.int(2, 6), each = d.int(2, 9), kept = d.int(1, 12)
            let shared = friends * each, baked = shared + kept
            let trays = [2, 3, 4].first { baked % $0 == 0 } ?? 1
            let perTray = baked / trays
            return Problem(key: "share|\(trays)|\(perTray)|\(kept)|\(friends)",
                question: "\(name) bakes \(trays) trays of \(perTray) cookies. \(he) keeps \(kept) cookies and shares the rest equally among \(friends) friends. How many cookies does each friend get?",
                steps: ["\(name) bakes \(trays)*\(perTray) = <<\(trays)*\(perTray)=\(baked)>>\(baked) cookies.",
                        "After keeping \(kept), there are \(baked)-\(kept) = <<\(baked)-\(kept)=\(shared)>>\(shared) cookies to share.",
                        "Each friend gets \(shared)/\(friends) = <<\(shared)/\(friends)=\(each)>>\(each) cookies."],
                final: each)
        case 4:
            let third = d.pick(Vocabulary.names.filter { $0 != name && $0 != friend })
            let age = d.int(4, 40), older = d.int(1, 15)
            let friendAge = age + older, thirdAge = 2 * friendAge, sum = age + friendAge + thirdAge
            return Problem(key: "ages|\(age)|\(older)",
                question: "\(name) is \(age) years old. \(friend) is \(older) years older than \(name), and \(third) is twice as old as \(friend). What is the sum of their ages?",
                steps: ["\(friend) is \(age)+\(older) = <<\(age)+\(older)=\(friendAge)>>\(friendAge) years old.",
                        "\(third) is 2*\(friendAge) = <<2*\(friendAge)=\(thirdAge)>>\(thirdAge) years old.",
                        "Together they are \(age)+\(friendAge)+\(thirdAge) = <<\(age)+\(friendAge)+\(thirdAge)=\(sum)>>\(sum) years old."],
                final: sum)
        default:
            let good = d.pick(Vocabulary.goods)
            let percent = d.pick([10, 20, 25, 50]), price = 20 * d.int(1, 15), count = d.int(2, 6)
            let off = price * percent / 100, sale = price - off, total = sale * count
            return Problem(key: "sale|\(good)|\(percent)|\(price)|\(count)",
                question: "A \(good) costs $\(price). It is on sale for \(percent)% off. \(name) buys \(count) of them. How much does \(name) pay?",
                steps: ["The discount is \(price)*\(percent)/100 = <<\(price)*\(percent)/100=\(off)>>\(off) dollars.",
                        "Each \(good) costs \(price)-\(off) = <<\(price)-\(off)=\(sale)>>\(sale) dollars on sale.",
                        "For \(count) of them \(name) pays \(sale)*\(count) = <<\(sale)*\(count)=\(total)>>\(total) dollars."],
                final: total)
        }
    }

    /// The GSM8K answer text: steps, then `#### N`.
    static func answer(_ p: Problem) -> String { (p.steps + ["#### \(p.final)"]).joined(separator: "\n") }

    static func generate(n: Int, seed: UInt64, split: String) throws -> Dataset {
        let records = try collect(task: "gsm-like", n: n, seed: seed, split: split) { d in
            let p = make(&d)
            return (p.key, ["question": .string(p.question), "answer": .string(answer(p)), "final": .string(String(p.final))])
        }
        return Dataset(schema: .math, records: records, name: "gsm-like-\(split)")
    }
}
