import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process in its own process group, so that ending it ends everything it
/// started (as coreutils `timeout` does). Its standard output and error go to a file;
/// an optional extra pipe, opened by the parent as the child's file descriptor 3,
/// carries messages the child's own code cannot mix into its printed output.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    /// Held while a pipe is made close-on-exec and a child is started.
    static let spawning = NSLock()
    /// The read end of the child's descriptor 3, if one was asked for.
    public let channel: Int32?
    /// Where the child's standard output and error went.
    public let outputFile: URL
    private var exitStatus: Int32?

    /// How the child ended.
    public enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// Starts `arguments[0]` with the rest as arguments, in `directory` (through
    /// `/bin/sh`, which `exec`s the program: posix_spawn's chdir is not exposed here).
    public convenience init(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
                            channel: Bool = false, input: Data? = nil) throws {
        try self.init(["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory.path] + arguments,
                      environment: environment, channel: channel, input: input)
    }

    /// Starts `arguments[0]` with the rest as arguments.
    public init(_ arguments: [String], environment: [String: String] = [:], channel wantsChannel: Bool = false,
                input: Data? = nil) throws {
        ChildProcess.spawning.lock()
        defer { ChildProcess.spawning.unlock() }
        signal(SIGPIPE, SIG_IGN)   // a child that ends before reading its input must not end this process
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("book-child-\(UUID().uuidString).txt")
        outputFile = out
        var fds: [Int32] = [-1, -1]
        if wantsChannel {
            // Close-on-exec, set under the lock every spawn takes, so that a child
            // started by another thread never inherits this pipe (and keeps it open).
            guard pipe(&fds) == 0 else { throw ChildProcessError("cannot open a pipe: \(String(cString: strerror(errno)))") }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            if fds[1] == 3 {
                // dup2(3, 3) would keep close-on-exec: move the write end first.
                let moved = fcntl(3, F_DUPFD_CLOEXEC, 10)
                close(3)
                fds[1] = moved
            }
        }
        var inputFDs: [Int32] = [-1, -1]
        if input != nil {
            guard pipe(&inputFDs) == 0 else { throw ChildProcessError("cannot open a pipe: \(String(cString: strerror(errno)))") }
            _ = fcntl(inputFDs[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(inputFDs[1], F_SETFD, FD_CLOEXEC)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
            posix_spawn_file_actions_adddup2(&actions, inputFDs[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, out.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        if wantsChannel {
            // The child's descriptor 3 is the write end (dup2 clears close-on-exec);
            // both original descriptors close at exec.
            posix_spawn_file_actions_adddup2(&actions, fds[1], 3)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
        if wantsChannel { close(fds[1]) }
        if let input {
            close(inputFDs[0])
            if status == 0 {
                // Small (a line): fits the pipe's buffer, so this does not block.
                input.withUnsafeBytes { raw in _ = write(inputFDs[1], raw.baseAddress, raw.count) }
            }
            close(inputFDs[1])
        }
        guard status == 0 else {
            if wantsChannel { close(fds[0]) }
            throw ChildProcessError("cannot start \(arguments[0]): \(String(cString: strerror(status)))")
        }
        pid = child
        channel = wantsChannel ? fds[0] : nil
        ChildProcess.live.withLock { _ = $0.insert(child) }
    }

    /// Every child not yet waited for, so a stopping parent can end them (`endAll`).
    static let live = Locked(Set<pid_t>())

    /// Ends every child this process started and has not yet waited for, and their groups.
    public static func endAll() {
        for pid in live.withLock({ $0 }) {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
    }

    deinit {
        if let channel { close(channel) }
        try? FileManager.default.removeItem(at: outputFile)
    }

    /// Ends the child, everything in its process group, and every process descended
    /// from it that moved to a group of its own (Foundation's `Process` starts its
    /// children in a new one). A process that detached itself from the tree (a daemon)
    /// is beyond reach: this is no sandbox.
    public func killGroup() {
        let tree = ChildProcess.descendants(of: pid)
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        for p in tree {
            kill(-p, SIGKILL)
            kill(p, SIGKILL)
        }
    }

    /// Every process whose chain of parents leads to `root`, from /proc.
    static func descendants(of root: pid_t) -> [pid_t] {
        var children: [pid_t: [pid_t]] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let p = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "pid (comm) ": state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { children[parent, default: []].append(p) }
        }
        var out: [pid_t] = [], queue = [root]
        while let p = queue.popLast() {
            for c in children[p] ?? [] where !out.contains(c) { out.append(c); queue.append(c) }
        }
        return out
    }

    /// Waits for the child to end (after its channel closed, or after `killGroup`).
    public func wait() -> Ending {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return reaped(status)
    }

    /// The child has been waited for: end what its group still holds, forget it, decode its status.
    private func reaped(_ status: Int32) -> Ending {
        kill(-pid, SIGKILL)
        ChildProcess.live.withLock { _ = $0.remove(pid) }
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    /// Whether the child has ended, without waiting.
    public func ended() -> Ending? {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        return r == pid ? reaped(status) : nil
    }

    /// How many bytes the child has printed so far.
    public func outputSize() -> UInt64 {
        var st = stat()
        return stat(outputFile.path, &st) == 0 ? UInt64(st.st_size) : 0
    }

    /// Waits for the child to end, ending it (and its group) past `timeLimit` seconds or
    /// once it has printed more than `outputCap` bytes.
    public func wait(timeLimit: TimeInterval, outputCap: UInt64) -> (ending: Ending, timedOut: Bool, overflowed: Bool) {
        let deadline = Date().addingTimeInterval(timeLimit)
        while true {
            if let ending = ended() { return (ending, false, false) }
            if outputSize() > outputCap { killGroup(); return (wait(), false, true) }
            if Date() > deadline { killGroup(); return (wait(), true, false) }
            usleep(10_000)
        }
    }

    /// Reads what the child printed, at most `limit` bytes from the end.
    public func output(last limit: Int = 64 * 1024) -> String {
        guard let handle = try? FileHandle(forReadingFrom: outputFile) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(limit) ? size - UInt64(limit) : 0)
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Reads from the channel: the bytes available within `timeout` seconds, `[]`
    /// at its end, nil if nothing came in time.
    public func read(timeout: TimeInterval) -> [UInt8]? {
        guard let fd = channel else { return [] }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(max(0, min(timeout, 3600)) * 1000)
        let ready = poll(&p, 1, ms)
        if ready == 0 { return nil }
        if ready < 0 { return errno == EINTR ? nil : [] }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = systemRead(fd, &buffer, buffer.count)
        if n < 0 { return errno == EINTR || errno == EAGAIN ? nil : [] }
        return Array(buffer[0..<n])
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif
