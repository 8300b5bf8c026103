import Foundation

/// Runs SmolScript: scan, parse and resolve a whole source first (any error ⇒ nothing runs), then walk
/// the tree.
///
/// Semantics, where the grammar leaves room:
/// 1. Values are numbers (Double), strings, bools, nil, lists, records, functions and host handles.
///    Lists, records and strings are values: assigning or passing one copies it (cheaply, on write).
/// 2. Names: `let` is constant, `var` mutable; both need an initial value. Top-level declarations are
///    globals and persist across `run` calls (the REPL); a later `run` may declare a global again, which
///    replaces it. Inside one source, redeclaring a name in the same scope is an error. Blocks, loop
///    bodies and function bodies are scopes; each loop iteration gets a fresh loop variable, so closures
///    capture the iteration's value. Top-level functions are hoisted.
/// 3. A name is looked up as a variable first, then as a host command (`print`), then as a built-in
///    (`range len str abs min max round floor sqrt exp log pow`). `a.b(…)` is the command `a.b` when `a`
///    is not a variable. Commands bind arguments Swift-style (see `CommandBinding`); literal arguments
///    are type-checked before running, all arguments again at run time. Script functions, built-ins and
///    methods take positional arguments only.
/// 4. Operators: `+` adds numbers, joins strings and concatenates lists; `- * / %` take numbers (`%` is
///    the truncating remainder); dividing by zero is an error. `< <= > >=` compare two numbers or two
///    strings; `==`/`!=` compare deeply (records ignore field order; handles and functions by identity).
///    `&&`, `||`, `!`, `if` and `while` require Bool; `&&`/`||` short-circuit.
/// 5. `for x in e` iterates a list's elements, `range(…)` lazily, a string's characters, or a record's
///    field names. `range(n)`, `range(a, b)`, `range(a, b, step)` take integers.
/// 6. Members: `list.count`, `list.append(x)` (needs a `var`), `list.contains(x)`, `string.count`,
///    `string.contains(s)`, `record.field` (assigning `r.newField = x` adds a field), `record.contains(name)`,
///    `handle.kind`, `.hash`, `.summary`, then the handle's own `property(name)`. Indexing: `list[i]`
///    (0-based, integral), `string[i]` (a character), `record["field"]`.
/// 7. Limits (`Limits`) end runaway scripts with a diagnostic naming the flag that raises them. Every
///    statement and every expression evaluated is one step; the budget is per `run`. Lists and records
///    may nest at most `maxNesting` deep. `check` and `run` work on a 1 GiB-stack thread (`BigStack`), and
///    every recursive walk (parser, resolver, evaluation, value depth) stops with a diagnostic when that
///    stack runs low (`StackGuard`), whatever the limits say. Walks over values (text, equality, the size
///    a command receives) visit shared parts once or stop at the string limit, and spend steps.
///    `isCancelled` is polled before every statement and loop iteration, and handed to commands.
/// 8. `run` returns the value of the last statement when it is a bare expression whose value is not nil.
/// 9. Extensions to the DESIGN grammar: `+= -= *= /=`, `[:]`, trailing commas, `1_000` digit groups,
///    newlines after a binary operator and before `else`, strings that span lines.
/// 10. `include "file.smol"` (top level only) runs another script at that point, as if run on its own in this
///    session: it sees the command line's `--set` globals and nothing else of the includer, and its globals stay
///    its own. It is compiled with the includer, so an error in either stops the run before anything runs;
///    relative paths start at the including file's folder, and a script may not include itself.
public final class Interpreter {
    /// Names that cannot be used as variables.
    public static let keywords: [String] = Token.keywords.keys.sorted()

    let host: any CommandHost
    let limits: Limits
    /// Polled before every statement and loop iteration; true stops the run with "cancelled".
    @exclusivity(unchecked) public var isCancelled: () -> Bool = { false }

    /// Every source compiled so far, so diagnostics can quote lines of earlier REPL inputs.
    var files: [SourceFile] = []
    /// Global names (from earlier runs and `define`) and their slots.
    var globalTable: [String: GlobalInfo] = [:]
    /// Global values by slot; nil until the declaration has run.
    @exclusivity(unchecked) var globals: [Value?] = []
    @exclusivity(unchecked) var steps = 0
    @exclusivity(unchecked) var callDepth = 0
    /// The native stack bounds of the thread running the current `run`.
    @exclusivity(unchecked) var stackGuard = StackGuard()
    /// The value the last `run` returned, kept so it is freed on a big stack (see `run`).
    @exclusivity(unchecked) private var lastResult: Value?
    /// Depths of recently checked values (see `DepthCache`); emptied after every run.
    @exclusivity(unchecked) var depthCache = DepthCache()

