import Foundation
import Tangling

// Thin: the Tangling stage does the work, so that its tests can run it too.
exit(TangleCommand.run(Array(CommandLine.arguments.dropFirst())))
