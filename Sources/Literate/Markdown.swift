import CMark

/// The Markdown front end: the only file that talks to cmark's C API.
/// Every node it creates is freed before it returns.
enum Markdown {
    /// A fenced or indented code block as cmark read it.
    struct CodeBlock {
        /// The info string after the opening fence (empty for indented blocks).
        var info: String
        var literal: String
        /// 1-based line and column of the block's first line (the opening fence).
        var line: Int
        var column: Int
        var endLine: Int
    }

    struct Heading {
        var level: Int
        var text: String
        var line: Int
        var column: Int
    }

    struct Outline {
        var headings: [Heading] = []
        var codeBlocks: [CodeBlock] = []
    }

    /// Reads the blocks that tangling needs: headings and code blocks, with positions.
    static func outline(of text: String) -> Outline {
        var outline = Outline()
        withDocument(text) { root in
            guard let iter = cmark_iter_new(root) else { return }
            defer { cmark_iter_free(iter) }
            while true {
                let event = cmark_iter_next(iter)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
                switch cmark_node_get_type(node) {
                case CMARK_NODE_CODE_BLOCK:
                    outline.codeBlocks.append(CodeBlock(
                        info: string(cmark_node_get_fence_info(node)),
                        literal: string(cmark_node_get_literal(node)),
                        line: Int(cmark_node_get_start_line(node)),
                        column: Int(cmark_node_get_start_column(node)),
                        endLine: Int(cmark_node_get_end_line(node))))
                case CMARK_NODE_HEADING:
                    outline.headings.append(Heading(
                        level: Int(cmark_node_get_heading_level(node)),
                        text: plainText(of: node),
                        line: Int(cmark_node_get_start_line(node)),
                        column: Int(cmark_node_get_start_column(node))))
                default:
                    break
                }
            }
        }
        return outline
    }

    /// Parses `text` and hands the document to `body`; the tree is freed afterwards.
    static func withDocument(_ text: String, _ body: (OpaquePointer) -> Void) {
        var text = text
        let root: OpaquePointer? = text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, CMARK_OPT_DEFAULT)
            }
        }
        guard let root else { return }
        defer { cmark_node_free(root) }
        body(root)
    }

    /// The text of a node's inline children (text and code spans), as a reader sees it.
    static func plainText(of node: OpaquePointer) -> String {
        var result = ""
        guard let iter = cmark_iter_new(node) else { return result }
        defer { cmark_iter_free(iter) }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iter) else { continue }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: result += string(cmark_node_get_literal(child))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: result += " "
            default: break
            }
        }
        return result
    }

    static func string(_ p: UnsafePointer<CChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p)
    }
}