    /// Makes an interpreter whose commands are served by `host`.
    public init(host: any CommandHost, limits: Limits = Limits()) {
        self.host = host
        self.limits = limits
    }

    /// Defines an immutable global from the command line (`smol run --set lr=0.001`). A script that
    /// declares the same name at top level fails to compile, naming both places. Check the name first with
    /// `Value.commandLineNameError`.
    public func define(_ name: String, _ value: Value) {
        globals.append(value)
        globalTable[name] = GlobalInfo(slot: globals.count - 1, isMutable: false, function: nil, loc: nil,
                                       origin: "--set \(name)=\(value.description)")
    }

    /// The globals defined so far and the built-in functions, sorted (for tab completion).
    public var globalNames: [String] {
        (Array(globalTable.keys) + Builtin.allCases.map(\.rawValue)).sorted()
    }

    /// Frees the globals (which may hold deeply nested values and function trees, freed recursively)
    /// on a big-stack thread.
    deinit {
        let doomed = Doomed(globals + [lastResult])
        globals = []
        lastResult = nil
        BigStack.run { doomed.values = [] }
    }

    private final class Doomed: @unchecked Sendable {
        var values: [Value?]
        init(_ values: [Value?]) { self.values = values }
    }

    /// Scans, parses and resolves `source` without running it; returns every error found.
    /// Runs on a big-stack thread (`BigStack`).
    public func check(_ source: String, file: String) -> [Diagnostic] {
        BigStack.run { checkHere(source, file: file) }
    }

    private func checkHere(_ source: String, file: String) -> [Diagnostic] {
        var files = self.files
        switch compile(SourceFile(name: file, text: source), into: &files) {
        case .success: return []
        case .failure(let errors): return errors.errors.map { $0.diagnostic(files) }
        }
    }

