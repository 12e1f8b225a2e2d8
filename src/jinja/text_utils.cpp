// Text helpers behind filters: textwrap, urlize, pprint, json.dumps, url quoting.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bigint.hpp"
#include "filters_impl.hpp"
#include "jinja/markup.hpp"
#include "jinja/pystr.hpp"
#include "ops.hpp"

namespace jinja::detail {

namespace {
std::size_t ulen(const std::string& s) { return pystr::length(s); }
bool is_ws(const std::string& s) {
    std::size_t p = 0;
    while (p < s.size())
        if (!pystr::is_space(pystr::decode_utf8(s, p))) return false;
    return true;
}

/// re.split(r"(\s+)", text) without its empty ends: runs of whitespace and
/// the words between them, in order.
std::vector<std::string> split_whitespace_runs(const std::string& text) {
    std::vector<std::string> pieces;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t start = pos;
        std::size_t q = pos;
        bool ws = pystr::is_space(pystr::decode_utf8(text, q));
        while (pos < text.size()) {
            std::size_t r = pos;
            if (pystr::is_space(pystr::decode_utf8(text, r)) != ws) break;
            pos = r;
        }
        pieces.push_back(text.substr(start, pos - start));
    }
    return pieces;
}
}  // namespace

std::string wordwrap(const std::string& text, std::int64_t width, bool break_long, const std::string& wrapstring,
                     bool break_on_hyphens) {
    std::string result;
    auto paragraphs = pystr::splitlines(text);
    for (std::size_t pi = 0; pi < paragraphs.size(); ++pi) {
        const std::string& para = paragraphs[pi];
        // chunks: whitespace runs and words (split after hyphens)
        std::vector<std::string> chunks;
        for (std::string& piece : split_whitespace_runs(para)) {
            const bool ws = is_ws(piece);
            if (!ws && break_on_hyphens) {
                std::size_t s = 0;
                for (std::size_t i = 1; i + 1 < piece.size(); ++i) {
                    if (piece[i] == '-' && std::isalnum(static_cast<unsigned char>(piece[i - 1])) &&
                        std::isalpha(static_cast<unsigned char>(piece[i + 1]))) {
                        chunks.push_back(piece.substr(s, i + 1 - s));
                        s = i + 1;
                    }
                }
                chunks.push_back(piece.substr(s));
            } else {
                chunks.push_back(std::move(piece));
            }
        }
        std::reverse(chunks.begin(), chunks.end());
        std::vector<std::string> lines;
        auto w = static_cast<std::size_t>(std::max<std::int64_t>(width, 1));
        while (!chunks.empty()) {
            std::vector<std::string> cur;
            std::size_t cur_len = 0;
            if (is_ws(chunks.back()) && !lines.empty()) chunks.pop_back();
            while (!chunks.empty()) {
                std::size_t l = ulen(chunks.back());
                if (cur_len + l <= w) {
                    cur.push_back(chunks.back());
                    chunks.pop_back();
                    cur_len += l;
                } else {
                    break;
                }
            }
            if (!chunks.empty() && ulen(chunks.back()) > w) {
                std::size_t space_left = w > cur_len ? w - cur_len : 1;
                if (break_long) {
                    std::string& chunk = chunks.back();
                    std::size_t end = space_left;
                    if (break_on_hyphens && ulen(chunk) > space_left) {
                        std::string head(pystr::slice(chunk, 0, static_cast<std::int64_t>(space_left)));
                        auto hy = head.rfind('-');
                        if (hy != std::string::npos && hy > 0 && head.find_first_not_of('-') < hy) end = pystr::length(head.substr(0, hy)) + 1;
                    }
                    cur.emplace_back(pystr::slice(chunk, 0, static_cast<std::int64_t>(end)));
                    chunk = std::string(pystr::slice(chunk, static_cast<std::int64_t>(end), std::nullopt));
                } else if (cur.empty()) {
                    cur.push_back(chunks.back());
                    chunks.pop_back();
                }
            }
            if (!cur.empty() && is_ws(cur.back())) cur.pop_back();
            if (!cur.empty()) {
                std::string line;
                for (auto& c : cur) line += c;
                lines.push_back(line);
            }
        }
        if (pi) result += wrapstring;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (i) result += wrapstring;
            result += lines[i];
        }
    }
    return result;
}

