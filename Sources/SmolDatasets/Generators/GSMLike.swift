import SmolCore

/// Arithmetic word problems with GSM8K-style worked answers (`<<a*b=c>>` calculator annotations, final
/// line `#### N`). The `Difficulty` sets the steps and numbers: `easy` is one step over small numbers,
/// `medium` two (`makeSimple`); `hard` is six templates of two to three steps with prices, rates and
/// ages.
enum GSMLike {
    /// One problem: question, worked steps, final answer, and the key that fixes its split.
    struct Problem { var key: String; var question: String; var steps: [String]; var final: Int }

    /// One problem at `level`; the `hard` level draws exactly what the generator drew before it had levels.
    static func make(_ d: inout Draw, level: Difficulty = .standard) -> Problem {
        level == .hard ? makeHard(&d) : makeSimple(&d, level: level)
    }

    /// A two-to-three-step problem from one of six templates.
    static func makeHard(_ d: inout Draw) -> Problem {
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
                question: d.pick(["\(name) has \(a) \(item)s.", "There are \(a) \(item)s in \(name)'s bag.", "\(name) starts the week with \(a) \(item)s.",
                                  "\(name) keeps \(a) \(item)s in a drawer.", "On Monday \(name) owns \(a) \(item)s.", "\(name)'s collection holds \(a) \(item)s."])
                    // Each sentence names its own subject, so the one who gives is always the owner.
                    + " " + d.pick(["\(he) buys \(b) packs of \(c) \(item)s each.", "Then \(he.lowercased()) gets \(b) boxes with \(c) \(item)s in every box.",
                                    "At the shop \(he.lowercased()) picks up \(b) bags holding \(c) \(item)s apiece.",
                                    "Later \(b) parcels arrive for \(name), each with \(c) \(item)s.",
                                    "A neighbour brings \(name) \(b) tins containing \(c) \(item)s each.", "\(he) adds \(b) sets of \(c) \(item)s."])
                    + " " + d.pick(["\(he) gives \(d1) \(item)s to \(friend).", "Then \(he.lowercased()) hands \(d1) of them to \(friend).",
                                    "After that, \(name) gives \(friend) \(d1) of them.", "Then \(he.lowercased()) gives \(d1) to \(friend) as a gift.",
                                    "\(friend) borrows \(d1) from \(name) and keeps them.", "\(name) passes \(d1) of them on to \(friend)."])
                    + " " + d.pick(["How many \(item)s does \(name) have now?", "How many \(item)s are left with \(name)?", "What number of \(item)s does \(name) end up with?",
                                    "Count \(name)'s \(item)s at the end.", "How many remain?", "What is \(name)'s total now?"]),
                steps: ["\(name) buys \(b)*\(c) = <<\(b)*\(c)=\(bought)>>\(bought) \(item)s.",
                        "Then \(he.lowercased()) has \(a)+\(bought) = <<\(a)+\(bought)=\(total)>>\(total) \(item)s.",
                        "After giving \(d1) away, \(he.lowercased()) has \(total)-\(d1) = <<\(total)-\(d1)=\(left)>>\(left) \(item)s."],
                final: left)
        case 1:
            let rate = d.int(5, 25), hours = d.int(2, 8), days = d.int(2, 6)
            let perDay = rate * hours, earned = perDay * days
            let spent = d.int(1, earned - 1), left = earned - spent
            return Problem(key: "earn|\(rate)|\(hours)|\(days)|\(spent)",
                question: d.pick(["\(name) earns $\(rate) per hour and works \(hours) hours a day for \(days) days.",
                                  "For \(days) days, \(name) works \(hours) hours each day at $\(rate) an hour.",
                                  "\(name) has a job paying $\(rate) an hour, \(hours) hours daily, over \(days) days.",
                                  "\(name) tutors for \(hours) hours a day at $\(rate) per hour, \(days) days in a row.",
                                  "At $\(rate) an hour, \(name) walks dogs \(hours) hours daily for \(days) days.",
                                  "\(name) gets $\(rate) for each hour at the cafe and works \(hours) hours on each of \(days) days."])
                    + " " + d.pick(["\(he) then spends $\(spent).", "Afterwards $\(spent) goes on a new coat.", "Later \(he.lowercased()) pays $\(spent) for books.",
                                    "A repair bill takes $\(spent).", "\(he) gives $\(spent) to charity.", "Then $\(spent) is spent on a trip."])
                    + " " + d.pick(["How much money does \(name) have left?", "How many dollars remain?", "What amount of money is left over?",
                                    "How much is saved in the end?", "What is left from the pay?", "How many dollars does \(name) keep?"]),
                steps: ["Each day \(name) earns \(rate)*\(hours) = <<\(rate)*\(hours)=\(perDay)>>\(perDay) dollars.",
                        "In \(days) days that is \(perDay)*\(days) = <<\(perDay)*\(days)=\(earned)>>\(earned) dollars.",
                        "After spending \(spent), \(he.lowercased()) has \(earned)-\(spent) = <<\(earned)-\(spent)=\(left)>>\(left) dollars left."],
                final: left)
        case 2:
            let item = d.pick(Vocabulary.items)
            let every = d.pick([2, 3, 4, 5, 6, 10, 12, 15, 20, 30]), made = d.int(2, 12), hours = d.int(1, 5)
            let batches = 60 / every, perHour = batches * made, total = perHour * hours
            return Problem(key: "rate|\(item)|\(every)|\(made)|\(hours)",
                question: d.pick(["A machine makes \(made) \(item)s every \(every) minutes.", "Every \(every) minutes a factory line turns out \(made) \(item)s.",
                                  "\(name) runs a press that produces \(made) \(item)s each \(every) minutes.", "\(name) can pack \(made) \(item)s in \(every) minutes.",
                                  "In \(every) minutes a robot sorts \(made) \(item)s.", "A workshop finishes \(made) \(item)s per \(every) minutes."])
                    + " " + d.pick(["How many \(item)s does it make in \(hours) hours?", "How many \(item)s are made in \(hours) hours?",
                                    "What is the total after \(hours) hours of work?", "How many are done after \(hours) hours?",
                                    "Working \(hours) hours at this pace, how many \(item)s result?", "What is the count after \(hours) hours?"]),
                steps: ["An hour has 60/\(every) = <<60/\(every)=\(batches)>>\(batches) periods of \(every) minutes.",
                        "So the machine makes \(batches)*\(made) = <<\(batches)*\(made)=\(perHour)>>\(perHour) \(item)s per hour.",
                        "In \(hours) hours it makes \(perHour)*\(hours) = <<\(perHour)*\(hours)=\(total)>>\(total) \(item)s."],
                final: total)
        case 3:
            let friends = d.int(2, 6), each = d.int(2, 9), trays = d.int(2, 4)
            let shared = friends * each
            // Keep between 1 and 12 aside, chosen so the trays hold equal amounts.
            let aside = d.int(1, 12)
            let kept = aside + (trays - (shared + aside) % trays) % trays, baked = shared + kept
            let perTray = baked / trays
            let food = d.pick(["cookies", "muffins", "rolls", "cupcakes", "biscuits", "pretzels", "scones", "buns", "brownies", "tarts"])
            let (group, one) = d.pick([("friends", "friend"), ("classmates", "classmate"), ("neighbours", "neighbour"), ("cousins", "cousin")])
            return Problem(key: "share|\(trays)|\(perTray)|\(kept)|\(friends)",
                question: d.pick(["\(name) bakes \(trays) trays of \(perTray) \(food).", "\(name) fills \(trays) trays, each with \(perTray) \(food).",
                                  "For a party \(name) prepares \(trays) trays holding \(perTray) \(food) apiece.",
                                  "\(trays) trays of \(food) come out of \(name)'s oven, \(perTray) per tray.",
                                  "There are \(trays) trays with \(perTray) \(food) on each in \(name)'s kitchen.",
                                  "\(name) makes \(perTray) \(food) on each of \(trays) trays."])
                    + " " + d.pick(["\(he) keeps \(kept) \(food) and shares the rest equally among \(friends) \(group).",
                                    "After saving \(kept) for later, \(he.lowercased()) splits the others evenly between \(friends) \(group).",
                                    "\(kept) are put aside and the remainder goes in equal parts to \(friends) \(group).",
                                    "\(he) eats \(kept) and divides what is left fairly among \(friends) \(group).",
                                    "Keeping \(kept), \(he.lowercased()) shares the others equally with \(friends) \(group)."])
                    + " " + d.pick(["How many \(food) does each \(one) get?", "How many \(food) go to each \(one)?", "What is each \(one)'s share?",
                                    "How many does each \(one) receive?", "What does one share contain?", "How many \(food) per \(one)?"]),
                steps: ["\(name) bakes \(trays)*\(perTray) = <<\(trays)*\(perTray)=\(baked)>>\(baked) \(food).",
                        "After keeping \(kept), there are \(baked)-\(kept) = <<\(baked)-\(kept)=\(shared)>>\(shared) \(food) to share.",
                        "Each \(one) gets \(shared)/\(friends) = <<\(shared)/\(friends)=\(each)>>\(each) \(food)."],
                final: each)
        case 4:
            let third = d.pick(Vocabulary.names.filter { $0 != name && $0 != friend })
            let age = d.int(4, 40), older = d.int(1, 15)
            let friendAge = age + older, thirdAge = 2 * friendAge, sum = age + friendAge + thirdAge
            return Problem(key: "ages|\(age)|\(older)",
                question: d.pick(["\(name) is \(age) years old.", "\(name) turned \(age) this year.", "The age of \(name) is \(age).", "\(name) just celebrated turning \(age).",
                                  "Right now \(name) is \(age).", "\(name) has lived for \(age) years."])
                    + " " + d.pick(["\(friend) is \(older) years older than \(name), and \(third) is twice as old as \(friend).",
                                    "\(friend) was born \(older) years before \(name), while \(third) is double the age of \(friend).",
                                    "\(friend) is \(name)'s elder by \(older) years and \(third)'s age is two times \(friend)'s.",
                                    "\(friend) has \(older) more years than \(name); \(third) has twice as many years as \(friend).",
                                    "Add \(older) years to \(name)'s age to get \(friend)'s, and double \(friend)'s age to get \(third)'s."])
                    + " " + d.pick(["What is the sum of their ages?", "How old are the three together?", "What do their ages add up to?",
                                    "Find the total of the three ages.", "Added together, how many years is that?", "What is their combined age?"]),
                steps: ["\(friend) is \(age)+\(older) = <<\(age)+\(older)=\(friendAge)>>\(friendAge) years old.",
                        "\(third) is 2*\(friendAge) = <<2*\(friendAge)=\(thirdAge)>>\(thirdAge) years old.",
                        "Together they are \(age)+\(friendAge)+\(thirdAge) = <<\(age)+\(friendAge)+\(thirdAge)=\(sum)>>\(sum) years old."],
                final: sum)
        default:
            let good = d.pick(Vocabulary.goods)
            let percent = d.pick([10, 20, 25, 50]), price = 20 * d.int(1, 15), count = d.int(2, 6)
            let off = price * percent / 100, sale = price - off, total = sale * count
            return Problem(key: "sale|\(good)|\(percent)|\(price)|\(count)",
                question: d.pick(["A \(good) costs $\(price).", "The usual price of a \(good) is $\(price).", "In one store a \(good) is priced at $\(price).",
                                  "A \(good) normally sells for $\(price).", "The tag on a \(good) reads $\(price).", "Before the sale, a \(good) was $\(price)."])
                    + " " + d.pick(["It is on sale for \(percent)% off.", "This week there is a \(percent)% discount.", "A sign says \(percent)% off everything.",
                                    "The shop takes \(percent)% off the price.", "Today the price drops by \(percent)%.", "A coupon gives \(percent)% off."])
                    + " " + d.pick(["\(name) buys \(count) of them. How much does \(name) pay?", "How much do \(count) of them cost \(name)?",
                                    "What does \(name) spend on \(count) of them?",
                                    "\(name) needs \(count). What is the bill?", "If \(name) takes \(count), how much is paid?", "What do \(count) cost \(name) in total?"]),
                steps: ["The discount is \(price)*\(percent)/100 = <<\(price)*\(percent)/100=\(off)>>\(off) dollars.",
                        "Each \(good) costs \(price)-\(off) = <<\(price)-\(off)=\(sale)>>\(sale) dollars on sale.",
                        "For \(count) of them \(name) pays \(sale)*\(count) = <<\(sale)*\(count)=\(total)>>\(total) dollars."],
                final: total)
        }
    }

    /// A worked step without its calculator annotation: "3+4 = <<3+4=7>>7" → "3+4 = 7".
    static func withoutAnnotations(_ step: String) -> String {
        var out = "", rest = Substring(step)
        while let open = rest.range(of: "<<"), let close = rest[open.upperBound...].range(of: ">>") {
            out += rest[..<open.lowerBound]
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// The GSM8K answer text: steps, then `#### N`.
    static func answer(_ p: Problem) -> String { (p.steps + ["#### \(p.final)"]).joined(separator: "\n") }

    static func generate(n: Int, seed: UInt64, split: String, level: Difficulty = .standard) throws -> Dataset {
        let records = try collect(task: "gsm-like", n: n, seed: seed, split: split) { d in
            let p = make(&d, level: level)
            return (p.key, ["question": .string(p.question), "answer": .string(answer(p)), "final": .string(String(p.final))])
        }
        return Dataset(schema: .math, records: records, name: "gsm-like-\(split)")
    }
}
