// IRI <-> URI conversion (werkzeug.urls.iri_to_uri / uri_to_iri) on top of
// urllib.parse's urlsplit / urlunsplit rules.
#include "flask/iri.hpp"

#include <algorithm>
#include <stdexcept>

#include "flask/urls.hpp"
#include "http/text_codec.hpp"
#include "jinja/pystr.hpp"

namespace flask {

using namespace http_detail;
namespace pystr = jinja::pystr;

namespace {

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool uses_netloc(std::string_view scheme) {
    static constexpr std::string_view schemes[] = {
        "",       "ftp",   "http",  "gopher", "nntp", "telnet",  "imap", "wais", "file", "mms",
        "https",  "shttp", "snews", "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh",
        "sftp",   "nfs",   "git",   "git+ssh", "ws",  "wss",   "itms-services"};
    return std::find(std::begin(schemes), std::end(schemes), scheme) != std::end(schemes);
}

/// The netloc pieces urllib's SplitResult exposes.
struct NetlocParts {
    std::optional<std::string> username, password;
    std::string hostname;  // lower-cased, without brackets
    std::optional<int> port;
};

NetlocParts split_netloc(std::string_view netloc) {
    NetlocParts out;
    auto at = netloc.rfind('@');
    std::string_view hostinfo = netloc;
    if (at != std::string_view::npos) {
        std::string_view userinfo = netloc.substr(0, at);
        hostinfo = netloc.substr(at + 1);
        auto colon = userinfo.find(':');
        out.username = std::string(userinfo.substr(0, colon));
        if (colon != std::string_view::npos) out.password = std::string(userinfo.substr(colon + 1));
    }
    std::string_view hostname, port;
    if (auto open = hostinfo.find('['); open != std::string_view::npos) {
        std::string_view bracketed = hostinfo.substr(open + 1);
        auto close = bracketed.find(']');
        hostname = bracketed.substr(0, close);
        std::string_view after = close == std::string_view::npos ? std::string_view() : bracketed.substr(close + 1);
        auto colon = after.find(':');
        port = colon == std::string_view::npos ? std::string_view() : after.substr(colon + 1);
    } else {
        auto colon = hostinfo.find(':');
        hostname = hostinfo.substr(0, colon);
        port = colon == std::string_view::npos ? std::string_view() : hostinfo.substr(colon + 1);
    }
    // hostname.lower(), keeping an IPv6 zone id's case.
    auto percent = hostname.find('%');
    out.hostname = pystr::lower(hostname.substr(0, percent));
    if (percent != std::string_view::npos) out.hostname += hostname.substr(percent);
    if (!port.empty()) {
        if (!std::all_of(port.begin(), port.end(), [](char c) { return ascii_digit(c); }))
            throw std::invalid_argument("Port could not be cast to integer value as '" + std::string(port) + "'");
        std::string_view digits = port;
        while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
        if (digits.size() > 5 || std::stoi(std::string(digits)) > 65535)
            throw std::invalid_argument("Port out of range 0-65535");
        out.port = std::stoi(std::string(digits));
    }
    return out;
}

// ---- IDNA decoding (Python's "idna" codec, ToUnicode) -------------------------------

int punycode_digit(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '0' && c <= '9') return c - '0' + 26;
    return -1;
}

long long adapt(long long delta, bool first, long long numchars) {
    delta = first ? delta / 700 : delta / 2;
    delta += delta / numchars;
    long long divisions = 0;
    while (delta > 35) {
        delta /= 35;
        divisions += 36;
    }
    return divisions + (36 * delta) / (delta + 38);
}

/// Python's punycode decoder (errors="strict").
std::u32string punycode_decode(std::string_view text) {
    std::u32string base;
    std::string_view extended = text;
    if (auto dash = text.rfind('-'); dash != std::string_view::npos) {
        for (char c : text.substr(0, dash)) base += static_cast<char32_t>(static_cast<unsigned char>(c));
        extended = text.substr(dash + 1);
    }
    long long ch = 0x80, pos = -1, bias = 72;
    std::size_t extpos = 0;
    constexpr long long kLimit = 1LL << 40;
    while (extpos < extended.size()) {
        bool first = extpos == 0;
        long long result = 0, w = 1;
        for (long long j = 0;; ++j) {
            if (extpos >= extended.size()) throw std::invalid_argument("incomplete punicode string");
            int digit = punycode_digit(extended[extpos++]);
            if (digit < 0) throw std::invalid_argument("Invalid extended code point");
            long long t = std::clamp(36 * (j + 1) - bias, 1LL, 26LL);
            result += digit * w;
            if (result > kLimit) throw std::invalid_argument("Invalid character");
            if (digit < t) break;
            w *= 36 - t;
        }
        pos += result + 1;
        auto n = static_cast<long long>(base.size()) + 1;
        ch += pos / n;
        if (ch > 0x10FFFF) throw std::invalid_argument("Invalid character");
        pos %= n;
        base.insert(base.begin() + pos, static_cast<char32_t>(ch));
        bias = adapt(result, first, static_cast<long long>(base.size()));
    }
    return base;
}

/// Code points nameprep prohibits (controls, private use, surrogates,
/// non-characters) or maps away (the case of a round trip).
bool nameprep_rejects(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0xD800 && c <= 0xDFFF) || (c >= 0xE000 && c <= 0xF8FF) ||
           (c >= 0xFFF9 && c <= 0xFFFF) || (c & 0xFFFE) == 0xFFFE || c >= 0xF0000;
}

