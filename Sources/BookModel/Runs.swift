import Claims

/// What a chapter runs: each worked example, each exercise's reference solution and
/// starter against its checks, each figure. The tangler emits these, in this order;
/// the verifier maps what ran back onto the chapter's claims by the same list.
public struct Run: Sendable {
    public var name: String
    public var kind: Example.Kind
    /// The blocks run in one scope, in order.
    public var blocks: [Block]
    /// The indices of the blocks whose claims are checked (an example's own, an exercise's checks).
    public var claimBlocks: Set<Int>
    /// The claims written in prose about this example, by how many of its blocks run
    /// before them (an example's only).
    public var inline: [Int: [Claim]] = [:]

    /// The claims checked, in the order the registry records them: each block's, then
    /// the prose's that follow it.
    public var claims: [Claim] {
        blocks.indices.flatMap { i in
            (claimBlocks.contains(i) ? blocks[i].claims : []) + (inline[i + 1] ?? [])
        }
    }

    /// The first block's fence: where a problem running it is reported.
    public var location: SourceLocation { blocks[0].fence }
}

/// A figure: its name and the blocks that compute it.
public struct FigureRun: Sendable {
    public var name: String
    public var blocks: [Block]
}

extension Chapter {
    /// Every run, in the order the tangler emits them.
    public var runs: [Run] { plan.runs }

    /// Every run and every figure, in the order the tangler emits them (one pass over the blocks).
    public var plan: (runs: [Run], figures: [FigureRun]) {
        // Blocks grouped by role in one pass (filtering per name was quadratic in the
        // number of examples).
        var byRole: [Block.Role: [Block]] = [:]
        for b in blocks where b.role.name != nil { byRole[b.role, default: []].append(b) }
        var runs: [Run] = [], figures: [FigureRun] = []
        var done: Set<Block.Role> = []
        var inline: [String: [Int: [Claim]]] = [:]
        for span in spans {
            guard let scope = span.scope, let claim = span.claim else { continue }
            inline[scope.example, default: [:]][scope.afterBlocks, default: []].append(claim)
        }
        for block in blocks {
            guard let name = block.role.name, done.insert(block.role).inserted else { continue }
            switch block.role {
            case .example:
                let bs = byRole[block.role] ?? []
                runs.append(Run(name: name, kind: .example, blocks: bs, claimBlocks: Set(bs.indices), inline: inline[name] ?? [:]))
            case .exercise:
                let checks = byRole[.check(name)] ?? [], solution = byRole[.solution(name)] ?? []
                let starter = byRole[.exercise(name)] ?? []
                guard !checks.isEmpty, !solution.isEmpty else { continue } // reported by the loader
                runs.append(Run(name: name, kind: .solution, blocks: solution + checks,
                                claimBlocks: Set(solution.count..<(solution.count + checks.count))))
                runs.append(Run(name: name, kind: .starter, blocks: starter + checks,
                                claimBlocks: Set(starter.count..<(starter.count + checks.count))))
                // Each decoy block is a run of its own: `name/1`, `name/2`, ….
                for (k, decoy) in (byRole[.decoy(name)] ?? []).enumerated() {
                    runs.append(Run(name: "\(name)/\(k + 1)", kind: .decoy, blocks: [decoy] + checks,
                                    claimBlocks: Set(1..<(1 + checks.count))))
                }
            case .figure:
                figures.append(FigureRun(name: name, blocks: byRole[block.role] ?? []))
            default:
                break
            }
        }
        return (runs, figures)
    }

    /// A fingerprint of everything in this chapter that can change what its runs
    /// compute: each run's and figure's blocks (role, name, code), not their places.
    /// Prose, and lines moved by prose, leave it alone.
    public var codeFingerprint: String {
        var h = Fingerprint()
        for b in blocks where b.role.isTangled && b.role != .library {
            h.add(b.role.word)
            h.add(b.role.name ?? "")
            h.add(b.code)
        }
        // The claims in prose run with the examples: what they evaluate and where.
        for span in spans {
            guard let scope = span.scope, let claim = span.claim else { continue }
            h.add("\(scope.example)|\(scope.afterBlocks)|\(claim.expression)|\(claim.expectation.display)|\(claim.seeds?.display ?? "")")
        }
        return h.hex
    }
}

extension Book {
    /// A fingerprint of the library every chapter's examples import: every ```swift block.
    public var libraryFingerprint: String {
        var h = Fingerprint()
        for c in chapters {
            for b in c.blocks where b.role == .library { h.add(b.code) }
        }
        return h.hex
    }
}

/// Two independent 64-bit FNV-1a hashes over length-prefixed strings: 128 bits,
/// enough that an accidental collision between two versions of a chapter is not a
/// concern (this keys a local cache; it is not a defence against an adversary).
public struct Fingerprint: Sendable {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142

    public init() {}

    public mutating func add(_ s: String) {
        var n = UInt64(s.utf8.count)
        for _ in 0..<8 { mix(UInt8(truncatingIfNeeded: n)); n >>= 8 }
        for byte in s.utf8 { mix(byte) }
    }

    private mutating func mix(_ byte: UInt8) {
        a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        b = (b ^ UInt64(byte ^ 0x5A)) &* 0x0000_0100_0000_01B3
        b = (b << 13) | (b >> 51)
    }

    public var hex: String {
        func h(_ x: UInt64) -> String { let s = String(x, radix: 16); return String(repeating: "0", count: 16 - s.count) + s }
        return h(a) + h(b)
    }
}
