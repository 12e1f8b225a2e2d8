// Python str algorithms on UTF-8.  Searching works on bytes (UTF-8 is
// self-synchronising, so a byte match of valid text is a code point match);
// only lengths, padding and case mapping decode code points.
#include "jinja/pystr.hpp"

#include <cstring>

#include <algorithm>
#include <cstdio>

namespace jinja::pystr {

namespace {

// Malformed bytes decode to U+DC80..U+DCFF (Python's "surrogateescape") so
// that re-encoding writes back the very same byte.
constexpr char32_t escaped_byte_base = 0xDC00;

bool is_ascii(std::string_view text) noexcept {
    for (unsigned char c : text)
        if (c >= 0x80) return false;
    return true;
}

std::vector<char32_t> decode_all(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) out.push_back(decode_utf8(text, pos));
    return out;
}

[[noreturn]] void empty_separator() { throw ValueError("empty separator"); }

bool in_set(char32_t c, std::string_view chars) {
    for (std::size_t pos = 0; pos < chars.size();)
        if (decode_utf8(chars, pos) == c) return true;
    return false;
}

bool strip_match(char32_t c, const std::optional<std::string_view>& chars) {
    return chars ? in_set(c, *chars) : is_space(c);
}

// Start of the code point that ends just before `pos`.
std::size_t previous_start(std::string_view text, std::size_t pos) noexcept {
    std::size_t start = pos - 1;
    // Step back over continuation bytes, at most 3, then check the lead byte
    // really spans up to `pos`; otherwise the last byte stands alone.
    while (start > 0 && pos - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    std::size_t probe = start;
    decode_utf8(text, probe);
    return probe == pos ? start : pos - 1;
}

std::size_t fill_width(std::string_view fill) {
    if (length(fill) != 1) throw TypeError("The fill character must be exactly one character long");
    return 1;
}

std::string pad(std::string_view text, std::size_t left, std::size_t right, std::string_view fill) {
    check_text_size(left, "padded string");
    check_text_size(right, "padded string");
    check_text_size(text.size() + (left + right) * fill.size(), "padded string");
    std::string out;
    out.reserve(text.size() + (left + right) * fill.size());
    for (std::size_t i = 0; i < left; ++i) out += fill;
    out += text;
    for (std::size_t i = 0; i < right; ++i) out += fill;
    return out;
}

// Python's final-sigma rule: capital sigma lowers to ς at the end of a word,
// i.e. after a cased letter and not before one (case-ignorables skipped).
bool final_sigma(const std::vector<char32_t>& cps, std::size_t i) {
    std::size_t j = i;
    bool cased_before = false;
    while (j > 0) {
        std::uint8_t f = char_flags(cps[--j]);
        if (f & IGNORABLE) continue;
        cased_before = f & CASED;
        break;
    }
    if (!cased_before) return false;
    for (j = i + 1; j < cps.size(); ++j) {
        std::uint8_t f = char_flags(cps[j]);
        if (f & IGNORABLE) continue;
        return !(f & CASED);
    }
    return true;
}

void append_lower_at(std::string& out, const std::vector<char32_t>& cps, std::size_t i) {
    if (cps[i] == 0x3A3 && final_sigma(cps, i)) append_utf8(out, 0x3C2);
    else append_case(out, cps[i], CaseKind::Lower);
}

std::string map_simple(std::string_view text, CaseKind kind) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        auto c = static_cast<unsigned char>(text[pos]);
        if (c < 0x80 && kind != CaseKind::Title) {
            // ASCII maps one to one.
            if (kind == CaseKind::Upper) out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
            else out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
            ++pos;
            continue;
        }
        append_case(out, decode_utf8(text, pos), kind);
    }
    return out;
}

}  // namespace

