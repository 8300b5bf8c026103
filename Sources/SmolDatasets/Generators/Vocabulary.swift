/// Word lists for the generators (written for smol).
enum Vocabulary {
    /// First names with their subject pronoun (written for smol; varied so templates rarely repeat word for word).
    static let people: [(name: String, pronoun: String)] = [
        ("Ava", "She"), ("Ben", "He"), ("Carla", "She"), ("Dev", "He"), ("Elena", "She"), ("Farid", "He"), ("Grace", "She"),
        ("Hugo", "He"), ("Iris", "She"), ("Jonas", "He"), ("Kira", "She"), ("Leo", "He"), ("Maya", "She"), ("Nadia", "She"),
        ("Omar", "He"), ("Priya", "She"), ("Quinn", "He"), ("Rosa", "She"), ("Sami", "He"), ("Tara", "She"), ("Umar", "He"),
        ("Vera", "She"), ("Will", "He"), ("Yara", "She"), ("Zane", "He"), ("Amir", "He"), ("Bella", "She"), ("Chen", "He"),
        ("Dina", "She"), ("Emil", "He"), ("Fatima", "She"), ("Gus", "He"), ("Hana", "She"), ("Ivan", "He"), ("Jade", "She"),
        ("Karim", "He"), ("Lina", "She"), ("Marco", "He"), ("Nora", "She"), ("Oscar", "He"), ("Paula", "She"), ("Rafael", "He"),
        ("Sofia", "She"), ("Theo", "He"), ("Ursula", "She"), ("Victor", "He"), ("Wendy", "She"), ("Xavier", "He"), ("Yusuf", "He"),
        ("Zoe", "She"), ("Aiko", "She"), ("Bruno", "He"), ("Clara", "She"), ("Diego", "He"), ("Esme", "She"), ("Felix", "He"),
        ("Gemma", "She"), ("Hassan", "He"), ("Ingrid", "She"), ("Jamal", "He"), ("Keiko", "She"), ("Luca", "He"), ("Mira", "She"),
        ("Nikhil", "He"), ("Olga", "She"), ("Pedro", "He"), ("Rina", "She"), ("Stefan", "He"), ("Talia", "She"), ("Tomas", "He"),
        ("Ada", "She"), ("Boris", "He"), ("Celia", "She"), ("Dario", "He"), ("Eva", "She"), ("Femi", "He"), ("Greta", "She"),
        ("Henrik", "He"), ("Isla", "She"), ("Joel", "He"), ("Kofi", "He"), ("Lara", "She"), ("Mateo", "He"), ("Noor", "She"),
    ]
    static let names = people.map(\.name)
    static let pronoun: [String: String] = Dictionary(uniqueKeysWithValues: people.map { ($0.name, $0.pronoun) })
    static let items = ["apple", "marble", "pencil", "sticker", "cookie", "book", "shell", "stamp", "card", "orange", "candle", "button",
                        "crayon", "seashell", "lemon", "notebook", "balloon", "pebble", "ribbon", "eraser", "muffin", "postcard", "plum", "bead",
                        "coin", "feather", "magnet", "pear", "toy car", "pine cone"]
    static let goods = ["lamp", "backpack", "kettle", "bicycle helmet", "board game", "jacket", "chair", "water bottle", "rug", "toaster",
                        "desk", "pair of boots", "tent", "blender", "scarf", "clock", "mirror", "suitcase", "guitar strap", "raincoat"]
    static let topics = ["the water cycle", "how bees make honey", "why the sky is blue", "the history of paper", "how volcanoes form",
                         "the life of a tree", "how a bicycle works", "the phases of the moon", "saving energy at home",
                         "how bread rises", "the planets of the solar system", "why we sleep", "how rainbows form", "recycling plastic"]
    static let sentencesAbout: [String: [String]] = [
        "the water cycle": ["water evaporates from oceans and lakes", "the vapour cools and forms clouds", "rain and snow bring the water back to the ground", "rivers carry it back to the sea"],
        "how bees make honey": ["bees collect nectar from flowers", "they store it in wax cells", "fanning wings dry the nectar", "the thick syrup becomes honey"],
        "why the sky is blue": ["sunlight contains every colour", "air scatters blue light more than red light", "the scattered blue light reaches our eyes from all directions", "at sunset the light travels farther and looks red"],
        "the history of paper": ["paper was first made in China", "early paper used plant fibres and water", "the craft spread along trade routes", "printing made paper common"],
        "how volcanoes form": ["hot magma rises from deep inside the earth", "pressure builds under the crust", "the magma escapes through cracks", "layers of lava build a mountain"],
        "the life of a tree": ["a seed sprouts in the soil", "roots take up water", "leaves turn sunlight into food", "rings in the trunk show its age"],
        "how a bicycle works": ["the rider pushes the pedals", "a chain turns the back wheel", "gears change how hard it is to pedal", "brakes press pads against the wheels"],
        "the phases of the moon": ["the moon reflects light from the sun", "we see different amounts of its lit side", "a full cycle takes about a month", "a new moon is hard to see"],
        "saving energy at home": ["turn off lights in empty rooms", "close windows when the heating is on", "use full loads in the washing machine", "unplug chargers that are not in use"],
        "how bread rises": ["yeast feeds on sugar in the dough", "it releases small bubbles of gas", "the gluten traps the bubbles", "baking sets the soft structure"],
        "the planets of the solar system": ["eight planets orbit the sun", "the inner planets are rocky", "the outer planets are giants of gas and ice", "each planet takes a different time to orbit"],
        "why we sleep": ["sleep lets the body repair itself", "the brain sorts memories during sleep", "children need more sleep than adults", "too little sleep makes it hard to focus"],
        "how rainbows form": ["sunlight enters raindrops", "the light bends and splits into colours", "each colour leaves the drop at a slightly different angle", "we see an arc with red on the outside"],
        "recycling plastic": ["used plastic is collected and sorted", "it is washed and cut into flakes", "the flakes are melted into pellets", "the pellets become new products"],
    ]
}
