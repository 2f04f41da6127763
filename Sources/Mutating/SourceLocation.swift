import Claims

/// `SwiftSyntax` has a `SourceLocation` too: in this module the name means the book's.
typealias SourceLocation = Claims.SourceLocation