char32_t decode_utf8(std::string_view s, std::size_t& pos) noexcept {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    unsigned char c = byte(pos);
    if (c < 0x80) {
        ++pos;
        return c;
    }
    std::size_t need = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : 0;
    if (need == 0 || c > 0xF4 || pos + need >= s.size()) {
        ++pos;
        return escaped_byte_base + c;
    }
    char32_t code = c & (0x3F >> need);
    for (std::size_t k = 1; k <= need; ++k) {
        unsigned char cc = byte(pos + k);
        if ((cc & 0xC0) != 0x80) {
            ++pos;
            return escaped_byte_base + c;
        }
        code = (code << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    static constexpr char32_t minimum[] = {0, 0x80, 0x800, 0x10000};
    if (code < minimum[need] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
        ++pos;
        return escaped_byte_base + c;
    }
    pos += need + 1;
    return code;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c >= escaped_byte_base + 0x80 && c <= escaped_byte_base + 0xFF) {
        out += static_cast<char>(c - escaped_byte_base);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::size_t length(std::string_view text) noexcept {
    std::size_t n = 0;
    std::size_t pos = 0;
    // ASCII runs 8 bytes at a time.
    while (text.size() - pos >= 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + pos, 8);
        if (word & 0x8080808080808080ull) break;
        pos += 8;
        n += 8;
    }
    for (; pos < text.size(); ++n) {
        if (static_cast<unsigned char>(text[pos]) < 0x80) ++pos;
        else decode_utf8(text, pos);
    }
    return n;
}

std::size_t byte_offset(std::string_view text, std::size_t index) noexcept {
    std::size_t pos = 0;
    std::size_t i = 0;
    // ASCII runs 8 bytes (= 8 code points) at a time.
    while (index - i >= 8 && text.size() - pos >= 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + pos, 8);
        if (word & 0x8080808080808080ull) break;
        pos += 8;
        i += 8;
    }
    for (; i < index && pos < text.size(); ++i) {
        if (static_cast<unsigned char>(text[pos]) < 0x80) ++pos;
        else decode_utf8(text, pos);
    }
    return pos;
}

std::string_view slice(std::string_view text, std::optional<std::int64_t> start, std::optional<std::int64_t> stop) {
    auto n = static_cast<std::int64_t>(length(text));
    auto clamp = [n](std::optional<std::int64_t> v, std::int64_t fallback) {
        if (!v) return fallback;
        std::int64_t x = *v < 0 ? *v + n : *v;
        return std::clamp<std::int64_t>(x, 0, n);
    };
    std::int64_t a = clamp(start, 0), b = clamp(stop, n);
    if (b <= a) return {};
    std::size_t from = byte_offset(text, static_cast<std::size_t>(a));
    std::size_t to = from + byte_offset(text.substr(from), static_cast<std::size_t>(b - a));
    return text.substr(from, to - from);
}

// ---- case ------------------------------------------------------------------

std::string upper(std::string_view text) { return map_simple(text, CaseKind::Upper); }
std::string casefold(std::string_view text) { return map_simple(text, CaseKind::Fold); }

std::string lower(std::string_view text) {
    if (is_ascii(text)) return map_simple(text, CaseKind::Lower);
    auto cps = decode_all(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < cps.size(); ++i) append_lower_at(out, cps, i);
    return out;
}

std::string title(std::string_view text) {
    auto cps = decode_all(text);
    std::string out;
    out.reserve(text.size());
    bool previous_cased = false;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        if (previous_cased) append_lower_at(out, cps, i);
        else append_case(out, cps[i], CaseKind::Title);
        previous_cased = char_flags(cps[i]) & CASED;
    }
    return out;
}

std::string capitalize(std::string_view text) {
    auto cps = decode_all(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < cps.size(); ++i) {
        if (i == 0) append_case(out, cps[i], CaseKind::Title);
        else append_lower_at(out, cps, i);
    }
    return out;
}

std::string swapcase(std::string_view text) {
    auto cps = decode_all(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < cps.size(); ++i) {
        std::uint8_t f = char_flags(cps[i]);
        if (f & UPPER) append_lower_at(out, cps, i);
        else if (f & LOWER) append_case(out, cps[i], CaseKind::Upper);
        else append_utf8(out, cps[i]);
    }
    return out;
}

// ---- splitting -------------------------------------------------------------

std::vector<std::string> split(std::string_view text, std::optional<std::string_view> sep, std::int64_t maxsplit) {
    std::vector<std::string> out;
    if (maxsplit < 0) maxsplit = INT64_MAX;
    if (sep) {
        if (sep->empty()) empty_separator();
        std::size_t start = 0;
        for (std::size_t hit; maxsplit > 0 && (hit = text.find(*sep, start)) != std::string_view::npos; --maxsplit) {
            out.emplace_back(text.substr(start, hit - start));
            start = hit + sep->size();
        }
        out.emplace_back(text.substr(start));
        return out;
    }
    std::size_t pos = 0;
    while (true) {
        // Skip whitespace, then take a word; after maxsplit words the rest
        // (its leading whitespace removed) is the last item.
        std::size_t word = pos;
        while (word < text.size()) {
            std::size_t next = word;
            if (!is_space(decode_utf8(text, next))) break;
            word = next;
        }
        if (word >= text.size()) break;
        if (maxsplit-- == 0) {
            out.emplace_back(text.substr(word));
            break;
        }
        std::size_t end = word;
        while (end < text.size()) {
            std::size_t next = end;
            if (is_space(decode_utf8(text, next))) break;
            end = next;
        }
        out.emplace_back(text.substr(word, end - word));
        pos = end;
    }
    return out;
}

