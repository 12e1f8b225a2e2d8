// URL converters: the Converter base class and Werkzeug's built-in
// converters (string, path, any, int, float, uuid) with hand-written
// matchers that enumerate match ends in Python's regex order.
#include <cmath>
#include <regex>

#include "flask/json.hpp"
#include "flask/urls.hpp"
#include "flask/uuid.hpp"
#include "routing/internal.hpp"

namespace flask::routing {

using jinja::Value;

std::string_view to_string(ConverterKind kind) noexcept {
    switch (kind) {
        case ConverterKind::String: return "string";
        case ConverterKind::Int: return "int";
        case ConverterKind::Float: return "float";
        case ConverterKind::Path: return "path";
        case ConverterKind::Any: return "any";
        case ConverterKind::UUID: return "uuid";
        case ConverterKind::Custom: return "custom";
    }
    return "custom";
}

// ---- base ------------------------------------------------------------------

struct Converter::RegexCache {
    std::regex re;
};

bool Converter::match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const {
    std::call_once(regex_once_, [this] {
        auto cache = std::make_shared<RegexCache>();
        cache->re = std::regex(regex(), std::regex::ECMAScript);
        regex_cache_ = std::move(cache);
    });
    std::size_t limit = text.size();
    if (part_isolating()) {
        auto slash = text.find('/', pos);
        if (slash != std::string_view::npos) limit = slash;
    }
    // Greedy: longest candidate first.
    for (std::size_t end = limit + 1; end-- > pos;) {
        if (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) continue;
        const char* b = text.data() + pos;
        if (std::regex_match(b, text.data() + end, regex_cache_->re) && accept(end)) return true;
    }
    return false;
}

std::string Converter::to_url(const Value& value) const { return url_quote(value.str(), kPathSafe); }

// ---- string ----------------------------------------------------------------

StringConverter::StringConverter(std::int64_t minlength, std::optional<std::int64_t> maxlength,
                                 std::optional<std::int64_t> length)
    : min_(length ? *length : minlength), max_(length ? length : maxlength) {}

std::string StringConverter::regex() const {
    if (max_ && *max_ == min_) return "[^/]{" + std::to_string(min_) + "}";
    return "[^/]{" + std::to_string(min_) + "," + (max_ ? std::to_string(*max_) : "") + "}";
}

bool StringConverter::match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const {
    // [^/]{min,max}, greedy: find the longest run, then give back one code point at a time.
    std::size_t end = pos;
    std::int64_t count = 0;
    while (end < text.size() && text[end] != '/' && (!max_ || count < *max_)) {
        decode_utf8(text, end);
        ++count;
    }
    while (count >= min_) {
        if (accept(end)) return true;
        if (count == 0) break;
        do {
            --end;
        } while (end > pos && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80);
        --count;
    }
    return false;
}

// ---- path ------------------------------------------------------------------

bool PathConverter::match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const {
    // [^/].*? : one non-slash character, then lazily any character but '\n'.
    if (pos >= text.size() || text[pos] == '/') return false;
    std::size_t end = pos;
    decode_utf8(text, end);
    while (true) {
        if (accept(end)) return true;
        if (end >= text.size() || text[end] == '\n') return false;
        decode_utf8(text, end);
    }
}

// ---- any -------------------------------------------------------------------

AnyConverter::AnyConverter(std::vector<std::string> items) : items_(std::move(items)) {}

std::string AnyConverter::regex() const {
    std::string out = "(?:";
    for (std::size_t i = 0; i < items_.size(); ++i) {
        if (i) out += '|';
        for (char c : items_[i]) {
            auto u = static_cast<unsigned char>(c);
            if (u < 0x80 && !std::isalnum(u) && c != '_') out += '\\';
            out += c;
        }
    }
    return out + ")";
}

bool AnyConverter::match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const {
    for (const auto& item : items_)
        if (text.substr(pos).starts_with(item) && accept(pos + item.size())) return true;
    return false;
}

std::string AnyConverter::to_url(const Value& value) const {
    if (value.is_string() && !value.is_markup())
        for (const auto& item : items_)
            if (value.as_string() == item) return item;
    std::vector<std::string> sorted = items_;
    std::sort(sorted.begin(), sorted.end());
    std::string valid;
    for (std::size_t i = 0; i < sorted.size(); ++i) valid += (i ? ", '" : "'") + sorted[i] + "'";
    throw jinja::ValueError("'" + value.str() + "' is not one of " + valid);
}

// ---- int / float -----------------------------------------------------------

NumberConverter::NumberConverter(bool is_float, std::int64_t fixed_digits, std::optional<Value> min,
                                 std::optional<Value> max, bool is_signed)
    : is_float_(is_float), fixed_digits_(fixed_digits), min_(std::move(min)), max_(std::move(max)),
      signed_(is_signed) {}

std::string NumberConverter::regex() const {
    std::string base = is_float_ ? R"(\d+\.\d+)" : R"(\d+)";
    return signed_ ? "-?" + base : base;
}

namespace {
// End of the run of Unicode decimal digits starting at pos.
std::size_t digit_run(std::string_view text, std::size_t pos) {
    std::size_t i = pos;
    while (i < text.size()) {
        std::size_t next = i;
        if (decimal_digit_value(decode_utf8(text, next)) < 0) break;
        i = next;
    }
    return i;
}

// Python's comparison of a number with a min/max bound.
bool less(double a, const Value& b) { return b.is_float() ? a < b.as_float() : a < static_cast<double>(b.as_int()); }
bool greater(double a, const Value& b) {
    return b.is_float() ? a > b.as_float() : a > static_cast<double>(b.as_int());
}
bool less(std::int64_t a, const Value& b) {
    return b.is_float() ? static_cast<double>(a) < b.as_float() : a < b.as_int();
}
bool greater(std::int64_t a, const Value& b) {
    return b.is_float() ? static_cast<double>(a) > b.as_float() : a > b.as_int();
}

std::int64_t python_int(const Value& v) {
    if (v.is_bool() || v.is_int()) return v.as_int();
    if (v.is_float()) {
        double d = v.as_float();
        if (std::isnan(d)) throw jinja::ValueError("cannot convert float NaN to integer");
        if (std::isinf(d) || std::fabs(d) >= 9.2233720368547758e18)
            throw jinja::ValueError("cannot convert float infinity to integer");
        return static_cast<std::int64_t>(std::trunc(d));
    }
    if (v.is_string() || v.is_bytes()) {
        if (auto parsed = parse_python_int(v.as_string())) return *parsed;
        throw jinja::ValueError("invalid literal for int() with base 10: " + v.repr());
    }
    throw jinja::TypeError("int() argument must be a string, a bytes-like object or a real number, not '" +
                           std::string(v.type_name()) + "'");
}

double python_float(const Value& v) {
    if (v.is_bool() || v.is_int() || v.is_float()) return v.as_float();
    if (v.is_string() || v.is_bytes()) {
        if (auto parsed = parse_python_float(v.as_string())) return *parsed;
        throw jinja::ValueError("could not convert string to float: " + v.repr());
    }
    throw jinja::TypeError("float() argument must be a string or a real number, not '" + std::string(v.type_name()) +
                           "'");
}
}  // namespace

bool NumberConverter::match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const {
    std::size_t start = pos;
    if (signed_ && start < text.size() && text[start] == '-') ++start;
    if (!is_float_) {
        // \d+ greedy: longest run first, then shorter.
        std::size_t end = digit_run(text, start);
        if (end == start) return false;
        while (true) {
            if (accept(end)) return true;
            do {
                --end;
            } while (end > start && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80);
            if (end == start) return false;
        }
    }
    // \d+\.\d+ : the integer part can only end right before the dot.
    std::size_t dot = digit_run(text, start);
    if (dot == start || dot >= text.size() || text[dot] != '.') return false;
    std::size_t end = digit_run(text, dot + 1);
    while (end > dot + 1) {  // greedy: longest fraction first
        if (accept(end)) return true;
        do {
            --end;
        } while (end > dot + 1 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80);
    }
    return false;
}

Value NumberConverter::to_python(std::string_view value) const {
    if (fixed_digits_ && static_cast<std::int64_t>(count_code_points(value)) != fixed_digits_)
        throw ValidationError();
    if (is_float_) {
        auto parsed = parse_python_float(value);
        if (!parsed) throw ValidationError();
        if ((min_ && less(*parsed, *min_)) || (max_ && greater(*parsed, *max_))) throw ValidationError();
        return Value(*parsed);
    }
    auto parsed = parse_python_int(value);
    if (!parsed) return big_int(value);
    if ((min_ && less(*parsed, *min_)) || (max_ && greater(*parsed, *max_))) throw ValidationError();
    return Value(*parsed);
}

Value NumberConverter::big_int(std::string_view value) const {
    // Python's int is unbounded: digits beyond int64 become a json::RawNumber
    // (printing and JSON keep every digit).  It is past any int64 bound.
    std::string digits;
    bool negative = false;
    for (std::size_t pos = 0; pos < value.size();) {
        char32_t c = decode_utf8(value, pos);
        if (c == '-' && digits.empty() && !negative) {
            negative = true;
            continue;
        }
        int d = decimal_digit_value(c);
        if (d < 0) throw ValidationError();
        if (digits.empty() && d == 0) continue;
        digits += static_cast<char>('0' + d);
    }
    if (digits.empty()) throw ValidationError();
    auto bounded = [](const std::optional<Value>& limit) { return limit && !limit->is_none(); };
    if ((negative && bounded(min_)) || (!negative && bounded(max_))) throw ValidationError();
    return json::RawNumber::make((negative ? "-" : "") + digits);
}

std::string NumberConverter::to_url(const Value& value) const {
    std::string text = is_float_ ? jinja::float_repr(python_float(value)) : std::to_string(python_int(value));
    if (fixed_digits_ > 0 && static_cast<std::int64_t>(text.size()) < fixed_digits_) {
        // str.zfill: pad after the sign.
        std::size_t sign = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
        text.insert(sign, static_cast<std::size_t>(fixed_digits_) - text.size(), '0');
    }
    return text;
}

// ---- uuid ------------------------------------------------------------------

std::string UUIDConverter::regex() const {
    return "[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}";
}

bool UUIDConverter::match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const {
    static constexpr std::size_t groups[] = {8, 4, 4, 4, 12};
    std::size_t i = pos;
    for (std::size_t g = 0; g < 5; ++g) {
        if (g) {
            if (i >= text.size() || text[i] != '-') return false;
            ++i;
        }
        for (std::size_t k = 0; k < groups[g]; ++k, ++i)
            if (i >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
    }
    return accept(i);
}

Value UUIDConverter::to_python(std::string_view value) const {
    auto uuid = UUID::parse(value);
    if (!uuid) throw ValidationError();
    return uuid->to_value();
}

std::string UUIDConverter::to_url(const Value& value) const { return value.str(); }

}  // namespace flask::routing
