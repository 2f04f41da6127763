// The textbook's library. Everything else in this module is tangled from the
// ```swift blocks of the chapters in Chapters/ by the Tangle build plugin; read
// the chapters (or the site that `swift run book` builds) for the mathematics
// behind each type and function.
@_exported import RealModule
