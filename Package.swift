// swift-tools-version: 6.0
//
// The pipeline is drawn by the targets, one per stage; the compiler enforces its direction.
//
//   Chapters/*.md
//      │ BookModel  load: cmark (the one file that touches its C API) parses each chapter once
//      │            into a value tree; SwiftParser reads each Swift block once; claims; diagnostics
//      ├──▶ Tangling (+ the `tangle` tool, run by Plugins/TangleLibrary and Plugins/TangleExamples)
//      │       ├──▶ Descent          the textbook's library: every ```swift block
//      │       └──▶ DescentExamples  every example, exercise and figure, as a registry
//      ├──▶ Verifying   runs the registry: outcomes keyed by SourceLocation, diagnostics
//      ├──▶ Weaving     renders pages from the model and a verification (SwiftIDEUtils, SVG, CSS)
//      ├──▶ Exercises   the student's workflow (never imports Weaving)
//      ├──▶ Serving     `book serve`: HTTP on loopback (FlyingFox), live reload, problems overlay
//      ├──▶ Mutating    `book mutants`: the library's mutants behind a switch, one build, run against the claims
//      └──▶ book        the command line: build, check, exercise
//
// Claims is the small runtime every stage and the tangled registry share: claim values,
// expectations and checking, SourceLocation, Diagnostic, and the one value formatter.
// `tangle` links BookModel, Tangling and Claims only (EngineTests checks its link list).
import PackageDescription

/// The textbook's library and its examples are compiled with optimization even in a
/// debug build: the examples train networks, and -O runs them 5–10× faster. No
/// fast-math: -O keeps IEEE semantics, so every claim computes the same bits.
/// `-fno-math-errno` lets `squareRoot()` be the sqrt instruction instead of a libm
/// call that may set errno, so the optimizers' per-coordinate loops vectorize; the
/// square root is correctly rounded either way.
let optimized: [SwiftSetting] = [.unsafeFlags(["-O", "-Xcc", "-fno-math-errno"])]

let package = Package(
    name: "Descent",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Descent", targets: ["Descent"]),
        .executable(name: "book", targets: ["book"]),
        .executable(name: "tangle", targets: ["tangle"]),
        .plugin(name: "TangleLibrary", targets: ["TangleLibrary"]),
        .plugin(name: "TangleExamples", targets: ["TangleExamples"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftlang/swift-syntax.git", from: "602.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics.git", from: "1.0.0"),
        .package(url: "https://github.com/swhitty/FlyingFox.git", from: "0.27.1"),
    ],
    targets: [
        // The Markdown parser, Debian's libcmark-dev through pkg-config.
        .systemLibrary(
            name: "CMark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // What a claim is and how it is checked; where things are and what went wrong.
        .target(
            name: "Claims",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")]
        ),
        // Load: chapters parsed once into values (Markdown tree, blocks, syntax, claims).
        .target(
            name: "BookModel",
            dependencies: [
                "CMark", "Claims",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
            ]
        ),
        // Tangle: the library and the registry as Swift sources; the `tangle` command.
        .target(
            name: "Tangling",
            dependencies: ["BookModel", "Claims", .product(name: "SwiftSyntax", package: "swift-syntax")]
        ),
        .executableTarget(name: "tangle", dependencies: ["Tangling"]),
        .plugin(name: "TangleLibrary", capability: .buildTool(), dependencies: ["tangle"]),
        .plugin(name: "TangleExamples", capability: .buildTool(), dependencies: ["tangle"]),

        // Tangled from the chapters' ```swift blocks: what a reader imports.
        .target(
            name: "Descent",
            dependencies: [.product(name: "Numerics", package: "swift-numerics")],
            exclude: ["Chapters"],
            swiftSettings: optimized,
            plugins: ["TangleLibrary"]
        ),
        // Tangled from the chapters' examples, exercises and figures: the registry.
        .target(
            name: "DescentExamples",
            dependencies: ["Descent", "Claims"],
            exclude: ["Chapters"],
            swiftSettings: optimized,
            plugins: ["TangleExamples"]
        ),

        // Verify: run the registry, collect outcomes and diagnostics.
        .target(name: "Verifying", dependencies: ["BookModel", "Claims"]),
        // Weave: the site, from the model and a verification.
        .target(
            name: "Weaving",
            dependencies: [
                "BookModel", "Claims", "Verifying", "Mutating",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftIDEUtils", package: "swift-syntax"),
            ],
            resources: [.copy("Resources/book.css"), .copy("Resources/book.js")]
        ),
        // Serve: the site over HTTP on loopback with live reload and a problems overlay.
        .target(
            name: "Serving",
            dependencies: ["Claims", .product(name: "FlyingFox", package: "FlyingFox")]
        ),
        // The student's workflow: start, check, hint, reset, watch.
        .target(name: "Exercises", dependencies: ["BookModel", "Claims", "Tangling", "Verifying"]),
        // Mutation testing of the library: every mutant behind a runtime switch, one build.
        .target(
            name: "Mutating",
            dependencies: [
                "BookModel", "Claims", "Tangling", "Verifying", "Exercises",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftOperators", package: "swift-syntax"),
            ]
        ),
        .executableTarget(
            name: "book",
            dependencies: [
                "BookModel", "Claims", "Verifying", "Weaving", "Exercises", "Serving", "Mutating", "DescentExamples",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // scripts/bench-optimizers: the library's optimizer steps on 10⁷ parameters.
        .executableTarget(name: "bench-optimizers", dependencies: ["Descent"], path: "Benchmarks/Optimizers",
                          swiftSettings: optimized),

        .testTarget(name: "DescentTests", dependencies: ["DescentExamples", "Claims", "BookModel", "Verifying"]),
        .testTarget(
            name: "EngineTests",
            dependencies: ["BookModel", "Tangling", "Verifying", "Weaving", "Exercises", "Claims"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
