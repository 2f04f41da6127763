import Claims

/// `SwiftSyntax` has a `SourceLocation` too: in this module the name means the book's.
public typealias SourceLocation = Claims.SourceLocation