std::string url_quote(const Value& v, bool for_qs) {
    std::string s = v.is_string() || v.is_bytes() ? v.as_string() : py_str(v);
    std::string out;
    static const char* hex = "0123456789ABCDEF";
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '~' || (!for_qs && c == '/')) {
            out += static_cast<char>(c);
        } else if (for_qs && c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// ---- json -----------------------------------------------------------------------

namespace {
void json_string(std::string& out, const std::string& s) {
    out += '"';
    std::size_t pos = 0;
    char buf[16];
    while (pos < s.size()) {
        char32_t c = pystr::decode_utf8(s, pos);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20 || c > 0x7e) {
                    if (c >= 0x10000) {
                        char32_t v = c - 0x10000;
                        std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", static_cast<unsigned>(0xD800 + (v >> 10)),
                                      static_cast<unsigned>(0xDC00 + (v & 0x3FF)));
                    } else {
                        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    }
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}

void json_value(std::string& out, const Value& v, int indent, int level) {
    auto newline = [&](int lvl) {
        if (indent >= 0) {
            out += '\n';
            const auto width = static_cast<std::uint64_t>(indent) * static_cast<std::uint64_t>(lvl);
            pystr::check_text_size(out.size() + width, "JSON text");
            out.append(width, ' ');
        }
    };
    switch (v.kind()) {
        case Value::Kind::None: out += "null"; return;
        case Value::Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
        case Value::Kind::Int: out += std::to_string(v.as_int()); return;
        case Value::Kind::Float: {
            double d = v.as_float();
            if (std::isnan(d)) out += "NaN";
            else if (std::isinf(d)) out += d < 0 ? "-Infinity" : "Infinity";
            else out += float_repr(d);
            return;
        }
        case Value::Kind::String: json_string(out, v.as_string()); return;
        case Value::Kind::List: {
            const List& l = v.as_list();
            if (l.empty()) {
                out += "[]";
                return;
            }
            out += '[';
            for (std::size_t i = 0; i < l.size(); ++i) {
                if (i) out += indent >= 0 ? "," : ", ";
                newline(level + 1);
                json_value(out, l[i], indent, level + 1);
            }
            newline(level);
            out += ']';
            return;
        }
        case Value::Kind::Dict: {
            std::vector<std::pair<Value, Value>> items(v.as_dict().begin(), v.as_dict().end());
            std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return py_lt(a.first, b.first); });
            if (items.empty()) {
                out += "{}";
                return;
            }
            out += '{';
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (i) out += indent >= 0 ? "," : ", ";
                newline(level + 1);
                const Value& k = items[i].first;
                if (k.is_string()) json_string(out, k.as_string());
                else if (k.is_none()) out += "\"null\"";
                else if (k.is_bool()) out += k.as_bool() ? "\"true\"" : "\"false\"";
                else if (k.is_int() || k.is_float()) json_string(out, k.repr());
                else throw TypeError("keys must be str, int, float, bool or None, not " + py_type(k));
                out += ": ";
                json_value(out, items[i].second, indent, level + 1);
            }
            newline(level);
            out += '}';
            return;
        }
        case Value::Kind::Object:
            if (const BigInt* b = as_bigint(v)) {
                out += b->to_string();
                return;
            }
            if (auto j = v.as_object().json()) {
                json_value(out, *j, indent, level);
                return;
            }
            break;
        default: break;
    }
    throw TypeError("Object of type " + py_type(v) + " is not JSON serializable");
}
}  // namespace

std::string json_dumps(const Value& v, int indent) {
    std::string out;
    json_value(out, v, indent, 0);
    return out;
}

// ---- pprint ---------------------------------------------------------------------

namespace {
std::string safe_repr(const Value& v) {
    if (v.is_dict()) {
        std::vector<std::pair<Value, Value>> items(v.as_dict().begin(), v.as_dict().end());
        std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
            try {
                return py_lt(a.first, b.first);
            } catch (...) {
                return false;
            }
        });
        std::string out = "{";
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i) out += ", ";
            out += safe_repr(items[i].first) + ": " + safe_repr(items[i].second);
        }
        return out + "}";
    }
    if (v.is_list()) {
        std::string out = v.is_tuple() ? "(" : "[";
        const List& l = v.as_list();
        for (std::size_t i = 0; i < l.size(); ++i) {
            if (i) out += ", ";
            out += safe_repr(l[i]);
        }
        if (v.is_tuple() && l.size() == 1) out += ",";
        return out + (v.is_tuple() ? ")" : "]");
    }
    return v.repr();
}

