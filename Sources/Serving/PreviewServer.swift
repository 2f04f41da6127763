// Serving — `book serve`: the site over HTTP on loopback (FlyingFox), a watcher that
// rebuilds when a chapter is saved, and a live reload: each page waits on
// `/__serve/wait` and reloads when a new build is in place. Problems of the last build
// (a compile error, a failing claim) are shown on every page as an overlay.

import Claims
import FlyingFox
import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the preview shows: the site's version (one more per build) and the problems
/// of the last build. Pages long-poll for a version newer than theirs.
public final class PreviewState: @unchecked Sendable {
    private let lock = NSLock()
    private var version = 0
    private var problems: [Diagnostic] = []
    private var waiters: [(Int, CheckedContinuation<Int, Never>)] = []

    public init() {}

    public var current: (version: Int, problems: [Diagnostic]) {
        lock.lock(); defer { lock.unlock() }
        return (version, problems)
    }

    /// A new build is in place: wake every page waiting for it.
    public func publish(problems: [Diagnostic]) {
        lock.lock()
        version += 1
        self.problems = problems
        let ready = waiters
        waiters = []
        let v = version
        lock.unlock()
        for (_, c) in ready { c.resume(returning: v) }
    }

    private func enqueue(_ id: Int, _ after: Int, _ c: CheckedContinuation<Int, Never>) {
        lock.lock()
        if version > after {
            let v = version
            lock.unlock()
            c.resume(returning: v)
            return
        }
        waiters.append((id, c))
        lock.unlock()
    }

    private func newer(than after: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        return version > after ? version : nil
    }

    /// Answers one waiting page with the current version (its wait ran out).
    private func expire(_ id: Int) {
        lock.lock()
        let mine = waiters.firstIndex { $0.0 == id }.map { waiters.remove(at: $0) }
        let v = version
        lock.unlock()
        mine?.1.resume(returning: v)
    }

    /// The version, as soon as it is newer than `after` (or after `timeout` seconds).
    func wait(after: Int, timeout: TimeInterval) async -> Int {
        if let immediate = newer(than: after) { return immediate }
        let id = Int.random(in: 0..<Int.max)
        return await withCheckedContinuation { (c: CheckedContinuation<Int, Never>) in
            self.enqueue(id, after, c)
            Task {
                try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
                self.expire(id)
            }
        }
    }
}

/// The HTTP side of `book serve`.
public struct PreviewServer: Sendable {
    public var host: String
    public var port: UInt16
    /// The folder the site is written to.
    public var site: URL
    public var state: PreviewState

    public init(host: String, port: UInt16, site: URL, state: PreviewState) {
        self.host = host
        self.port = port
        self.site = site
        self.state = state
    }

    /// Whether the address can be had now: checked before the first build, so a second
    /// `book serve` on a used port says so at once instead of after building.
    public func checkAvailable() throws {
        let six = host.contains(":")
        let fd = socket(six ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var result: Int32 = 0
        if six {
            var a = try sockaddr_in6.inet6(ip6: host, port: port)
            result = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var a = try sockaddr_in.inet(ip4: host, port: port)
            result = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        if result != 0 { throw ChildError("\(String(cString: strerror(errno)))") }
    }

    struct ChildError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// Serves until the task is cancelled. Throws if the address cannot be had.
    public func run() async throws {
        let server: HTTPServer
        if host.contains(":") {
            server = HTTPServer(address: try .inet6(ip6: host, port: port), logger: .disabled, handler: nil)
        } else {
            server = HTTPServer(address: try .inet(ip4: host, port: port), logger: .disabled, handler: nil)
        }
        let state = self.state
        let site = self.site
        await server.appendRoute("GET /__serve/wait") { request in
            let after = request.query.first { $0.name == "after" }.flatMap { Int($0.value) } ?? 0
            let v = await state.wait(after: after, timeout: 10)   // under FlyingFox's 15 s connection timeout
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json", .init("Cache-Control"): "no-store"],
                                body: Data("{\"version\":\(v)}".utf8))
        }
        await server.appendRoute("GET *") { request in
            PreviewServer.file(request.path, in: site, state: state)
        }
        try await server.run()
    }

    /// A file of the site; HTML pages get the reload script and the problems overlay.
    static func file(_ path: String, in site: URL, state: PreviewState) -> HTTPResponse {
        var relative = path.removingPercentEncoding ?? path
        if relative.hasSuffix("/") { relative += "index.html" }
        let parts = relative.split(separator: "/").map(String.init)
        guard !parts.contains(".."), !parts.contains(where: { $0.hasPrefix(".") }) else {
            return HTTPResponse(statusCode: .notFound)
        }
        let url = parts.reduce(site) { $0.appendingPathComponent($1) }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain"], body: Data("not found\n".utf8))
        }
        let type = contentType(url.pathExtension)
        guard url.pathExtension == "html" else {
            return HTTPResponse(statusCode: .ok, headers: [.contentType: type], body: data)
        }
        let (version, problems) = state.current
        var html = String(decoding: data, as: UTF8.self)
        let injected = overlay(problems) + reloadScript(version: version)
        if let r = html.range(of: "</body>", options: .backwards) {
            html.replaceSubrange(r, with: injected + "</body>")
        } else {
            html += injected
        }
        return HTTPResponse(statusCode: .ok, headers: [.contentType: type, .init("Cache-Control"): "no-store"], body: Data(html.utf8))
    }

    static func contentType(_ ext: String) -> String {
        switch ext {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "ttf": return "font/ttf"
        case "json": return "application/json"
        default: return "application/octet-stream"
        }
    }

    /// Waits for a newer build, then reloads; retries quietly while the server is away.
    static func reloadScript(version: Int) -> String {
        """
        <script>
        (function () {
          var version = \(version);
          function wait() {
            fetch("/__serve/wait?after=" + version, { cache: "no-store" })
              .then(function (r) { return r.json(); })
              .then(function (j) { if (j.version > version) { location.reload(); } else { wait(); } })
              .catch(function () { setTimeout(wait, 1000); });
          }
          wait();
        })();
        </script>

        """
    }

    /// The last build's problems, each at its chapter place, over the page.
    static func overlay(_ problems: [Diagnostic]) -> String {
        let shown = problems.filter { $0.severity == .error }
        guard !shown.isEmpty else { return "" }
        var s = "<div id=\"book-serve-problems\" role=\"alert\" style=\"position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:45vh;overflow:auto;z-index:1000;background:#2b0b0b;color:#ffe8e6;border:2px solid #b3261e;border-radius:6px;padding:0.8rem 1rem;font:14px/1.45 ui-monospace,monospace;box-shadow:0 4px 18px rgba(0,0,0,.35)\">"
        s += "<strong>\(shown.count) problem\(shown.count == 1 ? "" : "s") in the last build</strong> (fix and save; this page reloads)<ul style=\"margin:0.4rem 0 0;padding-left:1.2rem\">"
        for d in shown.prefix(50) {
            s += "<li><code style=\"color:#ffd0cc\">\(escape(d.location.description))</code>: \(escape(d.message))</li>"
        }
        return s + "</ul></div>\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
