// format(value, spec) and str.format, following CPython's formatter_unicode.c
// rules (behaviour re-derived from the interpreter, not its code).
#include "jinja/pyformat.hpp"

#include <cctype>
#include <charconv>
#include <cstring>
#include <cmath>
#include <cstdio>
#include <limits>

#include "jinja/pystr.hpp"
#include "pyformat_impl.hpp"

namespace jinja {

namespace detail {

namespace {

bool is_align(char c) { return c == '<' || c == '>' || c == '^' || c == '='; }

std::string printf_double(const char* format, int precision, double x) {
    // "%.*e" / "%.*f" with an optional '#': std::to_chars rounds exactly as
    // printf does and is several times cheaper.
    bool alternate = format[1] == '#';
    char type = format[std::strlen(format) - 1];
    if (std::isfinite(x) && precision >= 0 && (type == 'e' || type == 'f')) {
        char small[128];
        std::string big;
        char* first = small;
        std::size_t cap = sizeof small;
        if (static_cast<std::size_t>(precision) + 340 > cap) {
            pystr::check_text_size(static_cast<std::uint64_t>(precision), "formatted number");
            big.resize(static_cast<std::size_t>(precision) + 340);
            first = big.data();
            cap = big.size();
        }
        auto r = std::to_chars(first, first + cap, x, type == 'e' ? std::chars_format::scientific : std::chars_format::fixed,
                               precision);
        if (r.ec == std::errc()) {
            std::string out(first, r.ptr);
            if (alternate && precision == 0) {
                std::size_t e = out.find('e');
                out.insert(e == std::string::npos ? out.size() : e, 1, '.');
            }
            return out;
        }
    }
    int n = std::snprintf(nullptr, 0, format, precision, x);
    std::string out(static_cast<std::size_t>(n) + 1, '\0');
    std::snprintf(out.data(), out.size(), format, precision, x);
    out.resize(static_cast<std::size_t>(n));
    return out;
}

void strip_trailing_zeros(std::string& s) {
    // Only the mantissa: "1.500e+03" -> "1.5e+03", "2.000" -> "2".
    std::size_t e = s.find('e');
    std::string exp = e == std::string::npos ? "" : s.substr(e);
    std::string mant = s.substr(0, e);
    if (mant.find('.') != std::string::npos) {
        while (!mant.empty() && mant.back() == '0') mant.pop_back();
        if (!mant.empty() && mant.back() == '.') mant.pop_back();
    }
    s = mant + exp;
}

// 'g' as Python does it; add_dot_0 is format()'s no-type rule, which also
// switches to exponent form one digit earlier.
std::string general(double a, std::int64_t precision, bool alternate, bool add_dot_0) {
    int p = static_cast<int>(std::clamp<std::int64_t>(precision, 1, 1000));
    std::string sci = printf_double(alternate ? "%#.*e" : "%.*e", p - 1, a);
    int exponent = std::stoi(sci.substr(sci.find('e') + 1));
    int limit = add_dot_0 ? p - 1 : p;
    std::string s;
    if (exponent < -4 || exponent >= limit) s = sci;
    else s = printf_double(alternate ? "%#.*f" : "%.*f", p - 1 - exponent, a);
    if (!alternate) strip_trailing_zeros(s);
    if (add_dot_0 && s.find_first_of(".e") == std::string::npos) s += ".0";
    return s;
}

std::string group_digits(std::string_view digits, char sep, int size) {
    std::string out;
    std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % static_cast<std::size_t>(size) == 0) out += sep;
        out += digits[i];
    }
    return out;
}

[[noreturn]] void invalid_spec(std::string_view spec, std::string_view type_name) {
    throw ValueError("Invalid format specifier '" + std::string(spec) + "' for object of type '" +
                     std::string(type_name) + "'");
}

}  // namespace

