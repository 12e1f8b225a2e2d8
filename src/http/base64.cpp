#include "flask/base64.hpp"

namespace flask {

namespace {

constexpr std::string_view kStandard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encode(std::string_view data, std::string_view alphabet, bool pad) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(data[k])); };
    for (; i + 2 < data.size(); i += 3) {
        unsigned n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
        for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(n >> shift) & 63];
    }
    if (i < data.size()) {
        bool two = i + 1 < data.size();
        unsigned n = (byte(i) << 16) | (two ? byte(i + 1) << 8 : 0);
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        if (two) out += alphabet[(n >> 6) & 63];
        if (pad) out += two ? "=" : "==";
    }
    return out;
}

/// The 6-bit value of a symbol of either alphabet, or -1.
int symbol(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

}  // namespace

std::string base64_encode(std::string_view data) { return encode(data, kStandard, true); }
std::string base64url_encode(std::string_view data) { return encode(data, kUrlSafe, false); }

std::optional<std::string> base64_decode_lenient(std::string_view text) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    std::size_t symbols = 0;
    for (char c : text) {
        if (c == '=') break;
        int v = symbol(c);
        if (v < 0) continue;
        ++symbols;
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    if (symbols % 4 == 1) return std::nullopt;
    return out;
}

std::optional<std::string> base64_decode_python(std::string_view text) {
    std::string symbols;
    std::size_t pads = 0;
    for (char c : text) {
        if (c == '=') {
            ++pads;
        } else if (kStandard.find(c) != std::string_view::npos) {
            if (pads > 0) break;  // data after padding ends the input
            symbols += c;
        }
    }
    std::size_t rest = symbols.size() % 4;
    if (rest == 1 || (rest != 0 && pads < 4 - rest)) return std::nullopt;  // binascii: incorrect padding
    return base64_decode_lenient(symbols);
}

}  // namespace flask