std::vector<std::string> rsplit(std::string_view text, std::optional<std::string_view> sep, std::int64_t maxsplit) {
    std::vector<std::string> out;
    if (maxsplit < 0) maxsplit = INT64_MAX;
    if (sep) {
        if (sep->empty()) empty_separator();
        std::size_t end = text.size();
        while (maxsplit > 0 && end >= sep->size()) {
            std::size_t hit = text.substr(0, end).rfind(*sep);
            if (hit == std::string_view::npos) break;
            out.emplace_back(text.substr(hit + sep->size(), end - hit - sep->size()));
            end = hit;
            --maxsplit;
        }
        out.emplace_back(text.substr(0, end));
        std::reverse(out.begin(), out.end());
        return out;
    }
    std::size_t pos = text.size();
    while (true) {
        std::size_t word_end = pos;
        while (word_end > 0) {
            std::size_t prev = previous_start(text, word_end), probe = prev;
            if (!is_space(decode_utf8(text, probe))) break;
            word_end = prev;
        }
        if (word_end == 0) break;
        if (maxsplit-- == 0) {
            out.emplace_back(text.substr(0, word_end));
            break;
        }
        std::size_t start = word_end;
        while (start > 0) {
            std::size_t prev = previous_start(text, start), probe = prev;
            if (is_space(decode_utf8(text, probe))) break;
            start = prev;
        }
        out.emplace_back(text.substr(start, word_end - start));
        pos = start;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<std::string> splitlines(std::string_view text, bool keepends) {
    std::vector<std::string> out;
    std::size_t line = 0, pos = 0;
    while (pos < text.size()) {
        std::size_t at = pos;
        char32_t c = decode_utf8(text, pos);
        if (!is_linebreak(c)) continue;
        if (c == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
        out.emplace_back(text.substr(line, (keepends ? pos : at) - line));
        line = pos;
    }
    if (line < text.size()) out.emplace_back(text.substr(line));
    return out;
}

// ---- stripping and padding -------------------------------------------------

std::string lstrip(std::string_view text, std::optional<std::string_view> chars) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t next = pos;
        if (!strip_match(decode_utf8(text, next), chars)) break;
        pos = next;
    }
    return std::string(text.substr(pos));
}

std::string rstrip(std::string_view text, std::optional<std::string_view> chars) {
    std::size_t end = text.size();
    while (end > 0) {
        std::size_t prev = previous_start(text, end), probe = prev;
        if (!strip_match(decode_utf8(text, probe), chars)) break;
        end = prev;
    }
    return std::string(text.substr(0, end));
}

std::string strip(std::string_view text, std::optional<std::string_view> chars) {
    return lstrip(rstrip(text, chars), chars);
}

std::string center(std::string_view text, std::int64_t width, std::string_view fill) {
    fill_width(fill);
    auto n = static_cast<std::int64_t>(length(text));
    if (width <= n) return std::string(text);
    std::int64_t margin = width - n;
    // CPython's rounding: odd margins put the extra fill on the right unless
    // the requested width is odd too.
    std::int64_t left = margin / 2 + (margin & width & 1);
    return pad(text, static_cast<std::size_t>(left), static_cast<std::size_t>(margin - left), fill);
}

std::string ljust(std::string_view text, std::int64_t width, std::string_view fill) {
    fill_width(fill);
    auto n = static_cast<std::int64_t>(length(text));
    return width <= n ? std::string(text) : pad(text, 0, static_cast<std::size_t>(width - n), fill);
}

std::string rjust(std::string_view text, std::int64_t width, std::string_view fill) {
    fill_width(fill);
    auto n = static_cast<std::int64_t>(length(text));
    return width <= n ? std::string(text) : pad(text, static_cast<std::size_t>(width - n), 0, fill);
}

std::string zfill(std::string_view text, std::int64_t width) {
    auto n = static_cast<std::int64_t>(length(text));
    if (width <= n) return std::string(text);
    check_text_size(static_cast<std::uint64_t>(width), "padded string");
    std::string out(static_cast<std::size_t>(width - n), '0');
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        out.insert(out.begin(), text[0]);
        out.append(text.substr(1));
    } else {
        out.append(text);
    }
    return out;
}

