#include "flask/forms.hpp"

#include <vector>

namespace flask {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Length of the well-formed UTF-8 sequence at `i`, or 0 when it is invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else return 0;
    if (i + n > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

/// Decodes one component, remembering which bytes came from %-escapes so
/// invalid UTF-8 can be re-quoted (escaped bytes) or rejected (raw bytes).
std::string decode_component(std::string_view text) {
    std::string bytes;
    std::vector<bool> escaped;
    bytes.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            bytes += ' ';
            escaped.push_back(false);
        } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            bytes += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            escaped.push_back(true);
            i += 2;
        } else {
            bytes += c;
            escaped.push_back(false);
        }
    }
    if (is_valid_utf8(bytes)) return bytes;
    std::string out;
    static const char* digits = "0123456789ABCDEF";
    for (std::size_t i = 0; i < bytes.size();) {
        std::size_t n = utf8_sequence_length(bytes, i);
        if (n) {
            out.append(bytes, i, n);
            i += n;
            continue;
        }
        if (!escaped[i]) throw InvalidUtf8("'utf-8' codec can't decode byte in query string");
        auto b = static_cast<unsigned char>(bytes[i]);
        out += '%';
        out += digits[b >> 4];
        out += digits[b & 15];
        ++i;
    }
    return out;
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        std::size_t n = utf8_sequence_length(text, i);
        if (!n) return false;
        i += n;
    }
    return true;
}

std::string percent_decode(std::string_view text, bool plus_as_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (plus_as_space && c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

MultiDict url_decode(std::string_view query) {
    MultiDict out;
    while (!query.empty()) {
        auto amp = query.find('&');
        auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        std::string key = decode_component(pair.substr(0, eq));
        std::string value = eq == std::string_view::npos ? std::string() : decode_component(pair.substr(eq + 1));
        out.add(std::move(key), std::move(value));
    }
    return out;
}

}  // namespace flask