Spec parse_spec(std::string_view text, std::string_view type_name, char default_align) {
    Spec spec;
    std::size_t pos = 0;
    // [[fill]align]: the fill may be any code point, so look one code point ahead.
    std::size_t after_first = 0;
    if (!text.empty()) pystr::decode_utf8(text, after_first);
    if (after_first < text.size() && is_align(text[after_first])) {
        spec.fill = std::string(text.substr(0, after_first));
        spec.fill_given = true;
        spec.align = text[after_first];
        pos = after_first + 1;
    } else if (!text.empty() && is_align(text[0])) {
        spec.align = text[0];
        pos = 1;
    }
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-' || text[pos] == ' ')) spec.sign = text[pos++];
    if (pos < text.size() && text[pos] == 'z') spec.no_neg_zero = (++pos, true);
    if (pos < text.size() && text[pos] == '#') spec.alternate = (++pos, true);
    if (!spec.fill_given && pos < text.size() && text[pos] == '0') {
        // Sign-aware zero padding, kept from old Python: fill '0', and for
        // numbers without an explicit alignment, padding after the sign.
        spec.fill = "0";
        spec.fill_given = true;
        if (!spec.align && default_align == '>') spec.align = '=';
        ++pos;
    }
    auto read_number = [&](std::int64_t& target) {
        std::size_t start = pos;
        std::int64_t n = 0;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
            if (n > (std::numeric_limits<std::int64_t>::max() - 9) / 10) throw ValueError("Too many decimal digits in format string");
            n = n * 10 + (text[pos++] - '0');
        }
        if (pos > start) target = n;
        return pos > start;
    };
    read_number(spec.width);
    if (pos < text.size() && (text[pos] == ',' || text[pos] == '_')) {
        spec.grouping = text[pos++];
        if (pos < text.size() && (text[pos] == ',' || text[pos] == '_')) throw ValueError("Cannot specify both ',' and '_'.");
    }
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        if (!read_number(spec.precision)) throw ValueError("Format specifier missing precision");
    }
    if (text.size() - pos > 1) invalid_spec(text, type_name);
    if (pos < text.size()) spec.type = text[pos];
    if (spec.grouping) {
        switch (spec.type) {
            case 0: case 'd': case 'e': case 'f': case 'g': case 'E': case 'F': case 'G': case '%': break;
            case 'b': case 'o': case 'x': case 'X':
                if (spec.grouping == '_') break;
                [[fallthrough]];
            default:
                throw ValueError(std::string("Cannot specify '") + spec.grouping + "' with '" + spec.type + "'.");
        }
    }
    return spec;
}

std::string pad_text(std::string_view text, const Spec& spec, char dflt) {
    auto n = static_cast<std::int64_t>(pystr::length(text));
    if (spec.width <= n) return std::string(text);
    // The width alone first: width * fill size could wrap past 2**64.
    pystr::check_text_size(static_cast<std::uint64_t>(spec.width), "formatted string");
    pystr::check_text_size(static_cast<std::uint64_t>(spec.width) * spec.fill.size(), "formatted string");
    auto margin = static_cast<std::size_t>(spec.width - n);
    char align = spec.align ? spec.align : dflt;
    std::size_t left = (align == '>' || align == '=') ? margin : align == '^' ? margin / 2 : 0;
    std::string out;
    for (std::size_t i = 0; i < left; ++i) out += spec.fill;
    out += text;
    for (std::size_t i = left; i < margin; ++i) out += spec.fill;
    return out;
}

std::string layout_number(bool negative, std::string_view prefix, std::string_view digits, std::string_view rest,
                          const Spec& spec, int group_size, bool groupable) {
    std::string sign = negative ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
    bool group = spec.grouping && groupable;
    std::string body(digits);
    if (spec.align == '=' && spec.fill == "0" && spec.width >= 0) {
        // Zero padding is part of the number, so separators run through it.
        auto min_width = spec.width - static_cast<std::int64_t>(sign.size() + prefix.size() + rest.size());
        pystr::check_text_size(static_cast<std::uint64_t>(std::max<std::int64_t>(min_width, 0)), "formatted string");
        if (group) {
            // The fewest digits whose grouped form is min_width long (zeros
            // go in front, separators run through them).
            const auto g = static_cast<std::int64_t>(group_size);
            auto grouped_size = [&](std::int64_t n) { return n + (n - 1) / g; };
            std::int64_t n = std::max<std::int64_t>(static_cast<std::int64_t>(body.size()), min_width * g / (g + 1) - 1);
            while (grouped_size(n) < min_width) ++n;
            while (n > static_cast<std::int64_t>(body.size()) && grouped_size(n - 1) >= min_width) --n;
            body.insert(0, static_cast<std::size_t>(n) - body.size(), '0');
            return sign + std::string(prefix) + group_digits(body, spec.grouping, group_size) + std::string(rest);
        }
        if (static_cast<std::int64_t>(body.size()) < min_width)
            body.insert(0, static_cast<std::size_t>(min_width) - body.size(), '0');
        return sign + std::string(prefix) + body + std::string(rest);
    }
    if (group) body = group_digits(body, spec.grouping, group_size);
    std::string number = body + std::string(rest);
    if (spec.align == '=') {
        Spec inner = spec;
        inner.width = spec.width - static_cast<std::int64_t>(sign.size() + prefix.size());
        return sign + std::string(prefix) + pad_text(number, inner, '>');
    }
    return pad_text(sign + std::string(prefix) + number, spec, '>');
}

