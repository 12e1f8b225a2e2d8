#include "jinja/markup.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "jinja/html_entities.hpp"
#include "jinja/pystr.hpp"

namespace jinja {

namespace {

// Replacement for each byte that needs escaping, nullptr for the rest.
struct EscapeTable {
    const char* text[256] = {};
    unsigned char size[256] = {};
    unsigned char extra[256] = {};  // size - 1: bytes added by escaping
    constexpr EscapeTable() {
        set('&', "&amp;", 5);
        set('<', "&lt;", 4);
        set('>', "&gt;", 4);
        set('"', "&#34;", 5);
        set('\'', "&#39;", 5);
    }
    constexpr void set(char c, const char* t, unsigned char n) {
        text[static_cast<unsigned char>(c)] = t;
        size[static_cast<unsigned char>(c)] = n;
        extra[static_cast<unsigned char>(c)] = static_cast<unsigned char>(n - 1);
    }
};
constexpr EscapeTable escapes;

// True when any byte of the 8-byte word equals one of the special characters
// (SWAR "has zero byte" test per character): lets plain text, the common
// case, skip 8 bytes per step.
inline bool word_has_special(std::uint64_t w) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    auto has = [&](unsigned char c) {
        std::uint64_t x = w ^ (ones * c);
        return (x - ones) & ~x & highs;
    };
    return has('&') | has('<') | has('>') | has('"') | has('\'');
}

bool has_html(const Value& v) { return v.is_object() && v.as_object().html().has_value(); }

std::string escaped_text(const Value& v) { return escape(v).as_string(); }

const PercentHooks& markup_percent_hooks() {
    static const PercentHooks hooks = [] {
        PercentHooks h;
        h.str = [](const Value& v) { return escaped_text(v); };
        h.repr = [](const Value& v) { return escape_html(v.repr()); };
        h.wrapped = true;
        return h;
    }();
    return hooks;
}

// One `&...` reference of html.unescape, starting at text[amp] == '&'.
// Appends the replacement and returns the index after the match, or 0 when
// nothing matches (the '&' is then literal).
std::size_t unescape_reference(std::string_view text, std::size_t amp, std::string& out) {
    std::size_t pos = amp + 1;
    if (pos < text.size() && text[pos] == '#') {
        ++pos;
        bool hex = pos < text.size() && (text[pos] == 'x' || text[pos] == 'X');
        if (hex) ++pos;
        std::size_t start = pos;
        std::uint64_t code = 0;
        while (pos < text.size()) {
            char c = text[pos];
            int digit = (c >= '0' && c <= '9') ? c - '0'
                        : hex && (c >= 'a' && c <= 'f') ? c - 'a' + 10
                        : hex && (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                         : -1;
            if (digit < 0) break;
            // Saturate: every value past U+10FFFF behaves the same.
            code = std::min<std::uint64_t>(code * (hex ? 16 : 10) + static_cast<unsigned>(digit), 0x7FFFFFFF);
            ++pos;
        }
        if (pos == start) return 0;
        if (pos < text.size() && text[pos] == ';') ++pos;
        auto c = static_cast<char32_t>(code);
        if (auto remapped = html_remapped_charref(c)) out += *remapped;
        else if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) out += "\xEF\xBF\xBD";
        else if (!html_dropped_codepoint(c)) pystr::append_utf8(out, c);
        return pos;
    }
    // A name: 1..32 code points other than \t \n \f space < & # ;, then an optional ';'.
    std::vector<std::size_t> ends;  // byte end of each code point of the name
    while (pos < text.size() && ends.size() < 32) {
        char c = text[pos];
        if (c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '<' || c == '&' || c == '#' || c == ';') break;
        pystr::decode_utf8(text, pos);
        ends.push_back(pos);
    }
    if (ends.empty()) return 0;
    if (pos < text.size() && text[pos] == ';') ends.push_back(++pos);
    std::string_view name = text.substr(amp + 1, pos - amp - 1);
    if (auto full = html5_entity(name)) {
        out += *full;
        return pos;
    }
    // Longest known prefix of at least two code points (legacy references
    // such as "&ampx" -> "&x"); the rest stays as text.
    for (std::size_t n = ends.size() - 1; n >= 2; --n) {
        std::size_t len = ends[n - 1] - (amp + 1);
        if (auto hit = html5_entity(name.substr(0, len))) {
            out += *hit;
            out.append(name.substr(len));
            return pos;
        }
    }
    out += '&';
    out.append(name);
    return pos;
}

}  // namespace

