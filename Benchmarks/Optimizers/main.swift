// Times one optimizer step of the book's library on 10⁷ Double parameters (one
// thread, the library compiled with -O), and a streaming copy-and-scale (the
// memory-bandwidth reference). Prints one JSON line per measurement for
// scripts/bench-optimizers, which sets them beside PyTorch's and the bound.
import Descent
import Foundation

let n = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 10_000_000
let repeats = 15

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The median over `repeats` timed runs, after one untimed warm-up.
func median(_ body: () -> Void) -> Double {
    body()
    let times = (0..<repeats).map { _ in seconds(body) }.sorted()
    return times[repeats / 2]
}

func report(_ name: String, _ t: Double, bytesPerElement: Int) {
    print("{\"name\": \"\(name)\", \"ns_per_element\": \(t / Double(n) * 1e9), \"bytes_per_element\": \(bytesPerElement)}")
}

nonisolated(unsafe) var state: UInt64 = 0x9E37_79B9_7F4A_7C15
func uniform() -> Double {   // splitmix64, seeded: the same inputs every run
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53) * 2 - 1
}
var w = (0..<n).map { _ in uniform() }
let g = (0..<n).map { _ in uniform() }

// The bandwidth reference: STREAM's triad a[i] = b[i] + s·c[i].
var a = [Double](repeating: 0, count: n)
let s = 0.5
report("stream triad", median {  // 32 bytes: a is read for ownership (write-allocate) before it is written
    a.withUnsafeMutableBufferPointer { a in
        w.withUnsafeBufferPointer { b in
            g.withUnsafeBufferPointer { c in
                for i in 0..<n { a[i] = b[i] + s * c[i] }
            }
        }
    }
}, bytesPerElement: 32)

var adam = Adam(learningRate: 1e-3)
report("Adam.step", median { adam.step(&w, gradient: g) }, bytesPerElement: 56)        // read θ g m v, write θ m v
var sgd = SGD(learningRate: 1e-3, momentum: 0.9)
report("SGD.step (momentum 0.9)", median { sgd.step(&w, gradient: g) }, bytesPerElement: 40)  // read θ g b, write θ b
var rms = RMSProp(learningRate: 1e-3)
report("RMSProp.step", median { rms.step(&w, gradient: g) }, bytesPerElement: 40)       // read θ g s, write θ s
print("{\"checksum\": \(w.reduce(0, +))}")
