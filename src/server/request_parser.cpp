#include "server/request_parser.hpp"

#include <cstring>

#include "flask/headers.hpp"

namespace flask::server {
namespace {

// RFC 9110 tchar.
constexpr bool is_tchar(unsigned char c) noexcept {
    if (c >= '0' && c <= '9') return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
    switch (c) {
        case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
        case '-': case '.': case '^': case '_': case '`': case '|': case '~':
            return true;
        default:
            return false;
    }
}

bool is_token(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (!is_tchar(c)) return false;
    return true;
}

// field-value: VCHAR, obs-text, SP, HTAB.  NUL, CR, LF and other controls are
// rejected rather than stripped: a proxy might have interpreted them.
bool is_valid_value(std::string_view s) noexcept {
    for (unsigned char c : s)
        if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
    return true;
}

std::string_view trim_ows(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Strip the line terminator: CRLF, or a bare LF (RFC 9112 §2.2 lets servers
// accept it).  A CR anywhere else is an error.
bool strip_eol(std::string_view& line) noexcept {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line.find('\r') == std::string_view::npos;
}

bool parse_decimal(std::string_view s, std::uint64_t& out) noexcept {
    if (s.empty() || s.size() > 19) return false;  // 19 digits cannot overflow uint64
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    out = v;
    return true;
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

void RequestHead::clear() {
    request_line = method = target = protocol = {};
    minor_version = 1;
    headers.clear();  // keeps capacity: no per-request allocation
    head_size = 0;
    body = BodyKind::none;
    content_length = 0;
    has_content_length = false;
    keep_alive = true;
    expect_continue = false;
}

std::string_view HeadParser::first_line(std::string_view data) {
    while (!data.empty() && (data.front() == '\r' || data.front() == '\n')) data.remove_prefix(1);
    std::size_t end = data.find_first_of("\r\n");
    if (end == std::string_view::npos) end = data.size();
    return data.substr(0, std::min<std::size_t>(end, 200));
}

ParseStatus HeadParser::parse(std::string_view data, RequestHead& head) {
    // RFC 9112 §2.2: ignore empty lines before the request line (old clients
    // send an extra CRLF after a POST body).  Bounded so it is no DoS.
    std::size_t skip = 0;
    while (skip < data.size() && skip < 16 && (data[skip] == '\r' || data[skip] == '\n')) ++skip;
    std::string_view rest = data.substr(skip);

    // Look for the blank line ending the head, resuming where the last call stopped.
    std::size_t from = scanned_ > skip + 2 ? scanned_ - skip - 2 : 0;
    std::size_t end = std::string_view::npos;
    for (std::size_t i = rest.find('\n', from); i != std::string_view::npos; i = rest.find('\n', i + 1)) {
        if (i + 1 < rest.size() && rest[i + 1] == '\n') { end = i + 2; break; }
        if (i + 2 < rest.size() && rest[i + 1] == '\r' && rest[i + 2] == '\n') { end = i + 3; break; }
    }
    if (end == std::string_view::npos) {
        scanned_ = data.size();
        std::size_t eol = rest.find('\n');
        if (eol == std::string_view::npos) {
            if (rest.size() > limits_->max_request_line) return fail(414);
        } else if (eol > limits_->max_request_line + 1) {
            return fail(414);
        } else if (rest.size() - eol > limits_->max_header_bytes + 2) {
            return fail(431);
        }
        if (skip == 16) return fail(400);
        return ParseStatus::incomplete;
    }
    scanned_ = 0;
    ParseStatus st = parse_complete(rest.substr(0, end), head);
    head.head_size = skip + end;
    return st;
}

ParseStatus HeadParser::parse_complete(std::string_view text, RequestHead& head) {
    head.clear();
    std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    if (line.size() > limits_->max_request_line + 1) return fail(414);
    if (!strip_eol(line)) return fail(400);
    if (line.size() > limits_->max_request_line) return fail(414);
    if (ParseStatus st = parse_request_line(line, head); st != ParseStatus::complete) return st;

    std::string_view fields = text.substr(eol + 1);
    if (fields.size() > limits_->max_header_bytes + 2) return fail(431);
    while (!fields.empty()) {
        std::size_t nl = fields.find('\n');  // always found: the text ends with one
        std::string_view raw = fields.substr(0, nl);
        fields.remove_prefix(nl + 1);
        if (!strip_eol(raw)) return fail(400);
        if (raw.empty()) break;  // the blank line
        // obs-fold: a continuation line.  RFC 9112 §5.2 allows rejecting it; we must,
        // since a proxy may unfold it differently.
        if (raw.front() == ' ' || raw.front() == '\t') return fail(400);
        std::size_t colon = raw.find(':');
        if (colon == std::string_view::npos) return fail(400);
        std::string_view name = raw.substr(0, colon);
        if (!is_token(name)) return fail(400);  // includes "Name :" (whitespace before colon)
        std::string_view value = trim_ows(raw.substr(colon + 1));
        if (!is_valid_value(value)) return fail(400);
        if (head.headers.size() >= limits_->max_header_count) return fail(431);
        head.headers.push_back({name, value});
    }
    return interpret_headers(head);
}

ParseStatus HeadParser::parse_request_line(std::string_view line, RequestHead& head) {
    head.request_line = line;
    std::size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return fail(400);  // HTTP/0.9 simple requests are not served
    std::size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) return fail(400);
    head.method = line.substr(0, sp1);
    head.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    head.protocol = line.substr(sp2 + 1);
    if (!is_token(head.method) || head.target.empty()) return fail(400);
    for (unsigned char c : head.target)
        if (c <= 0x20 || c == 0x7f) return fail(400);  // NUL, controls, stray whitespace
    std::string_view t = head.target;
    bool absolute = t.size() > 7 && (iequals(t.substr(0, 7), "http://") ||
                                     (t.size() > 8 && iequals(t.substr(0, 8), "https://")));
    if (t.front() != '/' && !absolute && !(t == "*" && head.method == "OPTIONS")) return fail(400);

    std::string_view p = head.protocol;
    if (p.size() != 8 || p.substr(0, 5) != "HTTP/" || p[6] != '.' || p[5] < '0' || p[5] > '9' ||
        p[7] < '0' || p[7] > '9')
        return fail(400);
    if (p[5] != '1') return fail(505);
    head.minor_version = p[7] - '0';
    return ParseStatus::complete;
}

ParseStatus HeadParser::interpret_headers(RequestHead& head) {
    bool transfer_encoding = false;
    bool chunked = false;
    bool close = false, keep_alive = false;
    int hosts = 0;
    for (const HeaderView& h : head.headers) {
        switch (h.name.size()) {
            case 4:
                if (iequals(h.name, "host") && ++hosts > 1) return fail(400);
                break;
            case 6:
                if (iequals(h.name, "expect") && iequals(h.value, "100-continue")) head.expect_continue = true;
                break;
            case 10:
                if (iequals(h.name, "connection")) {
                    close = close || has_token(h.value, "close");
                    keep_alive = keep_alive || has_token(h.value, "keep-alive");
                }
                break;
            case 14:
                if (iequals(h.name, "content-length")) {
                    // "5, 5" and repeated identical fields are allowed (RFC 9110 §8.6);
                    // anything conflicting is a smuggling attempt.
                    std::string_view list = h.value;
                    if (list.empty()) return fail(400);
                    while (true) {
                        std::size_t comma = list.find(',');
                        std::uint64_t v = 0;
                        if (!parse_decimal(trim_ows(list.substr(0, comma)), v)) return fail(400);
                        if (head.has_content_length && v != head.content_length) return fail(400);
                        head.content_length = v;
                        head.has_content_length = true;
                        if (comma == std::string_view::npos) break;
                        list.remove_prefix(comma + 1);
                    }
                }
                break;
            case 17:
                if (iequals(h.name, "transfer-encoding")) {
                    // Only "chunked", exactly once and last; other codings are not implemented.
                    std::string_view list = h.value;
                    while (true) {
                        std::size_t comma = list.find(',');
                        std::string_view coding = trim_ows(list.substr(0, comma));
                        if (chunked) return fail(400);  // something after chunked
                        if (iequals(coding, "chunked")) chunked = true;
                        else if (!is_token(coding)) return fail(400);
                        else return fail(501);
                        if (comma == std::string_view::npos) break;
                        list.remove_prefix(comma + 1);
                    }
                    transfer_encoding = true;
                }
                break;
            default:
                break;
        }
    }
    if (transfer_encoding) {
        // CL+TE together, or TE on HTTP/1.0, are the classic smuggling vectors.
        if (head.has_content_length || head.minor_version == 0) return fail(400);
        head.body = BodyKind::chunked;
    } else if (head.has_content_length) {
        if (limits_->max_body_size && head.content_length > limits_->max_body_size) return fail(413);
        head.body = head.content_length ? BodyKind::length : BodyKind::none;
    }
    if (head.body == BodyKind::none) head.expect_continue = false;
    head.keep_alive = head.minor_version >= 1 ? !close : (keep_alive && !close);
    return ParseStatus::complete;
}

bool has_token(std::string_view list, std::string_view token) noexcept {
    while (!list.empty()) {
        std::size_t comma = list.find(',');
        if (iequals(trim_ows(list.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

void percent_decode_path(std::string_view in, std::string& out) {
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size()) {
            int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(in[i]);
    }
}

void split_target(std::string_view target, std::string& path_info, std::string& query,
                  std::string_view& authority) {
    authority = {};
    std::string_view t = target;
    if (t.front() != '/' && t != "*") {
        // absolute-form (RFC 9112 §3.2.2): its authority replaces Host.
        std::size_t scheme_end = t.find("://");
        t.remove_prefix(scheme_end + 3);
        std::size_t auth_end = t.find_first_of("/?#");
        authority = t.substr(0, auth_end);
        t = auth_end == std::string_view::npos ? std::string_view{} : t.substr(auth_end);
    }
    // A fragment is not part of a request target; drop it as urlsplit does.
    if (std::size_t hash = t.find('#'); hash != std::string_view::npos) t = t.substr(0, hash);
    std::size_t q = t.find('?');
    std::string_view path = t.substr(0, q);
    if (q == std::string_view::npos) query.clear();
    else query.assign(t.substr(q + 1));
    if (path.empty()) path = "/";
    percent_decode_path(path, path_info);
}

}  // namespace flask::server