// ---- escaping --------------------------------------------------------------

void escape_html_to(std::string& out, std::string_view text) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    // Find the first special character, 8 bytes at a time: most template
    // values have none and are appended in one piece.
    const char* p = begin;
    while (end - p >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if (word_has_special(word)) break;
        p += 8;
    }
    while (p < end && !escapes.text[static_cast<unsigned char>(*p)]) ++p;
    if (p == end) {
        out.append(text);
        return;
    }
    // Size the output exactly, then write through a pointer: far cheaper
    // than one append per run when specials are dense.
    std::size_t extra = 0;
    for (const char* q = p; q < end; ++q) extra += escapes.extra[static_cast<unsigned char>(*q)];
    std::size_t old_size = out.size();
    out.resize(old_size + text.size() + extra);
    char* w = out.data() + old_size;
    std::memcpy(w, begin, static_cast<std::size_t>(p - begin));
    w += p - begin;
    for (; p < end; ++p) {
        auto c = static_cast<unsigned char>(*p);
        if (escapes.text[c]) {
            std::memcpy(w, escapes.text[c], escapes.size[c]);
            w += escapes.size[c];
        } else {
            *w++ = static_cast<char>(c);
        }
    }
}

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    escape_html_to(out, text);
    return out;
}

bool is_safe_html(const Value& value) { return value.is_markup() || has_html(value); }

Value escape(const Value& value) {
    if (value.is_markup()) return value;
    if (value.is_string()) return Value::markup(escape_html(value.as_string()));
    if (value.is_object())
        if (auto html = value.as_object().html()) return Value::markup(std::move(*html));
    return Value::markup(escape_html(value.str()));
}

Value escape_silent(const Value& value) {
    if (value.is_none() || value.is_undefined()) return Value::markup("");
    return escape(value);
}

Value soft_str(const Value& value) { return value.is_markup() ? value : Value(value.str()); }

Value markup(const Value& value) {
    if (value.is_markup()) return value;
    if (value.is_object())
        if (auto html = value.as_object().html()) return Value::markup(std::move(*html));
    return Value::markup(value.str());
}

// ---- operators -------------------------------------------------------------

Value markup_add(const Value& self, const Value& other) {
    if (!other.is_string() && !has_html(other))
        throw TypeError("unsupported operand type(s) for +: 'Markup' and '" + std::string(other.type_name()) + "'");
    return Value::markup(self.as_string() + escaped_text(other));
}

Value markup_radd(const Value& self, const Value& other) {
    if (!other.is_string() && !has_html(other))
        throw TypeError("unsupported operand type(s) for +: '" + std::string(other.type_name()) + "' and 'Markup'");
    return Value::markup(escaped_text(other) + self.as_string());
}

Value markup_mul(const Value& self, const Value& times) {
    if (!times.is_int() && !times.is_bool())
        throw TypeError("can't multiply sequence by non-int of type '" + std::string(times.type_name()) + "'");
    return Value::markup(pystr::repeat(self.as_string(), times.as_int()));
}

Value markup_mod(const Value& self, const Value& args) {
    return Value::markup(percent_format(self.as_string(), args, &markup_percent_hooks()));
}

const FormatHooks& markup_format_hooks() {
    static const FormatHooks hooks{[](const Value& value, std::string_view spec) -> std::string {
        if (value.is_markup()) {
            if (!spec.empty()) throw ValueError("Unsupported format specification for Markup.");
            return value.as_string();
        }
        if (has_html(value)) {
            if (!spec.empty())
                throw ValueError("Format specifier " + std::string(spec) + " given, but " +
                                 std::string(value.type_name()) +
                                 " does not define __html_format__. A class that defines __html__ must define "
                                 "__html_format__ to work with format specifiers.");
            // __html__ gave a plain str, which MarkupSafe escapes once more.
            return escape_html(*value.as_object().html());
        }
        return escape_html(format_value(value, spec));
    }};
    return hooks;
}

