// swift-tools-version:6.0
// libFuzzer harnesses for smol's parsers of untrusted input. Not part of the main build or CI:
// build and run them with `scripts/fuzz.sh` (release, libFuzzer coverage + AddressSanitizer).
// Each executable defines `LLVMFuzzerTestOneInput`; libFuzzer supplies `main`.
import Foundation
import PackageDescription

/// The smol checkout: `..`, unless scripts/fuzz.sh had to copy this package elsewhere (SMOL_FUZZ_ROOT).
let rootPath = Context.environment["SMOL_FUZZ_ROOT"] ?? ".."
/// SwiftPM names a path dependency after its folder, so the root package's identity is the name of
/// the checkout folder (`smol`, `main`, a worktree's name…).
let smol = URL(fileURLWithPath: rootPath, relativeTo: URL(fileURLWithPath: Context.packageDirectory + "/"))
    .standardizedFileURL.lastPathComponent.lowercased()

let package = Package(
    name: "smol-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: rootPath),
    ],
    targets: [
        // Writes fuzz inputs to per-process scratch files, for parsers that open a path.
        .target(name: "FuzzSupport"),
        .executableTarget(name: "fuzz-json", dependencies: [
            .product(name: "SmolCore", package: smol),
        ]),
        .executableTarget(name: "fuzz-safetensors", dependencies: [
            "FuzzSupport", .product(name: "SmolFormats", package: smol),
        ]),
        .executableTarget(name: "fuzz-gguf", dependencies: [
            "FuzzSupport", .product(name: "SmolFormats", package: smol), .product(name: "SmolTokenizers", package: smol),
        ]),
        .executableTarget(name: "fuzz-tokenizer", dependencies: [
            "FuzzSupport", .product(name: "SmolTokenizers", package: smol),
        ]),
        .executableTarget(name: "fuzz-datasets", dependencies: [
            "FuzzSupport", .product(name: "SmolDatasets", package: smol),
        ]),
        .executableTarget(name: "fuzz-gettext", dependencies: [
            .product(name: "SmolDatasets", package: smol),
        ]),
        .executableTarget(name: "fuzz-script", dependencies: [
            .product(name: "SmolScript", package: smol),
        ]),
    ]
)
