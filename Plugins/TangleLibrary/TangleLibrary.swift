import PackagePlugin

/// Tangles the chapters' ```` ```swift ```` blocks into the target it is applied to (`Descent`).
@main
struct TangleLibrary: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        try Tangling.commands(.library, context: context)
    }
}
