// swift-tools-version:6.0
// smol — a notebook-style lab for small language models.
// Dependency direction is downward only (see README "Module map"). Every import of a module of this
// package is a declared dependency of the importing target: scripts/check-imports.py checks it (SwiftPM's
// --explicit-target-dependency-import-check reports nothing with this toolchain on Linux).
//   smol (executable) → SmolKit → {SmolScript, SmolLedger, SmolTraining, SmolEvaluation, SmolModels, SmolTokenizers, SmolDatasets}
//   SmolTraining → SmolModels;  SmolEvaluation → {SmolModels, SmolTokenizers, SmolDatasets}
//   SmolModels → SmolTensor → SmolKernels;  SmolModels → SmolTokenizers → SmolFormats → SmolCore
import PackageDescription

/// The numeric targets are always optimised: at -Onone the SIMD kernels run ~500× slower,
/// and without -target-cpu FMA becomes a libm call per lane (see README "Performance").
let kernelFlags: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-target-cpu", "haswell"])]
let engineFlags: [SwiftSetting] = [.unsafeFlags(["-O", "-target-cpu", "haswell"])]

let package = Package(
    name: "smol",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "smol", targets: ["smol"]),
        // Libraries for the parsers that Fuzz/ (a separate package, libFuzzer harnesses) drives.
        .library(name: "SmolCore", targets: ["SmolCore"]),
        .library(name: "SmolFormats", targets: ["SmolFormats"]),
        .library(name: "SmolTokenizers", targets: ["SmolTokenizers"]),
        .library(name: "SmolDatasets", targets: ["SmolDatasets"]),
        .library(name: "SmolScript", targets: ["SmolScript"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System C libraries (Debian: libsqlite3-dev, libedit-dev, libssl-dev, libopenblas-dev).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // Engine. Two small C targets for what Swift cannot express: CSmolQuantKernels, the integer
        // block-dot kernel of `WeightPrecision.q8_0_q8` (AVX2 intrinsics; Swift's SIMD types do not lower to
        // vpmaddwd), optimised in every build mode; CPrefetch, cache prefetch hints (header-only).
        .target(name: "CSmolQuantKernels", cSettings: [.unsafeFlags(["-O3", "-mavx2", "-mfma"])]),
        .target(name: "CPrefetch"),
        .target(name: "SmolKernels", dependencies: ["COpenBLAS", "CSmolQuantKernels", "CPrefetch", "SmolCore"], swiftSettings: kernelFlags),
        .target(name: "SmolTensor", dependencies: ["SmolKernels", "SmolCore"], swiftSettings: engineFlags),
        .target(name: "SmolCore", dependencies: ["CCrypto"]),
        .target(name: "SmolFormats", dependencies: ["SmolCore"], swiftSettings: engineFlags),
        .target(name: "SmolModels", dependencies: [
            "SmolTensor", "SmolKernels", "SmolFormats", "SmolTokenizers", "SmolCore",
        ], swiftSettings: engineFlags),

        // Text and data.
        .target(name: "SmolTokenizers", dependencies: ["SmolFormats", "SmolCore"], swiftSettings: engineFlags),
        .target(name: "SmolDatasets", dependencies: ["SmolCore"]),

        // Training: pretraining, SFT, DPO, reward models, checkpoints.
        .target(name: "SmolTraining", dependencies: [
            "SmolModels", "SmolTensor", "SmolKernels", "SmolTokenizers", "SmolDatasets", "SmolFormats", "SmolCore",
        ], swiftSettings: engineFlags),

        // Evaluation: prompts, perturbations, scorers, generation tasks, rank statistics. Optimised like
        // the engine: bootstrap intervals resample thousands of times even in a debug test run.
        .target(name: "SmolEvaluation", dependencies: [
            "SmolModels", "SmolTokenizers", "SmolDatasets", "SmolKernels", "SmolCore",
        ], swiftSettings: engineFlags),

        // Translation: segmenting, resumable decoding runs, token accounting; Metrics/ holds BLEU, chrF
        // and chrF++ (sacrebleu 2.6), the one copy evaluation shares.
        .target(name: "SmolTranslation", dependencies: [
            "SmolModels", "SmolTokenizers", "SmolDatasets", "SmolKernels", "SmolCore",
        ]),

        // Spine.
        .target(name: "SmolScript"),
        .target(name: "SmolLedger", dependencies: ["CSQLite", "SmolCore"]),
        .target(name: "SmolKit", dependencies: [
            "SmolScript", "SmolLedger", "SmolCore", "SmolFormats", "SmolKernels", "SmolTensor", "SmolModels", "SmolTokenizers", "SmolDatasets",
            "SmolTraining",
            "SmolEvaluation",
            "SmolTranslation",
        ]),
        // The executable talks to SmolKit (and the language, for the REPL) only.
        .executableTarget(name: "smol", dependencies: [
            "SmolKit", "SmolScript", "CEditLine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // A small writer used by the ledger's crash and concurrency tests (SIGKILL mid-transaction).
        .executableTarget(name: "ledger-torture", dependencies: ["SmolLedger"], path: "Tests/Support/ledger-torture"),
        // Trains a small model with a checkpoint after every step; the kill-and-resume tests SIGKILL it.
        .executableTarget(name: "train-torture", dependencies: ["SmolTraining", "SmolModels", "SmolTensor", "SmolKernels",
                                                                "SmolFormats", "SmolCore"],
                          path: "Tests/Support/train-torture", swiftSettings: engineFlags),
        // For the test targets: where Tests/Fixtures is, and which Python holds the reference packages.
        .target(name: "SmolTestSupport", dependencies: ["SmolFormats"], path: "Tests/Support/SmolTestSupport"),

        // Tests mirror Sources/.
        .testTarget(name: "SmolKernelsTests", dependencies: ["SmolKernels", "SmolCore"]),
        .testTarget(name: "SmolTensorTests", dependencies: ["SmolTensor", "SmolKernels", "SmolCore"]),
        .testTarget(name: "SmolCoreTests", dependencies: ["SmolCore"]),
        .testTarget(name: "SmolFormatsTests", dependencies: ["SmolFormats", "SmolCore", "SmolTestSupport"]),
        .testTarget(name: "SmolModelsTests", dependencies: [
            "SmolModels", "SmolTensor", "SmolKernels", "SmolFormats", "SmolTokenizers", "SmolCore", "SmolTestSupport",
        ]),
        .testTarget(name: "SmolTrainingTests", dependencies: [
            "SmolTraining", "SmolModels", "SmolTensor", "SmolKernels", "SmolTokenizers", "SmolDatasets", "SmolFormats", "SmolCore",
            "SmolTestSupport", "train-torture",
        ]),
        .testTarget(name: "SmolTokenizersTests", dependencies: ["SmolTokenizers", "SmolFormats", "SmolCore", "SmolTestSupport"]),
        .testTarget(name: "SmolDatasetsTests", dependencies: ["SmolDatasets", "SmolCore"]),
        .testTarget(name: "SmolEvaluationTests", dependencies: [
            "SmolEvaluation", "SmolModels", "SmolTokenizers", "SmolDatasets", "SmolKernels", "SmolCore", "SmolTestSupport",
        ]),
        .testTarget(name: "SmolTranslationTests", dependencies: [
            "SmolTranslation", "SmolModels", "SmolTokenizers", "SmolDatasets", "SmolKernels", "SmolCore", "SmolTestSupport",
        ]),
        .testTarget(name: "SmolScriptTests", dependencies: ["SmolScript", "SmolTestSupport"], resources: [.copy("Golden")]),
        .testTarget(name: "SmolLedgerTests", dependencies: ["SmolLedger", "SmolCore", "ledger-torture"]),
        .testTarget(name: "SmolKitTests", dependencies: [
            "SmolKit", "SmolScript", "SmolLedger", "SmolModels", "SmolTokenizers", "SmolFormats", "SmolKernels", "SmolCore",
            "SmolTraining", "SmolDatasets", "SmolTestSupport",
        ], exclude: ["Golden"]),   // example scripts, read from the source tree by GoldenScriptTests
        .testTarget(name: "smolTests", dependencies: ["smol", "SmolTestSupport"]),
    ]
)
