// UTF-8 decoding, Unicode decimal digits (Python's \d) and Python's int() /
// float() string parsing, as the number converters need them.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "routing/internal.hpp"

namespace flask::routing {

namespace {
// The zero of every run of ten Unicode decimal digits (category Nd, Unicode 14,
// as in Python 3.11).
constexpr char32_t kDigitZeros[] = {
    0x30,    0x660,   0x6f0,   0x7c0,   0x966,   0x9e6,   0xa66,   0xae6,   0xb66,   0xbe6,   0xc66,
    0xce6,   0xd66,   0xde6,   0xe50,   0xed0,   0xf20,   0x1040,  0x1090,  0x17e0,  0x1810,  0x1946,
    0x19d0,  0x1a80,  0x1a90,  0x1b50,  0x1bb0,  0x1c40,  0x1c50,  0xa620,  0xa8d0,  0xa900,  0xa9d0,
    0xa9f0,  0xaa50,  0xabf0,  0xff10,  0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0,
    0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60,
    0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
};

bool is_py_space(char32_t c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) || c == 0x85 || c == 0xa0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
           c == 0x205f || c == 0x3000;
}

// Strips Python whitespace and maps Unicode digits to ASCII; keeps other
// characters as they are (ASCII only: anything else makes the text invalid).
std::optional<std::string> normalise_number(std::string_view text) {
    std::vector<char32_t> cps;
    for (std::size_t i = 0; i < text.size();) cps.push_back(decode_utf8(text, i));
    std::size_t b = 0, e = cps.size();
    while (b < e && is_py_space(cps[b])) ++b;
    while (e > b && is_py_space(cps[e - 1])) --e;
    std::string out;
    for (std::size_t i = b; i < e; ++i) {
        int d = decimal_digit_value(cps[i]);
        if (d >= 0) {
            out += static_cast<char>('0' + d);
        } else if (cps[i] < 0x80) {
            out += static_cast<char>(cps[i]);
        } else {
            return std::nullopt;
        }
    }
    return out;
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// Removes single underscores between digits; nullopt when misplaced.
std::optional<std::string> strip_underscores(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_') {
            if (i == 0 || i + 1 == s.size() || !is_ascii_digit(s[i - 1]) || !is_ascii_digit(s[i + 1]))
                return std::nullopt;
            continue;
        }
        out += s[i];
    }
    return out;
}
}  // namespace

char32_t decode_utf8(std::string_view s, std::size_t& i) noexcept {
    auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0xC0 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    ++i;
    for (int k = 0; k < extra && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80; ++k, ++i)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    return cp;
}

int decimal_digit_value(char32_t c) noexcept {
    if (c < 0x80) return (c >= '0' && c <= '9') ? static_cast<int>(c - '0') : -1;
    const char32_t* end = std::end(kDigitZeros);
    const char32_t* it = std::upper_bound(std::begin(kDigitZeros), end, c);
    if (it == std::begin(kDigitZeros)) return -1;
    char32_t zero = *(it - 1);
    return c - zero < 10 ? static_cast<int>(c - zero) : -1;
}

std::size_t count_code_points(std::string_view text) noexcept {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::optional<std::int64_t> parse_python_int(std::string_view text) {
    auto norm = normalise_number(text);
    if (!norm || norm->empty()) return std::nullopt;
    std::string_view s = *norm;
    bool negative = false;
    if (s[0] == '+' || s[0] == '-') {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    auto digits = strip_underscores(s);
    if (!digits || digits->empty()) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : *digits) {
        if (!is_ascii_digit(c)) return std::nullopt;
        if (value > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (negative) {
        if (value > max + 1) return std::nullopt;
        return value == max + 1 ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(value);
    }
    if (value > max) return std::nullopt;
    return static_cast<std::int64_t>(value);
}

std::optional<double> parse_python_float(std::string_view text) {
    auto norm = normalise_number(text);
    if (!norm || norm->empty()) return std::nullopt;
    std::string s = *norm;
    std::string lower = s;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view body = lower;
    double sign = 1.0;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
        sign = body[0] == '-' ? -1.0 : 1.0;
        body.remove_prefix(1);
    }
    if (body == "inf" || body == "infinity") return sign * std::numeric_limits<double>::infinity();
    if (body == "nan") return std::copysign(std::numeric_limits<double>::quiet_NaN(), sign);
    // Digits, an optional fraction and exponent; underscores only between digits.
    auto cleaned = strip_underscores(s);
    if (!cleaned) return std::nullopt;
    std::string_view v = *cleaned;
    std::size_t i = 0;
    if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
    std::size_t mantissa_digits = 0;
    while (i < v.size() && is_ascii_digit(v[i])) ++i, ++mantissa_digits;
    if (i < v.size() && v[i] == '.') {
        ++i;
        while (i < v.size() && is_ascii_digit(v[i])) ++i, ++mantissa_digits;
    }
    if (mantissa_digits == 0) return std::nullopt;
    if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
        ++i;
        if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
        std::size_t exp_digits = 0;
        while (i < v.size() && is_ascii_digit(v[i])) ++i, ++exp_digits;
        if (exp_digits == 0) return std::nullopt;
    }
    if (i != v.size()) return std::nullopt;
    std::string_view number = v;
    if (!number.empty() && number[0] == '+') number.remove_prefix(1);
    double out = 0;
    auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), out);
    if (ptr != number.data() + number.size()) return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        // Python gives inf for overflow and 0.0 for underflow.
        bool neg = !number.empty() && number[0] == '-';
        bool big = number.find_first_of("eE") == std::string_view::npos ||
                   number[number.find_first_of("eE") + 1] != '-';
        out = big ? (neg ? -1.0 : 1.0) * std::numeric_limits<double>::infinity() : (neg ? -0.0 : 0.0);
    }
    return out;
}

std::string py_repr(std::string_view text) { return jinja::string_repr(text); }

}  // namespace flask::routing