std::string idna_label_to_unicode(std::string_view label) {
    if (label.substr(0, 4) != "xn--") return std::string(label);
    std::u32string decoded = punycode_decode(label.substr(4));
    std::string text;
    for (char32_t c : decoded) {
        if (nameprep_rejects(c)) throw std::invalid_argument("Invalid character in IDN label");
        pystr::append_utf8(text, c);
    }
    // ToASCII(result) must give the label back (lower-cased).
    std::string again;
    if (is_ascii(text)) {
        again = text;
    } else {
        if (pystr::lower(text) != text) throw std::invalid_argument("IDNA does not round-trip");
        again = "xn--" + punycode_encode(decoded);
    }
    if (again.empty() || again.size() >= 64) throw std::invalid_argument("label empty or too long");
    if (ascii_lower(label) != again) throw std::invalid_argument("IDNA does not round-trip");
    return text;
}

/// werkzeug.urls._decode_idna.
std::string decode_idna(std::string_view domain) {
    if (!is_ascii(domain) || domain.empty()) return std::string(domain);
    if (domain.find("xn--") == std::string_view::npos) return std::string(domain);
    std::vector<std::string_view> labels;
    std::size_t start = 0;
    while (true) {
        auto dot = domain.find('.', start);
        labels.push_back(domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    bool trailing_dot = labels.size() > 1 && labels.back().empty();
    if (trailing_dot) labels.pop_back();
    std::string out;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i) out += '.';
        out += idna_label_to_unicode(labels[i]);
    }
    if (trailing_dot) out += '.';
    return out;
}

/// Werkzeug's _make_unquote_part: %XX runs of `keep` stay quoted verbatim; the
/// rest is unquoted with invalid UTF-8 re-quoted.
std::string unquote_part(std::string_view value, std::string_view keep) {
    auto kept_escape = [&](std::size_t i) {
        if (i + 2 >= value.size() || value[i] != '%') return false;
        int hi = hex_value(value[i + 1]), lo = hex_value(value[i + 2]);
        if (hi < 0 || lo < 0) return false;
        char c = static_cast<char>(hi * 16 + lo);
        return hi < 8 && keep.find(c) != std::string_view::npos;
    };
    std::string out;
    std::size_t segment = 0;
    for (std::size_t i = 0; i < value.size();) {
        if (kept_escape(i)) {
            out += unquote_requote(value.substr(segment, i - segment));
            while (kept_escape(i)) {
                out.append(value, i, 3);
                i += 3;
            }
            segment = i;
        } else {
            ++i;
        }
    }
    out += unquote_requote(value.substr(segment));
    return out;
}

std::string always_unsafe() {
    std::string s;
    for (int c = 0; c <= 0x20; ++c) s += static_cast<char>(c);
    s += '%';
    s += '\x7F';
    return s;
}

}  // namespace