Value markup_format(const Value& self, const List& args, const KwArgs& kwargs) {
    return Value::markup(str_format(self.as_string(), args, kwargs, &markup_format_hooks()));
}

Value markup_format_map(const Value& self, const Value& mapping) {
    return Value::markup(str_format_map(self.as_string(), mapping, &markup_format_hooks()));
}

Value markup_join(const Value& self, const Value& iterable) {
    const std::string& sep = self.as_string();
    std::string out;
    bool first = true;
    auto add = [&](const Value& item) {
        if (!first) out += sep;
        first = false;
        out += escaped_text(item);
    };
    if (iterable.is_list()) {
        for (const auto& item : iterable.as_list()) add(item);
    } else if (iterable.is_dict()) {
        for (const auto& [key, v] : iterable.as_dict()) add(key);
    } else if (iterable.is_string()) {
        std::string_view text = iterable.as_string();
        for (std::size_t pos = 0; pos < text.size();) {
            std::size_t at = pos;
            pystr::decode_utf8(text, pos);
            add(Value(text.substr(at, pos - at)));
        }
    } else {
        throw TypeError("can only join an iterable");
    }
    return Value::markup(std::move(out));
}

// ---- text extraction -------------------------------------------------------

std::string html_unescape(std::string_view text) {
    std::size_t amp = text.find('&');
    if (amp == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    std::size_t done = 0;
    while (amp != std::string_view::npos) {
        out.append(text.substr(done, amp - done));
        std::size_t next = unescape_reference(text, amp, out);
        if (next == 0) {
            out += '&';
            next = amp + 1;
        }
        done = next;
        amp = text.find('&', done);
    }
    out.append(text.substr(done));
    return out;
}

namespace {

// Python's str.split() whitespace among ASCII bytes.
constexpr bool ascii_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f); }

// Bytes that end a run of plain ASCII text: whitespace and non-ASCII.
constexpr auto run_end = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = c >= 0x80 || ascii_space(static_cast<unsigned char>(c));
    return t;
}();

// Calls `piece` with the text between "<...>" runs, which are dropped
// naively (quotes inside a tag are not special); an unclosed '<' and
// everything after it stay.
template <class Piece>
void for_each_untagged(std::string_view text, Piece piece) {
    std::size_t pos = 0;
    while (true) {
        std::size_t start = text.find('<', pos);
        std::size_t end = start == std::string_view::npos ? start : text.find('>', start);
        if (end == std::string_view::npos) {
            piece(text.substr(pos));
            return;
        }
        piece(text.substr(pos, start - pos));
        pos = end + 1;
    }
}

