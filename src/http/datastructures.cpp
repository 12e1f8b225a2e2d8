#include "flask/datastructures.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace flask {

namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view strip(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}
}  // namespace

std::optional<long long> python_int(std::string_view text) {
    text = strip(text);
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text.empty()) return std::nullopt;
    // Underscores may separate digits ("1_000"), never lead, trail or double.
    std::string digits;
    bool previous_underscore = true;
    for (char c : text) {
        if (c == '_') {
            if (previous_underscore) return std::nullopt;
            previous_underscore = true;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            digits += c;
            previous_underscore = false;
        } else {
            return std::nullopt;
        }
    }
    if (previous_underscore) return std::nullopt;
    long long value = 0;
    auto res = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (res.ec != std::errc()) return std::nullopt;
    return negative ? -value : value;
}

std::optional<double> python_float(std::string_view text) {
    text = strip(text);
    if (text.empty()) return std::nullopt;
    std::string s(text);
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view body = s;
    bool negative = false;
    if (body.front() == '+' || body.front() == '-') {
        negative = body.front() == '-';
        body.remove_prefix(1);
    }
    if (body == "inf" || body == "infinity") return negative ? -HUGE_VAL : HUGE_VAL;
    if (body == "nan") return std::nan("");
    for (char c : body)
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == '+' || c == '-'))
            return std::nullopt;
    double value = 0;
    auto res = std::from_chars(s.data(), s.data() + s.size(), value);
    if (res.ec != std::errc() || res.ptr != s.data() + s.size()) {
        if (s.front() == '+') {
            res = std::from_chars(s.data() + 1, s.data() + s.size(), value);
            if (res.ec == std::errc() && res.ptr == s.data() + s.size()) return value;
        }
        return std::nullopt;
    }
    return value;
}

std::string MultiDict::get(std::string_view key, std::string_view fallback) const {
    auto v = get(key);
    return v ? *v : std::string(fallback);
}

void MultiDict::set(std::string key, std::string value) {
    std::vector<Item> kept;
    bool placed = false;
    for (auto& item : items_) {
        if (item.first != key) {
            kept.push_back(std::move(item));
        } else if (!placed) {
            kept.emplace_back(key, value);
            placed = true;
        }
    }
    if (!placed) kept.emplace_back(std::move(key), std::move(value));
    items_ = std::move(kept);
}

jinja::Value MultiDict::to_dict(bool flat) const {
    jinja::Dict d;
    for (const auto& [k, v] : items_) {
        jinja::Value* existing = d.find(std::string_view(k));
        if (flat) {
            if (!existing) d.set(jinja::Value(k), jinja::Value(v));
        } else if (existing) {
            existing->as_list().push_back(jinja::Value(v));
        } else {
            d.set(jinja::Value(k), jinja::Value(jinja::List{jinja::Value(v)}));
        }
    }
    return jinja::Value(std::move(d));
}

}  // namespace flask