void pformat_into(std::string& out, const Value& v, std::size_t indent, std::size_t allowance) {
    std::string rep = safe_repr(v);
    if (rep.size() + indent + allowance <= 80 || !(v.is_list() || v.is_dict())) {
        out += rep;
        return;
    }
    if (v.is_dict()) {
        std::vector<std::pair<Value, Value>> items(v.as_dict().begin(), v.as_dict().end());
        std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
            try {
                return py_lt(a.first, b.first);
            } catch (...) {
                return false;
            }
        });
        out += '{';
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i) out += ",\n" + std::string(indent + 1, ' ');
            std::string k = safe_repr(items[i].first);
            out += k + ": ";
            pformat_into(out, items[i].second, indent + 1 + k.size() + 2, i + 1 == items.size() ? allowance + 1 : 1);
        }
        out += '}';
        return;
    }
    const List& l = v.as_list();
    out += v.is_tuple() ? "(" : "[";
    for (std::size_t i = 0; i < l.size(); ++i) {
        if (i) out += ",\n" + std::string(indent + 1, ' ');
        pformat_into(out, l[i], indent + 1, i + 1 == l.size() ? allowance + 1 : 1);
    }
    if (v.is_tuple() && l.size() == 1) out += ",";
    out += v.is_tuple() ? ")" : "]";
}
}  // namespace

std::string pformat(const Value& v) {
    std::string out;
    pformat_into(out, v, 0, 0);
    return out;
}

// ---- urlize -----------------------------------------------------------------------

