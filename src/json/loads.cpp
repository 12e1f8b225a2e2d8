// json.loads(bytes) into jinja::Value, with CPython 3.11's messages and positions.
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_map>

#include "flask/json.hpp"

namespace flask::json {

using jinja::Value;

JSONDecodeError::JSONDecodeError(std::string msg, std::size_t pos, std::size_t lineno, std::size_t colno)
    : jinja::ValueError(msg + ": line " + std::to_string(lineno) + " column " + std::to_string(colno) + " (char " +
                        std::to_string(pos) + ")"),
      msg_(std::move(msg)),
      pos_(pos),
      lineno_(lineno),
      colno_(colno) {}

namespace {

// `len` is how many bytes from `pos` formed a valid prefix (Python reports them all).
[[noreturn]] void utf8_error(const unsigned char* s, std::size_t pos, std::size_t len, const char* reason) {
    char where[64];
    if (len <= 1)
        std::snprintf(where, sizeof where, "byte 0x%02x in position %zu", s[pos], pos);
    else
        std::snprintf(where, sizeof where, "bytes in position %zu-%zu", pos, pos + len - 1);
    throw UnicodeDecodeError(std::string("'utf-8' codec can't decode ") + where + ": " + reason);
}

// Python's bytes.decode('utf-8', 'surrogatepass'): strict UTF-8, except that
// encoded surrogates (ED A0..BF xx) are let through.
void validate_utf8(const unsigned char* s, std::size_t n) {
    std::size_t i = 0;
    while (i < n) {
        // ASCII fast path, eight bytes at a time.
        while (i + 8 <= n) {
            std::uint64_t w;
            std::memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            utf8_error(s, i, 1, "invalid start byte");
        }
        for (int k = 1; k < len; ++k) {
            auto valid = static_cast<std::size_t>(k);
            // A broken encoded surrogate is reported as strict UTF-8 sees it: one bad byte.
            bool surrogate = c == 0xED && i + 1 < n && s[i + 1] >= 0xA0;
            if (i + valid >= n)
                surrogate ? utf8_error(s, i, 1, "invalid continuation byte") : utf8_error(s, i, valid, "unexpected end of data");
            unsigned b = s[i + valid];
            if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
                utf8_error(s, i, surrogate ? 1 : valid, "invalid continuation byte");
        }
        i += static_cast<std::size_t>(len);
    }
}

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {  // includes lone surrogates (generalised UTF-8)
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

inline bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

class Parser {
public:
    Parser(const char* begin, const char* end) : begin_(begin), p_(begin), end_(end) {}

    Value document() {
        skip_ws();
        Value v = value();
        skip_ws();
        if (p_ != end_) fail("Extra data", p_);
        return v;
    }

private:
    [[noreturn]] void fail(const char* msg, const char* at) const {
        // Positions count code points, as Python's str indices do.
        std::size_t pos = 0, lineno = 1, last_nl = 0;
        bool seen_nl = false;
        for (const char* q = begin_; q < at; ++q) {
            auto c = static_cast<unsigned char>(*q);
            if ((c & 0xC0) == 0x80) continue;
            if (c == '\n') {
                ++lineno;
                last_nl = pos;
                seen_nl = true;
            }
            ++pos;
        }
        std::size_t colno = seen_nl ? pos - last_nl : pos + 1;
        throw JSONDecodeError(msg, pos, lineno, colno);
    }

    void skip_ws() {
        while (p_ < end_ && is_ws(*p_)) ++p_;
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(end_ - p_) >= word.size() && std::memcmp(p_, word.data(), word.size()) == 0) {
            p_ += word.size();
            return true;
        }
        return false;
    }

    Value value() {
        if (p_ >= end_) fail("Expecting value", p_);
        switch (*p_) {
            case '"': return Value(string());
            case '{': return object();
            case '[': return array();
            case 'n':
                if (literal("null")) return Value();
                break;
            case 't':
                if (literal("true")) return Value(true);
                break;
            case 'f':
                if (literal("false")) return Value(false);
                break;
            case 'N':
                if (literal("NaN")) return Value(std::numeric_limits<double>::quiet_NaN());
                break;
            case 'I':
                if (literal("Infinity")) return Value(std::numeric_limits<double>::infinity());
                break;
            case '-':
                if (literal("-Infinity")) return Value(-std::numeric_limits<double>::infinity());
                return number();
            default:
                if (is_digit(*p_)) return number();
                break;
        }
        fail("Expecting value", p_);
    }

    Value number() {
        const char* start = p_;
        const char* q = p_;
        if (*q == '-') ++q;
        if (q >= end_ || !is_digit(*q)) fail("Expecting value", start);
        if (*q == '0') {
            ++q;
        } else {
            while (q < end_ && is_digit(*q)) ++q;
        }
        const char* int_end = q;
        bool is_float = false;
        if (q + 1 < end_ && *q == '.' && is_digit(q[1])) {
            q += 2;
            while (q < end_ && is_digit(*q)) ++q;
            is_float = true;
        }
        if (q < end_ && (*q == 'e' || *q == 'E')) {
            const char* e = q + 1;
            if (e < end_ && (*e == '+' || *e == '-')) ++e;
            if (e < end_ && is_digit(*e)) {
                while (e < end_ && is_digit(*e)) ++e;
                q = e;
                is_float = true;
            }
        }
        p_ = q;
        if (is_float) {
            double d = 0;
            auto res = std::from_chars(start, q, d);
            if (res.ec == std::errc::result_out_of_range) {
                std::string text(start, q);
                d = std::strtod(text.c_str(), nullptr);  // gives +-inf or +-0 as Python's float() does
            }
            return Value(d);
        }
        std::int64_t i = 0;
        auto res = std::from_chars(start, int_end, i);
        if (res.ec == std::errc() && res.ptr == int_end) return Value(i);
        std::size_t digits = static_cast<std::size_t>(int_end - start) - (*start == '-' ? 1 : 0);
        if (digits > 4300)
            throw jinja::ValueError("Exceeds the limit (4300 digits) for integer string conversion: value has " +
                                    std::to_string(digits) +
                                    " digits; use sys.set_int_max_str_digits() to increase the limit");
        return RawNumber::make(std::string(start, int_end));
    }

    std::string string() {
        const char* open = p_;
        ++p_;
        std::string out;
        for (;;) {
            const char* run = p_;
            while (p_ < end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20) ++p_;
            out.append(run, p_);
            if (p_ >= end_) fail("Unterminated string starting at", open);
            char c = *p_;
            if (c == '"') {
                ++p_;
                return out;
            }
            if (c != '\\') fail("Invalid control character at", p_);
            const char* backslash = p_;
            if (p_ + 1 >= end_) fail("Unterminated string starting at", open);
            char esc = p_[1];
            p_ += 2;
            switch (esc) {
                case '"': out.push_back('"'); break;
                case '\\': out.push_back('\\'); break;
                case '/': out.push_back('/'); break;
                case 'b': out.push_back('\b'); break;
                case 'f': out.push_back('\f'); break;
                case 'n': out.push_back('\n'); break;
                case 'r': out.push_back('\r'); break;
                case 't': out.push_back('\t'); break;
                case 'u': {
                    unsigned cp = hex4(backslash + 1);
                    if (cp >= 0xD800 && cp <= 0xDBFF && end_ - p_ >= 2 && p_[0] == '\\' && p_[1] == 'u') {
                        const char* next = p_;
                        unsigned lo = hex4(p_ + 1);
                        if (lo >= 0xDC00 && lo <= 0xDFFF) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        else p_ = next;  // not a pair: the second escape is read on its own
                    }
                    append_utf8(out, cp);
                    break;
                }
                default: fail("Invalid \\escape", backslash);
            }
        }
    }

    // Reads the four hex digits after the 'u' at `u`; moves p_ past them.
    unsigned hex4(const char* u) {
        // Python wants a character after the digits too (the closing quote).
        if (end_ - u < 6) fail("Invalid \\uXXXX escape", u);
        unsigned cp = 0;
        for (int k = 1; k <= 4; ++k) {
            int h = hex_value(u[k]);
            if (h < 0) fail("Invalid \\uXXXX escape", u);
            cp = (cp << 4) | static_cast<unsigned>(h);
        }
        p_ = u + 5;
        return cp;
    }

    void enter() {
        if (++depth_ > kMaxDepth)
            throw RecursionError("maximum recursion depth exceeded while decoding a JSON document");
    }

    Value array() {
        enter();
        ++p_;
        jinja::List items;
        skip_ws();
        if (p_ < end_ && *p_ == ']') {
            ++p_;
            --depth_;
            return Value(std::move(items));
        }
        for (;;) {
            items.push_back(value());
            skip_ws();
            if (p_ < end_ && *p_ == ']') {
                ++p_;
                break;
            }
            if (p_ >= end_ || *p_ != ',') fail("Expecting ',' delimiter", p_);
            ++p_;
            skip_ws();
        }
        --depth_;
        return Value(std::move(items));
    }

    Value object() {
        enter();
        ++p_;
        Value result{jinja::Dict()};
        auto& items = result.as_dict().items();
        // Duplicate keys: last value wins, in the first key's position.  Small
        // objects are scanned; larger ones get an index.
        std::unordered_map<std::string_view, std::size_t> index;
        skip_ws();
        if (p_ < end_ && *p_ == '}') {
            ++p_;
            --depth_;
            return result;
        }
        for (;;) {
            if (p_ >= end_ || *p_ != '"') fail("Expecting property name enclosed in double quotes", p_);
            Value key(string());
            skip_ws();
            if (p_ >= end_ || *p_ != ':') fail("Expecting ':' delimiter", p_);
            ++p_;
            skip_ws();
            Value v = value();
            const std::string& k = key.as_string();
            std::size_t found = items.size();
            if (items.size() < 16) {
                for (std::size_t i = 0; i < items.size(); ++i)
                    if (items[i].first.as_string() == k) {
                        found = i;
                        break;
                    }
            } else {
                if (index.empty())
                    for (std::size_t i = 0; i < items.size(); ++i) index.emplace(items[i].first.as_string(), i);
                auto it = index.find(k);
                if (it != index.end()) found = it->second;
            }
            if (found < items.size()) {
                items[found].second = std::move(v);
            } else {
                items.emplace_back(std::move(key), std::move(v));
                if (!index.empty()) index.emplace(items.back().first.as_string(), items.size() - 1);
            }
            skip_ws();
            if (p_ < end_ && *p_ == '}') {
                ++p_;
                break;
            }
            if (p_ >= end_ || *p_ != ',') fail("Expecting ',' delimiter", p_);
            ++p_;
            skip_ws();
        }
        --depth_;
        return result;
    }

    const char* begin_;
    const char* p_;
    const char* end_;
    std::size_t depth_ = 0;
};

}  // namespace

Value loads(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t n = text.size();
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {  // utf-8-sig
        text.remove_prefix(3);
        s += 3;
        n -= 3;
    }
    validate_utf8(s, n);
    return Parser(text.data(), text.data() + text.size()).document();
}

}  // namespace flask::json