std::string format_float(double x, const Spec& spec, char style) {
    // The common plain "%.2f" / "{:.3e}": no width, sign, grouping or '#'.
    if ((style == 'f' || style == 'e') && spec.width < 0 && spec.sign == 0 && !spec.alternate && spec.grouping == 0 &&
        !spec.no_neg_zero && spec.precision >= 0 && spec.precision <= 100 && std::isfinite(x)) {
        char buf[512];
        auto r = std::to_chars(buf, buf + sizeof buf, x, style == 'e' ? std::chars_format::scientific : std::chars_format::fixed,
                               static_cast<int>(spec.precision));
        if (r.ec == std::errc()) return std::string(buf, r.ptr);
    }
    bool negative = std::signbit(x) && !std::isnan(x);
    double a = std::fabs(x);
    std::string suffix;
    char t = style;
    if (t == '%') {
        a *= 100;
        t = 'f';
        suffix = "%";
    }
    if (t == 'n') t = 'g';
    bool upper = t == 'E' || t == 'F' || t == 'G';
    t = static_cast<char>(std::tolower(static_cast<unsigned char>(t)));
    bool finite = std::isfinite(a);
    std::string body;
    if (!finite) {
        body = std::isnan(a) ? "nan" : "inf";
    } else if (t == 'r' || (t == 0 && spec.precision < 0)) {
        body = float_repr(a);
        // '#' forces a decimal point even in "1e+16".
        if (spec.alternate && body.find('.') == std::string::npos) body.insert(std::min(body.find('e'), body.size()), ".");
    } else if (t == 0 || t == 'g') {
        body = general(a, spec.precision < 0 ? 6 : spec.precision, spec.alternate, t == 0);
    } else {
        int precision = static_cast<int>(spec.precision < 0 ? 6 : std::min<std::int64_t>(spec.precision, 1000));
        body = printf_double(t == 'e' ? (spec.alternate ? "%#.*e" : "%.*e") : (spec.alternate ? "%#.*f" : "%.*f"),
                             precision, a);
    }
    if (upper)
        for (char& c : body) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (negative && finite && spec.no_neg_zero && body.find_first_of("123456789") == std::string::npos) negative = false;
    std::size_t digits_end = 0;
    while (digits_end < body.size() && std::isdigit(static_cast<unsigned char>(body[digits_end]))) ++digits_end;
    std::string rest = body.substr(digits_end) + suffix;
    return layout_number(negative, "", std::string_view(body).substr(0, digits_end), rest, spec, 3, finite);
}

std::string format_int(std::int64_t x, const Spec& spec, char type, std::int64_t min_digits) {
    bool negative = x < 0;
    // Magnitude as unsigned so INT64_MIN works.
    std::uint64_t m = negative ? 0 - static_cast<std::uint64_t>(x) : static_cast<std::uint64_t>(x);
    unsigned base = 10;
    std::string prefix;
    switch (type) {
        case 'b': base = 2; prefix = "0b"; break;
        case 'o': base = 8; prefix = "0o"; break;
        case 'x': base = 16; prefix = "0x"; break;
        case 'X': base = 16; prefix = "0X"; break;
        default: break;
    }
    if (!spec.alternate) prefix.clear();
    const char* alphabet = type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string digits;
    do {
        digits.insert(digits.begin(), alphabet[m % base]);
        m /= base;
    } while (m);
    if (static_cast<std::int64_t>(digits.size()) < min_digits)
        digits.insert(0, static_cast<std::size_t>(min_digits) - digits.size(), '0');
    return layout_number(negative, prefix, digits, "", spec, base == 10 ? 3 : 4, true);
}

}  // namespace detail

using detail::Spec;

