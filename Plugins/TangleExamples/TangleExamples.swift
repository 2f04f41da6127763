import PackagePlugin

/// Tangles the chapters' examples, exercises and figures, and the index of every
/// chapter, into the target it is applied to (`DescentExamples`).
@main
struct TangleExamples: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        try Tangling.commands(.examples, context: context)
    }
}