namespace {

// Python's \w on one code point: ASCII exactly; other code points count as
// word characters unless they are whitespace (letters dominate in URLs).
bool word_char(char32_t c) {
    if (c < 128) return c == '_' || std::isalnum(static_cast<int>(c)) != 0;
    return !pystr::is_space(c);
}

// A tiny NFA over code points for Jinja's _http_re / _email_re: every step
// maps the set of reachable positions to the next one.
class Matcher {
public:
    using Set = std::vector<char>;
    explicit Matcher(std::string_view text) {
        for (std::size_t pos = 0; pos < text.size();) cps_.push_back(pystr::decode_utf8(text, pos));
    }
    std::size_t size() const { return cps_.size(); }
    Set empty() const { return Set(cps_.size() + 1, 0); }
    Set at(std::size_t p) const {
        Set s = empty();
        s[p] = 1;
        return s;
    }
    static bool any(const Set& s) { return std::find(s.begin(), s.end(), 1) != s.end(); }
    static Set unite(Set a, const Set& b) {
        for (std::size_t i = 0; i < a.size(); ++i) a[i] |= b[i];
        return a;
    }
    // Case-insensitive ASCII literal.
    Set lit(const Set& in, std::string_view word) const {
        Set out = empty();
        for (std::size_t p = 0; p < in.size(); ++p) {
            if (!in[p] || p + word.size() > cps_.size()) continue;
            bool ok = true;
            for (std::size_t i = 0; i < word.size() && ok; ++i) {
                char32_t c = cps_[p + i];
                if (c < 128) c = static_cast<char32_t>(std::tolower(static_cast<int>(c)));
                ok = c == static_cast<char32_t>(word[i]);
            }
            if (ok) out[p + word.size()] = 1;
        }
        return out;
    }
    template <class Pred>
    Set rep(const Set& in, Pred pred, std::size_t least, std::size_t most) const {
        Set out = empty();
        for (std::size_t p = 0; p < in.size(); ++p) {
            if (!in[p]) continue;
            std::size_t n = 0;
            if (least == 0) out[p] = 1;
            while (n < most && p + n < cps_.size() && pred(cps_[p + n])) {
                ++n;
                if (n >= least) out[p + n] = 1;
            }
        }
        return out;
    }
    // (step)+ : one or more applications.
    template <class Step>
    Set plus(const Set& in, Step step) const {
        Set out = empty();
        Set cur = step(in);
        while (any(cur)) {
            Set fresh = empty();
            bool grew = false;
            for (std::size_t i = 0; i < cur.size(); ++i)
                if (cur[i] && !out[i]) {
                    out[i] = fresh[i] = 1;
                    grew = true;
                }
            if (!grew) break;
            cur = step(fresh);
        }
        return out;
    }
    char32_t operator[](std::size_t i) const { return cps_[i]; }

private:
    std::vector<char32_t> cps_;
};

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_hex(char32_t c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_alpha_ci(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_w_pct(char32_t c) { return word_char(c) || c == '%'; }
bool is_w_pct_dash(char32_t c) { return word_char(c) || c == '%' || c == '-'; }

// jinja2.utils._http_re (re.IGNORECASE | re.VERBOSE).
bool http_match(std::string_view text) {
    Matcher m(text);
    using Set = Matcher::Set;
    const Set start = m.at(0);
    auto dot = [&](const Set& in) { return m.lit(in, "."); };
    Set scheme = Matcher::unite(m.lit(start, "http://"), m.lit(start, "https://"));
    // (https?://|www\.) (([\w%-]+\.)+)? ([a-z]{2,63} | xn--[\w%]{2,59})
    Set a1 = Matcher::unite(scheme, m.lit(start, "www."));
    Set a2 = Matcher::unite(a1, m.plus(a1, [&](const Set& in) { return dot(m.rep(in, is_w_pct_dash, 1, SIZE_MAX)); }));
    Set a = Matcher::unite(m.rep(a2, is_alpha_ci, 2, 63), m.rep(m.lit(a2, "xn--"), is_w_pct, 2, 59));
    // ([\w%-]{2,63}\.)+ (com|net|int|edu|gov|org|info|mil)
    Set b1 = m.plus(start, [&](const Set& in) { return dot(m.rep(in, is_w_pct_dash, 2, 63)); });
    Set b = m.empty();
    for (const char* tld : {"com", "net", "int", "edu", "gov", "org", "info", "mil"}) b = Matcher::unite(b, m.lit(b1, tld));
    // (https?://) (IPv4 | IPv6)
    Set v4 = m.rep(scheme, is_digit, 1, 3);
    for (int i = 0; i < 3; ++i) v4 = m.rep(dot(v4), is_digit, 1, 3);
    Set v6 = m.lit(scheme, "[");
    for (int i = 0; i < 2; ++i) v6 = m.lit(m.rep(v6, is_hex, 0, 4), ":");
    {
        Set acc = m.empty();
        Set cur = v6;
        for (int i = 0; i < 6; ++i) {
            Set h = m.rep(cur, is_hex, 0, 4);
            cur = Matcher::unite(h, m.lit(h, ":"));
            acc = Matcher::unite(acc, cur);
        }
        v6 = m.lit(acc, "]");
    }
    Set host = Matcher::unite(Matcher::unite(a, b), Matcher::unite(v4, v6));
    // (?::\d{1,5})? (?:[/?#]\S*)? $
    Set port = Matcher::unite(host, m.rep(m.lit(host, ":"), is_digit, 1, 5));
    if (port[m.size()]) return true;
    for (std::size_t p = 0; p < m.size(); ++p) {
        if (!port[p] || (m[p] != '/' && m[p] != '?' && m[p] != '#')) continue;
        bool rest_ok = true;
        for (std::size_t q = p + 1; q < m.size() && rest_ok; ++q) rest_ok = !pystr::is_space(m[q]);
        if (rest_ok) return true;
    }
    return false;
}

// jinja2.utils._email_re: ^\S+@\w[\w.-]*\.\w+$
bool email_match(std::string_view text) {
    Matcher m(text);
    std::size_t n = m.size();
    for (std::size_t at = 1; at < n; ++at) {
        if (pystr::is_space(m[at - 1])) return false;  // \S+ cannot pass whitespace
        if (m[at] != '@') continue;
        std::size_t r = at + 1;
        if (r >= n || !word_char(m[r])) continue;
        std::size_t last_dot = 0;
        bool ok = true;
        for (std::size_t q = r + 1; q < n && ok; ++q) {
            if (m[q] == '.') last_dot = q;
            else ok = word_char(m[q]) || m[q] == '-';
        }
        if (!ok || last_dot == 0 || last_dot + 1 >= n) continue;
        bool tail_ok = true;
        for (std::size_t q = last_dot + 1; q < n && tail_ok; ++q) tail_ok = word_char(m[q]);
        if (tail_ok) return true;
    }
    return false;
}

std::size_t count_of(std::string_view s, std::string_view sub) {
    std::size_t n = 0;
    for (std::size_t p = s.find(sub); p != std::string_view::npos; p = s.find(sub, p + sub.size())) ++n;
    return n;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

// jinja2.utils.urlize, step for step.
std::string urlize(const std::string& text, std::int64_t trim_limit, const std::string& rel, const std::string& target,
                   const std::vector<std::string>& extra_schemes, bool text_is_safe) {
    auto trim_url = [&](const std::string& x) {
        if (trim_limit >= 0 && static_cast<std::int64_t>(ulen(x)) > trim_limit)
            return std::string(pystr::slice(x, 0, trim_limit)) + "...";
        return x;
    };
    std::string rel_attr = rel.empty() ? "" : " rel=\"" + escape_html(rel) + "\"";
    std::string target_attr = target.empty() ? "" : " target=\"" + escape_html(target) + "\"";
    const std::string etext = text_is_safe ? text : escape_html(text);
    // re.split(r"(\s+)", text)
    const std::vector<std::string> words = split_whitespace_runs(etext);
    std::string out;
    for (const std::string& word : words) {
        std::string head, middle = word, tail;
        // ^([(<]|&lt;)+
        while (true) {
            if (starts_with(middle, "(") || starts_with(middle, "<")) {
                head += middle[0];
                middle.erase(0, 1);
            } else if (starts_with(middle, "&lt;")) {
                head += "&lt;";
                middle.erase(0, 4);
            } else {
                break;
            }
        }
        // ([)>.,\n]|&gt;)+$ : the leftmost start from which the rest is all such tokens.
        {
            std::size_t n = middle.size();
            std::vector<char> ok(n + 1, 0);
            ok[n] = 1;
            for (std::size_t p = n; p-- > 0;) {
                char c = middle[p];
                if ((c == ')' || c == '>' || c == '.' || c == ',' || c == '\n') && ok[p + 1]) ok[p] = 1;
                else if (middle.compare(p, 4, "&gt;") == 0 && ok[p + 4]) ok[p] = 1;
            }
            for (std::size_t p = 0; p < n; ++p)
                if (ok[p]) {
                    tail = middle.substr(p);
                    middle.resize(p);
                    break;
                }
        }
        // Balance parentheses by taking closing characters back from the tail.
        for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"(", ")"}, {"<", ">"}, {"&lt;", "&gt;"}}) {
            std::size_t start_count = count_of(middle, open);
            if (start_count <= count_of(middle, close)) continue;
            std::size_t moves = std::min(start_count, count_of(tail, close));
            for (std::size_t i = 0; i < moves; ++i) {
                std::size_t end_index = tail.find(close) + close.size();
                middle += tail.substr(0, end_index);
                tail.erase(0, end_index);
            }
        }
        if (http_match(middle)) {
            if (starts_with(middle, "https://") || starts_with(middle, "http://"))
                middle = "<a href=\"" + middle + "\"" + rel_attr + target_attr + ">" + trim_url(middle) + "</a>";
            else
                middle = "<a href=\"https://" + middle + "\"" + rel_attr + target_attr + ">" + trim_url(middle) + "</a>";
        } else if (starts_with(middle, "mailto:") && email_match(std::string_view(middle).substr(7))) {
            middle = "<a href=\"" + middle + "\">" + middle.substr(7) + "</a>";
        } else if (middle.find('@') != std::string::npos && !starts_with(middle, "www.") && !starts_with(middle, "@") &&
                   middle.find(':') == std::string::npos && email_match(middle)) {
            middle = "<a href=\"mailto:" + middle + "\">" + middle + "</a>";
        } else {
            for (const auto& scheme : extra_schemes)
                if (middle != scheme && starts_with(middle, scheme))
                    middle = "<a href=\"" + middle + "\"" + rel_attr + target_attr + ">" + middle + "</a>";
        }
        out += head;
        out += middle;
        out += tail;
    }
    return out;
}

}  // namespace jinja::detail