std::string expandtabs(std::string_view text, std::int64_t tabsize) {
    std::string out;
    std::int64_t column = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t at = pos;
        char32_t c = decode_utf8(text, pos);
        if (c == '\t') {
            if (tabsize > 0) {
                std::int64_t spaces = tabsize - column % tabsize;
                out.append(static_cast<std::size_t>(spaces), ' ');
                column += spaces;
            }
        } else {
            out.append(text.substr(at, pos - at));
            column = (c == '\n' || c == '\r') ? 0 : column + 1;
        }
    }
    return out;
}

void check_text_size(std::uint64_t size, std::string_view what) {
    if (size > max_text_size) throw OverflowError(std::string(what) + " is too long");
}

std::string repeat(std::string_view text, std::int64_t times) {
    std::string out;
    if (times <= 0 || text.empty()) return out;
    if (static_cast<std::uint64_t>(times) > max_text_size / text.size()) check_text_size(max_text_size + 1, "repeated string");
    out.reserve(text.size() * static_cast<std::size_t>(times));
    for (std::int64_t i = 0; i < times; ++i) out += text;
    return out;
}

// ---- searching -------------------------------------------------------------

std::string replace(std::string_view text, std::string_view old, std::string_view replacement, std::int64_t count) {
    if (count < 0) count = INT64_MAX;
    std::string out;
    out.reserve(text.size());
    if (old.empty()) {
        std::size_t pos = 0;
        while (true) {
            if (count-- > 0) out += replacement;
            else {
                out.append(text.substr(pos));
                break;
            }
            if (pos >= text.size()) break;
            std::size_t at = pos;
            decode_utf8(text, pos);
            out.append(text.substr(at, pos - at));
        }
        return out;
    }
    std::size_t start = 0;
    for (std::size_t hit; count > 0 && (hit = text.find(old, start)) != std::string_view::npos; --count) {
        out.append(text.substr(start, hit - start));
        out += replacement;
        start = hit + old.size();
    }
    out.append(text.substr(start));
    return out;
}

std::int64_t count(std::string_view text, std::string_view sub) {
    if (sub.empty()) return static_cast<std::int64_t>(length(text)) + 1;
    std::int64_t n = 0;
    for (std::size_t pos = 0; (pos = text.find(sub, pos)) != std::string_view::npos; pos += sub.size()) ++n;
    return n;
}

std::int64_t find(std::string_view text, std::string_view sub) {
    std::size_t hit = text.find(sub);
    return hit == std::string_view::npos ? -1 : static_cast<std::int64_t>(length(text.substr(0, hit)));
}

std::int64_t rfind(std::string_view text, std::string_view sub) {
    std::size_t hit = text.rfind(sub);
    return hit == std::string_view::npos ? -1 : static_cast<std::int64_t>(length(text.substr(0, hit)));
}

std::vector<std::string> partition(std::string_view text, std::string_view sep) {
    if (sep.empty()) empty_separator();
    std::size_t hit = text.find(sep);
    if (hit == std::string_view::npos) return {std::string(text), "", ""};
    return {std::string(text.substr(0, hit)), std::string(sep), std::string(text.substr(hit + sep.size()))};
}

std::vector<std::string> rpartition(std::string_view text, std::string_view sep) {
    if (sep.empty()) empty_separator();
    std::size_t hit = text.rfind(sep);
    if (hit == std::string_view::npos) return {"", "", std::string(text)};
    return {std::string(text.substr(0, hit)), std::string(sep), std::string(text.substr(hit + sep.size()))};
}

std::string ascii_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        char32_t c = decode_utf8(text, pos);
        if (c < 0x80) {
            out += static_cast<char>(c);
            continue;
        }
        char buf[16];
        if (c >= escaped_byte_base + 0x80 && c <= escaped_byte_base + 0xFF) c -= escaped_byte_base;
        if (c < 0x100) std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
        else if (c < 0x10000) std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        else std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(c));
        out += buf;
    }
    return out;
}

}  // namespace jinja::pystr