SplitUrl url_split(std::string_view input) {
    // Leading C0 controls and spaces go, as do tabs and newlines anywhere.
    while (!input.empty() && static_cast<unsigned char>(input.front()) <= 0x20) input.remove_prefix(1);
    std::string url;
    for (char c : input)
        if (c != '\t' && c != '\r' && c != '\n') url += c;
    SplitUrl out;
    auto colon = url.find(':');
    if (colon != std::string::npos && colon > 0 && ascii_alpha(url[0])) {
        bool scheme_ok = std::all_of(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
            return ascii_alpha(c) || ascii_digit(c) || c == '+' || c == '-' || c == '.';
        });
        if (scheme_ok) {
            out.scheme = ascii_lower(url.substr(0, colon));
            url.erase(0, colon + 1);
        }
    }
    if (url.compare(0, 2, "//") == 0) {
        auto delim = url.find_first_of("/?#", 2);
        out.netloc = url.substr(2, delim == std::string::npos ? std::string::npos : delim - 2);
        url = delim == std::string::npos ? std::string() : url.substr(delim);
        bool open = out.netloc.find('[') != std::string::npos, close = out.netloc.find(']') != std::string::npos;
        if (open != close) throw std::invalid_argument("Invalid IPv6 URL");
        if (open) {
            auto start = out.netloc.find('[') + 1;
            std::string_view host = std::string_view(out.netloc).substr(start);
            host = host.substr(0, host.find(']'));
            bool future = !host.empty() && host.front() == 'v';
            bool ipv6_chars = !host.empty() && host.find(':') != std::string_view::npos &&
                              std::all_of(host.begin(), host.end(), [](char c) {
                                  return hex_value(c) >= 0 || c == ':' || c == '.' || c == '%';
                              });
            if (!future && !ipv6_chars) throw std::invalid_argument("Invalid IPv6 address");
        }
    }
    if (auto hash = url.find('#'); hash != std::string::npos) {
        out.fragment = url.substr(hash + 1);
        url.resize(hash);
    }
    if (auto q = url.find('?'); q != std::string::npos) {
        out.query = url.substr(q + 1);
        url.resize(q);
    }
    out.path = std::move(url);
    return out;
}

std::string url_unsplit(const SplitUrl& parts) {
    std::string url = parts.path;
    if (!parts.netloc.empty() || (!parts.scheme.empty() && uses_netloc(parts.scheme) && url.compare(0, 2, "//") != 0)) {
        if (!url.empty() && url.front() != '/') url.insert(0, "/");
        url = "//" + parts.netloc + url;
    }
    if (!parts.scheme.empty()) url = parts.scheme + ":" + url;
    if (!parts.query.empty()) url += "?" + parts.query;
    if (!parts.fragment.empty()) url += "#" + parts.fragment;
    return url;
}

std::string iri_to_uri(std::string_view iri) {
    SplitUrl parts = url_split(iri);
    NetlocParts net = split_netloc(parts.netloc);
    SplitUrl out;
    out.scheme = parts.scheme;
    out.path = url_quote(parts.path, "%!$&'()*+,/:;=@");
    out.query = url_quote(parts.query, "%!$&'()*+,/:;=?@");
    out.fragment = url_quote(parts.fragment, "%!#$&'()*+,/:;=?@");
    std::string netloc;
    if (!parts.netloc.empty() && !net.hostname.empty()) {
        // hostname.encode("idna"): ASCII labels must be 1..63 long (the last may be empty).
        if (is_ascii(net.hostname)) {
            std::string_view h = net.hostname;
            std::size_t start = 0;
            while (true) {
                auto dot = h.find('.', start);
                auto label = h.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
                bool last = dot == std::string_view::npos;
                if ((!last && label.empty()) || label.size() >= 64) throw std::invalid_argument("label empty or too long");
                if (last) break;
                start = dot + 1;
            }
            netloc = net.hostname;
        } else {
            netloc = idna_encode_host(net.hostname);
        }
    }
    if (netloc.find(':') != std::string::npos) netloc = "[" + netloc + "]";
    if (net.port && *net.port) netloc += ":" + std::to_string(*net.port);
    if (net.username && !net.username->empty()) {
        std::string auth = url_quote(*net.username, "%!$&'()*+,;=");
        if (net.password && !net.password->empty()) auth += ":" + url_quote(*net.password, "%!$&'()*+,;=");
        netloc = auth + "@" + netloc;
    }
    out.netloc = std::move(netloc);
    return url_unsplit(out);
}

std::string uri_to_iri(std::string_view uri) {
    static const std::string unsafe = always_unsafe();
    SplitUrl parts = url_split(uri);
    NetlocParts net = split_netloc(parts.netloc);
    SplitUrl out;
    out.scheme = parts.scheme;
    out.path = unquote_part(parts.path, unsafe + "/?#");
    out.query = unquote_part(parts.query, unsafe + "&=+#");
    out.fragment = unquote_part(parts.fragment, unsafe);
    std::string netloc;
    if (!parts.netloc.empty() && !net.hostname.empty()) netloc = decode_idna(net.hostname);
    if (netloc.find(':') != std::string::npos) netloc = "[" + netloc + "]";
    if (net.port && *net.port) netloc += ":" + std::to_string(*net.port);
    if (net.username && !net.username->empty()) {
        std::string auth = unquote_part(*net.username, unsafe + ":@/?#");
        if (net.password && !net.password->empty()) auth += ":" + unquote_part(*net.password, unsafe + ":@/?#");
        netloc = auth + "@" + netloc;
    }
    out.netloc = std::move(netloc);
    return url_unsplit(out);
}

}  // namespace flask
