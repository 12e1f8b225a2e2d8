// Cookie headers: parse_cookie (and request.cookies' latin-1 variant),
// dump_cookie, Response::set_cookie / delete_cookie.
#include "flask/forms.hpp"
#include "flask/http.hpp"
#include "flask/response.hpp"
#include "flask/urls.hpp"
#include "http/text_codec.hpp"
#include "jinja/pystr.hpp"

namespace flask {

using namespace http_detail;

namespace {

/// One match of Werkzeug's `_cookie_re` at `pos` of `text` (which ends in ';'):
///   ([^=;]*)(?:\s*=\s*("(?:[^\\"]|\\.)*"|.*?))?\s*;\s*
struct CookieMatch {
    std::string_view key, value;
    std::size_t end = 0;
};

/// Skips `\s*;\s*` at `i`; npos when there is no ';' after the whitespace.
std::size_t skip_separator(std::string_view text, std::size_t i) {
    while (i < text.size() && re_space(text[i])) ++i;
    if (i >= text.size() || text[i] != ';') return std::string_view::npos;
    ++i;
    while (i < text.size() && re_space(text[i])) ++i;
    return i;
}

std::optional<CookieMatch> match_cookie(std::string_view text, std::size_t pos) {
    std::size_t k = pos;
    while (k < text.size() && text[k] != '=' && text[k] != ';') ++k;
    CookieMatch m;
    m.key = text.substr(pos, k - pos);
    if (k < text.size() && text[k] == ';') {
        m.end = skip_separator(text, k);
        return m;
    }
    if (k >= text.size()) return std::nullopt;
    // text[k] == '=': the value group.
    std::size_t v = k + 1;
    while (v < text.size() && re_space(text[v])) ++v;
    if (v < text.size() && text[v] == '"') {
        std::size_t i = v + 1;
        bool closed = false;
        while (i < text.size()) {
            if (text[i] == '\\') {
                if (i + 1 < text.size() && text[i + 1] != '\n') {
                    i += 2;
                    continue;
                }
                break;
            }
            if (text[i] == '"') {
                closed = true;
                break;
            }
            ++i;
        }
        if (closed) {
            std::size_t end = skip_separator(text, i + 1);
            if (end != std::string_view::npos) {
                m.value = text.substr(v, i + 1 - v);
                m.end = end;
                return m;
            }
        }
    }
    // The lazy `.*?`: up to the whitespace before the first ';', not across a newline.
    std::size_t semi = text.find(';', v);
    if (semi == std::string_view::npos) return std::nullopt;
    std::size_t stop = semi;
    while (stop > v && re_space(text[stop - 1])) --stop;
    if (text.substr(v, stop - v).find('\n') != std::string_view::npos) return std::nullopt;
    m.value = text.substr(v, stop - v);
    m.end = skip_separator(text, stop);
    return m;
}

/// `\\([0-3][0-7]{2}|.)` on the UTF-8 bytes of a quoted value, then
/// decode("utf-8", errors="replace").
std::string unslash_cookie_value(std::string_view inner) {
    std::string bytes;
    for (std::size_t i = 0; i < inner.size(); ++i) {
        if (inner[i] == '\\' && i + 1 < inner.size()) {
            char a = inner[i + 1];
            if (a >= '0' && a <= '3' && i + 3 < inner.size() && inner[i + 2] >= '0' && inner[i + 2] <= '7' &&
                inner[i + 3] >= '0' && inner[i + 3] <= '7') {
                bytes += static_cast<char>((a - '0') * 64 + (inner[i + 2] - '0') * 8 + (inner[i + 3] - '0'));
                i += 3;
                continue;
            }
            if (a != '\n') {
                bytes += a;
                ++i;
                continue;
            }
        }
        bytes += inner[i];
    }
    return utf8_decode_replace(bytes);
}

/// _sansio_http.parse_cookie on text (a Python str, as UTF-8).
MultiDict parse_cookie_text(std::string_view cookie) {
    MultiDict out;
    if (cookie.empty()) return out;
    std::string text(cookie);
    text += ';';
    std::string_view s = text;
    std::size_t pos = 0;
    while (pos < s.size()) {
        auto m = match_cookie(s, pos);
        if (!m) {
            // findall moves on by one character.
            jinja::pystr::decode_utf8(s, pos);
            continue;
        }
        pos = m->end;
        auto key = py_strip(m->key);
        auto value = py_strip(m->value);
        if (key.empty()) continue;
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            out.add(std::string(key), unslash_cookie_value(value.substr(1, value.size() - 2)));
        else
            out.add(std::string(key), std::string(value));
    }
    return out;
}

constexpr char kOctal[] = "01234567";

bool cookie_no_quote_char(char c) {
    return re_word(c) || std::string_view("!#$%&'()*+-./:<=>?@[]^`{|}~").find(c) != std::string_view::npos;
}

}  // namespace

MultiDict parse_cookie(std::string_view header) {
    if (!is_valid_utf8(header)) throw InvalidUtf8("'utf-8' codec can't decode the Cookie header");
    return parse_cookie_text(header);
}

MultiDict parse_request_cookies(std::string_view raw_header) { return parse_cookie_text(latin1_to_utf8(raw_header)); }

std::string dump_cookie(std::string_view key, std::string_view value, const CookieOptions& options) {
    std::optional<std::string> path;
    if (options.path) path = url_quote(*options.path, "%!$&'()*+,/:=@");

    std::optional<std::string> domain;
    if (options.domain && !options.domain->empty()) {
        std::string_view d = *options.domain;
        d = d.substr(0, d.find(':'));
        while (!d.empty() && d.front() == '.') d.remove_prefix(1);
        domain = idna_encode_host(d);
    }

    std::optional<std::string> expires;
    if (options.expires) {
        expires = options.expires->http_date();
    } else if (options.max_age && options.sync_expires) {
        double now = options.now ? *options.now : unix_now();
        expires = http_date(now + static_cast<double>(*options.max_age));
    }

    std::optional<std::string> samesite;
    if (options.samesite) {
        samesite = jinja::pystr::title(*options.samesite);
        if (*samesite != "Strict" && *samesite != "Lax" && *samesite != "None")
            throw jinja::ValueError("SameSite must be 'Strict', 'Lax', or 'None'.");
    }
    bool secure = options.secure || options.partitioned;

    std::string quoted;
    bool plain = true;
    for (char c : value) plain = plain && cookie_no_quote_char(c);
    if (plain) {
        quoted = std::string(value);
    } else {
        quoted = "\"";
        for (char ch : value) {
            auto c = static_cast<unsigned char>(ch);
            if (c == '"' || c == '\\') {
                quoted += '\\';
                quoted += ch;
            } else if (c <= 0x19 || c == ',' || c == ';' || c >= 0x7F) {
                quoted += '\\';
                quoted += kOctal[c >> 6];
                quoted += kOctal[(c >> 3) & 7];
                quoted += kOctal[c & 7];
            } else {
                quoted += ch;
            }
        }
        quoted += '"';
    }

    std::string out(key);
    out += '=';
    out += quoted;
    auto attr = [&](std::string_view name, const std::optional<std::string>& v) {
        if (!v) return;
        out += "; ";
        out += name;
        out += '=';
        out += *v;
    };
    auto flag = [&](std::string_view name, bool on) {
        if (!on) return;
        out += "; ";
        out += name;
    };
    attr("Domain", domain);
    attr("Expires", expires);
    attr("Max-Age", options.max_age ? std::optional<std::string>(std::to_string(*options.max_age)) : std::nullopt);
    flag("Secure", secure);
    flag("HttpOnly", options.httponly);
    attr("Path", path);
    attr("SameSite", samesite);
    flag("Partitioned", options.partitioned);
    return out;
}

void Response::set_cookie(std::string_view key, std::string_view value, const CookieOptions& options) {
    headers.add("Set-Cookie", dump_cookie(key, value, options));
}

void Response::delete_cookie(std::string_view key, std::optional<std::string> path, std::optional<std::string> domain,
                             bool secure, bool httponly, std::optional<std::string> samesite, bool partitioned) {
    CookieOptions options;
    options.expires = 0;
    options.max_age = 0;
    options.path = std::move(path);
    options.domain = std::move(domain);
    options.secure = secure;
    options.httponly = httponly;
    options.samesite = std::move(samesite);
    options.partitioned = partitioned;
    set_cookie(key, "", options);
}

}  // namespace flask