namespace {

[[noreturn]] void unknown_code(char type, std::string_view type_name) {
    throw ValueError(std::string("Unknown format code '") + type + "' for object of type '" + std::string(type_name) +
                     "'");
}

std::string format_string(std::string_view text, std::string_view spec_text, std::string_view type_name) {
    Spec spec = detail::parse_spec(spec_text, type_name, '<');
    if (spec.type && spec.type != 's') unknown_code(spec.type, type_name);
    if (spec.sign) throw ValueError("Sign not allowed in string format specifier");
    if (spec.alternate) throw ValueError("Alternate form (#) not allowed in string format specifier");
    if (spec.align == '=') throw ValueError("'=' alignment not allowed in string format specifier");
    if (spec.grouping) throw ValueError(std::string("Cannot specify '") + spec.grouping + "' with 's'.");
    if (spec.precision >= 0) text = pystr::slice(text, 0, spec.precision);
    return detail::pad_text(text, spec, '<');
}

std::string format_integer(std::int64_t x, std::string_view spec_text, std::string_view type_name) {
    Spec spec = detail::parse_spec(spec_text, type_name, '>');
    switch (spec.type) {
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
            return detail::format_float(static_cast<double>(x), spec, spec.type);
        case 0: case 'd': case 'n': case 'b': case 'o': case 'x': case 'X': case 'c': break;
        default: unknown_code(spec.type, type_name);
    }
    if (spec.precision >= 0) throw ValueError("Precision not allowed in integer format specifier");
    if (spec.type == 'c') {
        if (spec.sign) throw ValueError("Sign not allowed with integer format specifier 'c'");
        if (spec.alternate) throw ValueError("Alternate form (#) not allowed with integer format specifier 'c'");
        if (x < 0 || x > 0x10FFFF) throw ValueError("%c arg not in range(0x110000)");
        std::string ch;
        pystr::append_utf8(ch, static_cast<char32_t>(x));
        return detail::pad_text(ch, spec, '>');
    }
    return detail::format_int(x, spec, spec.type);
}

std::string strip_python_space(const std::string& s) { return pystr::strip(s); }

// Python numeric literal bodies: digits with single '_' between digits.
bool take_digits(std::string_view s, std::size_t& pos, std::string& out) {
    std::size_t start = pos;
    while (pos < s.size()) {
        if (std::isdigit(static_cast<unsigned char>(s[pos]))) {
            out += s[pos++];
        } else if (s[pos] == '_' && pos > start && pos + 1 < s.size() &&
                   std::isdigit(static_cast<unsigned char>(s[pos + 1]))) {
            ++pos;
        } else {
            break;
        }
    }
    return pos > start;
}

}  // namespace

std::string format_value(const Value& value, std::string_view spec) {
    switch (value.kind()) {
        case Value::Kind::String: return format_string(value.as_string(), spec, value.type_name());
        case Value::Kind::Bool:
            if (spec.empty()) return value.str();
            return format_integer(value.as_int(), spec, "bool");
        case Value::Kind::Int: return format_integer(value.as_int(), spec, "int");
        case Value::Kind::Float: {
            Spec s = detail::parse_spec(spec, "float", '>');
            switch (s.type) {
                case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%': break;
                default: unknown_code(s.type, "float");
            }
            return detail::format_float(value.as_float(), s, s.type);
        }
        default:
            if (spec.empty()) return value.str();
            throw TypeError("unsupported format string passed to " + std::string(value.type_name()) + ".__format__");
    }
}

std::int64_t python_int(const Value& value) {
    switch (value.kind()) {
        case Value::Kind::Bool:
        case Value::Kind::Int: return value.as_int();
        case Value::Kind::Float: {
            double d = value.as_float();
            if (std::isnan(d)) throw ValueError("cannot convert float NaN to integer");
            if (std::isinf(d)) throw ValueError("cannot convert float infinity to integer");
            if (std::fabs(d) >= 9.2233720368547758e18) throw ValueError("int too large to convert");
            return static_cast<std::int64_t>(d);
        }
        case Value::Kind::String: {
            std::string s = strip_python_space(value.as_string());
            std::size_t pos = 0;
            bool negative = false;
            if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) negative = s[pos++] == '-';
            std::string digits;
            if (take_digits(s, pos, digits) && pos == s.size()) {
                try {
                    return std::stoll((negative ? "-" : "") + digits);
                } catch (const std::out_of_range&) {
                    throw ValueError("int too large to convert");
                }
            }
            throw ValueError("invalid literal for int() with base 10: " + string_repr(value.as_string()));
        }
        default:
            throw TypeError("int() argument must be a string, a bytes-like object or a real number, not '" +
                            std::string(value.type_name()) + "'");
    }
}

double python_float(const Value& value) {
    switch (value.kind()) {
        case Value::Kind::Bool:
        case Value::Kind::Int:
        case Value::Kind::Float: return value.as_float();
        case Value::Kind::String: {
            std::string s = strip_python_space(value.as_string());
            std::size_t pos = 0;
            std::string clean;
            if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) clean += s[pos++];
            std::string word;
            for (char c : s.substr(pos)) word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (word == "inf" || word == "infinity" || word == "nan") {
                double special = word == "nan" ? std::numeric_limits<double>::quiet_NaN()
                                               : std::numeric_limits<double>::infinity();
                return clean == "-" ? -special : special;
            }
            bool int_part = take_digits(s, pos, clean);
            bool frac_part = false;
            if (pos < s.size() && s[pos] == '.') {
                clean += s[pos++];
                frac_part = take_digits(s, pos, clean);
            }
            bool ok = int_part || frac_part;
            if (ok && pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
                clean += s[pos++];
                if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) clean += s[pos++];
                ok = take_digits(s, pos, clean);
            }
            if (ok && pos == s.size()) return std::strtod(clean.c_str(), nullptr);
            throw ValueError("could not convert string to float: " + string_repr(value.as_string()));
        }
        default:
            throw TypeError("float() argument must be a string or a real number, not '" +
                            std::string(value.type_name()) + "'");
    }
}

}  // namespace jinja
