#include "http/text_codec.hpp"

#include <charconv>

#include "jinja/pystr.hpp"

namespace flask::http_detail {

namespace pystr = jinja::pystr;

std::string_view py_strip(std::string_view text) noexcept {
    std::size_t begin = 0, end = 0, pos = 0;
    bool found = false;
    while (pos < text.size()) {
        std::size_t start = pos;
        if (pystr::is_space(pystr::decode_utf8(text, pos))) continue;
        if (!found) begin = start;
        found = true;
        end = pos;
    }
    return found ? text.substr(begin, end - begin) : std::string_view();
}

std::string_view strip_chars(std::string_view text, std::string_view chars) noexcept {
    auto begin = text.find_first_not_of(chars);
    if (begin == std::string_view::npos) return {};
    auto end = text.find_last_not_of(chars);
    return text.substr(begin, end - begin + 1);
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

namespace {

/// Length of the maximal invalid subpart at `i` (what one U+FFFD replaces).
std::size_t invalid_subpart_length(std::string_view s, std::size_t i) noexcept {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 1;
    }
    std::size_t k = 1;
    while (k < n && i + k < s.size()) {
        auto b = static_cast<unsigned char>(s[i + k]);
        if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) break;
        ++k;
    }
    return k;
}

}  // namespace

std::string utf8_decode_replace(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        if (std::size_t n = utf8_sequence_length(bytes, i)) {
            out.append(bytes, i, n);
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            i += invalid_subpart_length(bytes, i);
        }
    }
    return out;
}

std::string latin1_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (unsigned char c : bytes) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

std::string utf8_to_latin1(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::size_t start = i;
        char32_t c = pystr::decode_utf8(text, i);
        if (c < 0x100 && utf8_sequence_length(text, start) == i - start) out += static_cast<char>(c);
        else out.append(text, start, i - start);
    }
    return out;
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string unquote_requote(std::string_view text) {
    if (text.find('%') == std::string_view::npos) return std::string(text);
    std::string bytes;
    std::string escaped;  // '1' where the byte came from a %XX escape
    bytes.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            bytes += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            escaped += '1';
            i += 2;
        } else {
            bytes += text[i];
            escaped += '0';
        }
    }
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        if (std::size_t n = utf8_sequence_length(bytes, i)) {
            out.append(bytes, i, n);
            i += n;
            continue;
        }
        auto b = static_cast<unsigned char>(bytes[i]);
        if (escaped[i] == '1') {
            out += '%';
            out += digits[b >> 4];
            out += digits[b & 15];
        } else {
            out += static_cast<char>(b);  // raw text is the caller's business
        }
        ++i;
    }
    return out;
}

bool plain_int(std::string_view text, long long& out) noexcept {
    text = py_strip(text);
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
    if (digits.empty()) return false;
    for (char c : digits)
        if (!ascii_digit(c)) return false;
    auto res = std::from_chars(text.data(), text.data() + text.size(), out);
    return res.ec == std::errc() && res.ptr == text.data() + text.size();
}

}  // namespace flask::http_detail