    /// Compiles the whole of `source`, then runs it; globals persist for later calls. Returns the value
    /// of the last statement when it is an expression whose value is not nil (the REPL echoes it).
    /// Runs on a big-stack thread (`BigStack`), so deep nesting ends in a diagnostic, never a crash.
    @discardableResult
    public func run(_ source: String, file: String) throws(ScriptFailure) -> Value? {
        let outcome = BigStack.run { () -> Result<Value?, ScriptFailure> in
            // Hold the result until the next run (or deinit), so that the caller never drops the last
            // reference to a deeply nested value on its own, smaller stack.
            lastResult = nil
            do throws(ScriptFailure) {
                lastResult = try runHere(source, file: file)
                return .success(lastResult)
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private func runHere(_ source: String, file: String) throws(ScriptFailure) -> Value? {
        let knownFiles = files.count
        let program: [Stmt]
        switch compile(SourceFile(name: file, text: source), into: &files) {
        case .failure(let errors):
            let diagnostics = errors.errors.map { $0.diagnostic(files) }
            files.removeLast(files.count - knownFiles)
            throw .compile(diagnostics)
        case .success(let compiled):
            program = compiled.program
            globalTable = compiled.globals
            globals += Array(repeating: nil, count: compiled.slotCount - globals.count)
        }
        steps = 0
        callDepth = 0
        stackGuard = StackGuard()
        defer { depthCache.removeAll() }
        do throws(ScriptError) {
            if case .expression(let e)? = program.last {
                try execute(program: program.dropLast())
                try checkpoint(e.loc)
                let value = try evaluate(e, nil)
                if case .null = value { return nil }
                return value
            }
            try execute(program: program[...])
            return nil
        } catch {
            throw .runtime(error.diagnostic(files))
        }
    }

    /// Runs a compiled top-level program (a script or one it includes): hoists its functions, then runs its
    /// statements in order.
    func execute(program: ArraySlice<Stmt>) throws(ScriptError) {
        for case .function(let f) in program {
            if case .global(let slot) = f.binding { globals[slot] = .function(ScriptFunction(f, closure: nil)) }
        }
        for statement in program { _ = try execute(statement, nil) }
    }

    /// Whether `source` is an unfinished REPL input: an unclosed `{`, `(`, `[` or string.
    public static func needsMoreInput(_ source: String) -> Bool {
        var scanner = Scanner(Array(source.unicodeScalars), file: 0)
        _ = scanner.scanTokens()
        return scanner.endedInsideString || !scanner.openBrackets.isEmpty
    }

    struct CompileErrors: Error { var errors: [ScriptError] }

    /// A compiled source: its statements, the globals visible after it and how many global slots it and its
    /// inclusions need.
    struct Compiled {
        var program: [Stmt]
        var globals: [String: GlobalInfo]
        var slotCount: Int
    }

    /// Scans, parses and resolves `file` (appended to `files`), then every script it includes, recursively, so
    /// that an error anywhere stops the run before anything runs.
    ///
    /// An included script is compiled as if run on its own: it sees the command line's `--set` globals (so a
    /// `param` it declares takes the same override) and nothing else of the includer; its globals are its own.
    private func compile(_ file: SourceFile, into files: inout [SourceFile], globals visible: [String: GlobalInfo]? = nil,
                         firstSlot: Int? = nil, including chain: [String] = []) -> Result<Compiled, CompileErrors> {
        let index = files.count
        files.append(file)
        var scanner = Scanner(file.scalars, file: index)
        let tokens = scanner.scanTokens()
        let program: [Stmt]
        do {
            program = try Parser(tokens: tokens, source: file.scalars, file: index, maxNesting: limits.maxNesting).program()
        } catch {
            return .failure(CompileErrors(errors: [error]))
        }
        let resolver = Resolver(host: host, globals: visible ?? globalTable, nextGlobalSlot: firstSlot ?? globals.count)
        resolver.resolve(program: program)
        var errors = resolver.errors
        var slotCount = resolver.nextGlobalSlot
        let commandLine = (visible ?? globalTable).filter { $0.value.origin != nil }
        let trail = chain + [Self.includedPath(file.name, from: "")]
        for case .include(let inclusion) in program where errors.isEmpty {
            let path = Self.includedPath(inclusion.path, from: file.name)
            if trail.contains(path) {
                errors.append(ScriptError(inclusion.loc, "'\(inclusion.path)' would include itself (\((trail + [path]).joined(separator: " → "))); remove the cycle"))
                break
            }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                errors.append(ScriptError(inclusion.loc, "cannot read the included script '\(inclusion.path)' (looked for \(path)); paths are relative to the including file's folder"))
                break
            }
            switch compile(SourceFile(name: path, text: text), into: &files, globals: commandLine, firstSlot: slotCount,
                           including: trail) {
            case .failure(let nested): errors += nested.errors
            case .success(let compiled):
                inclusion.program = compiled.program
                slotCount = compiled.slotCount
            }
        }
        if !errors.isEmpty {
            let here = errors.filter { $0.loc.file == index }.sorted { ($0.loc.line, $0.loc.column) < ($1.loc.line, $1.loc.column) }
            return .failure(CompileErrors(errors: here + errors.filter { $0.loc.file != index }))
        }
        return .success(Compiled(program: program, globals: resolver.globalsAfter, slotCount: slotCount))
    }

    /// The file an `include` names: relative paths start at the including file's folder.
    static func includedPath(_ path: String, from includer: String) -> String {
        if path.hasPrefix("/") { return (path as NSString).standardizingPath }
        let folder = (includer as NSString).deletingLastPathComponent
        let base = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + (folder.isEmpty ? "" : "/" + folder)
        return ((base as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    /// Counts one step and polls cancellation (before each statement and loop iteration).
    /// The location is only computed when the run stops.
    @inline(__always)
    func checkpoint(_ loc: @autoclosure () -> Loc) throws(ScriptError) {
        try tick(loc())
        if isCancelled() { throw ScriptError(loc(), "cancelled") }
    }

    /// Counts one step.
    @inline(__always)
    func tick(_ loc: @autoclosure () -> Loc) throws(ScriptError) {
        steps &+= 1
        if steps > limits.maxSteps { throw ScriptError(loc(), Limit.steps(limits.maxSteps)) }
    }

    /// The public location of a `Loc`.
    func sourceLocation(_ loc: Loc) -> SourceLocation {
        SourceLocation(file: loc.file < files.count ? files[loc.file].name : "?", line: loc.line, column: loc.column)
    }
}