// " ".join(text.split()) over text fed piece by piece: words between
// Unicode whitespace runs.  A tag never splits a UTF-8 sequence ('<' and
// '>' are ASCII), so the pieces can be collapsed one by one.
class SpaceCollapser {
public:
    // Every space written stands for at least one whitespace byte read, so
    // the result fits in the input's size: write through a pointer.
    SpaceCollapser(std::string& out, std::size_t input_size) : out_(out), base_(out.size()) {
        out.resize(base_ + input_size);
        begin_ = w_ = out.data() + base_;
    }
    void feed(std::string_view text) {
        char* w = w_;
        char* const begin = begin_;
        bool pending_space = pending_;
        const std::size_t n = text.size();
        for (std::size_t p = 0; p < n;) {
            auto c = static_cast<unsigned char>(text[p]);
            if (c < 0x80) {
                if (ascii_space(c)) {
                    pending_space = w != begin;
                    ++p;
                    continue;
                }
                if (pending_space) {
                    *w++ = ' ';
                    pending_space = false;
                }
                // Copy the word 8 bytes at a time up to its first byte below '!'
                // or non-ASCII (found with a borrow trick: bytes before it cause no
                // borrow), then byte by byte to its end (past control characters).
                // Writing 8 bytes is safe: the output never runs ahead of the input.
                while (std::endian::native == std::endian::little && n - p >= 8) {
                    std::uint64_t x;
                    std::memcpy(&x, text.data() + p, 8);
                    std::memcpy(w, &x, 8);
                    const std::uint64_t stop = ((x - 0x2121212121212121ULL) | x) & 0x8080808080808080ULL;
                    if (!stop) {
                        p += 8;
                        w += 8;
                        continue;
                    }
                    const auto k = static_cast<std::size_t>(std::countr_zero(stop) >> 3);
                    // A lone ' ' before the next word stays as it is (it was
                    // copied already): keep going without leaving the word loop.
                    if (text[p + k] == ' ' && p + k + 1 < n) {
                        const auto next = static_cast<unsigned char>(text[p + k + 1]);
                        if (k > 0 && next > 0x20 && next < 0x80) {
                            p += k + 1;
                            w += k + 1;
                            continue;
                        }
                    }
                    p += k;
                    w += k;
                    break;
                }
                while (p < n && !run_end[static_cast<unsigned char>(text[p])]) *w++ = text[p++];
                continue;
            }
            std::size_t start = p;
            if (pystr::is_space(pystr::decode_utf8(text, p))) {
                pending_space = w != begin;
                continue;
            }
            if (pending_space) {
                *w++ = ' ';
                pending_space = false;
            }
            std::memcpy(w, text.data() + start, p - start);
            w += p - start;
        }
        w_ = w;
        pending_ = pending_space;
    }
    void finish() { out_.resize(base_ + static_cast<std::size_t>(w_ - begin_)); }

private:
    std::string& out_;
    std::size_t base_;
    char* begin_ = nullptr;
    char* w_ = nullptr;
    bool pending_ = false;
};

}  // namespace

std::string striptags(std::string_view html) {
    std::string value;
    std::string_view text = html;
    if (html.find("<!--") != std::string_view::npos) {
        value.assign(html);
        // Comments first: a comment holding a tag would otherwise end at the
        // tag's '>'.  Removing text can only create a new "<!--" across the join,
        // so each search resumes a few bytes before it.
        for (std::size_t from = 0;;) {
            std::size_t start = value.find("<!--", from);
            if (start == std::string::npos) break;
            std::size_t end = value.find("-->", start);
            if (end == std::string::npos) break;
            value.erase(start, end + 3 - start);
            from = start >= 3 ? start - 3 : 0;
        }
        text = value;
    }
    // The intermediate text lives in a per-thread buffer that keeps its
    // capacity: only the result is allocated.
    thread_local std::string collapsed;
    collapsed.clear();
    SpaceCollapser collapser(collapsed, text.size());
    for_each_untagged(text, [&](std::string_view piece) { collapser.feed(piece); });
    collapser.finish();
    std::string result = collapsed.find('&') == std::string::npos ? collapsed : html_unescape(collapsed);
    constexpr std::size_t keep = std::size_t{1} << 20;  // do not pin a huge buffer
    if (collapsed.capacity() > keep) std::string().swap(collapsed);
    return result;
}

// ---- Markup ----------------------------------------------------------------

Markup Markup::from_value(const Value& value) { return Markup(jinja::markup(value).as_string()); }
Markup Markup::escape(const Value& value) { return Markup(jinja::escape(value).as_string()); }
Markup Markup::operator+(const Value& other) const { return Markup(markup_add(*this, other).as_string()); }
Markup Markup::operator%(const Value& args) const { return Markup(markup_mod(*this, args).as_string()); }
Markup Markup::operator*(std::int64_t times) const { return Markup(pystr::repeat(html_, times)); }
Markup Markup::format(const List& args, const KwArgs& kwargs) const {
    return Markup(markup_format(*this, args, kwargs).as_string());
}
Markup Markup::join(const Value& iterable) const { return Markup(markup_join(*this, iterable).as_string()); }

}  // namespace jinja
