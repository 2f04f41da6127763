import Foundation
import Literate

// Thin: the engine in Literate does the work, so that its tests can run it too.
exit(TangleCommand.run(Array(CommandLine.arguments.dropFirst())))
