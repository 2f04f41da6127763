// swift-tools-version: 6.0
//
// The pipeline is visible in the folders:
//
//   Chapters/*.md ──▶ Plugins/Tangle ──runs──▶ tangle (Sources/tangle, thin)
//                                               │  engine: Sources/Literate (cmark + SwiftParser)
//                                               ▼
//          Descent (the textbook's library)   DescentExamples (worked examples as a registry)
//                                               │                     │
//                                 Tests/DescentTests (swift test)   book (the weaver, site/)
//
// Claims is the small runtime both consumers share: claim values, expectations, checking.
import PackageDescription

let package = Package(
    name: "Descent",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Descent", targets: ["Descent"]),
        .executable(name: "book", targets: ["book"]),
        .executable(name: "tangle", targets: ["tangle"]),
        .plugin(name: "Tangle", targets: ["Tangle"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftlang/swift-syntax.git", from: "602.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics.git", from: "1.0.0"),
    ],
    targets: [
        // The Markdown parser, Debian's libcmark-dev through pkg-config.
        .systemLibrary(
            name: "CMark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // What a claim is and how it is checked: shared by the tests, the weaver and the tangler.
        .target(
            name: "Claims",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")]
        ),
        // The engine: chapters, diagnostics, claim parsing, tangling (and, later, weaving).
        .target(
            name: "Literate",
            dependencies: [
                "CMark", "Claims",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftIDEUtils", package: "swift-syntax"),
            ]
        ),
        .executableTarget(name: "tangle", dependencies: ["Literate"]),
        .plugin(name: "Tangle", capability: .buildTool(), dependencies: ["tangle"]),

        // Tangled from the chapters' ```swift blocks: what a reader imports.
        .target(
            name: "Descent",
            dependencies: [.product(name: "Numerics", package: "swift-numerics")],
            exclude: ["Chapters"],
            plugins: ["Tangle"]
        ),
        // Tangled from the chapters' examples, exercises and figures: the registry.
        .target(
            name: "DescentExamples",
            dependencies: ["Descent", "Claims"],
            exclude: ["Chapters"],
            plugins: ["Tangle"]
        ),
        .executableTarget(
            name: "book",
            dependencies: [
                "Literate", "DescentExamples", "Claims",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "DescentTests", dependencies: ["DescentExamples", "Claims"]),
        .testTarget(
            name: "LiterateTests",
            dependencies: ["Literate", "Claims"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
