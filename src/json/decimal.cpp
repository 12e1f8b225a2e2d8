#include "flask/decimal.hpp"

#include <cctype>
#include <cstdlib>

namespace flask {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Removes `_` that sit between two digits; false if any other `_` is present.
bool strip_underscores(std::string_view in, std::string& out) {
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '_') {
            out += in[i];
            continue;
        }
        bool ok = i > 0 && i + 1 < in.size() && std::isdigit(static_cast<unsigned char>(in[i - 1])) &&
                  std::isdigit(static_cast<unsigned char>(in[i + 1]));
        if (!ok) return false;
    }
    return true;
}

std::string strip_leading_zeros(std::string digits) {
    std::size_t nz = digits.find_first_not_of('0');
    if (nz == std::string::npos) return "0";
    return digits.substr(nz);
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    std::string s;
    if (!strip_underscores(text, s)) return std::nullopt;
    Decimal d;
    std::string_view v = s;
    if (!v.empty() && (v[0] == '+' || v[0] == '-')) {
        d.negative_ = v[0] == '-';
        v.remove_prefix(1);
    }
    if (iequals(v, "inf") || iequals(v, "infinity")) {
        d.special_ = Special::Infinity;
        return d;
    }
    for (auto [prefix, kind] : {std::pair{std::string_view("snan"), Special::SNaN}, std::pair{std::string_view("nan"), Special::NaN}}) {
        if (v.size() >= prefix.size() && iequals(v.substr(0, prefix.size()), prefix)) {
            std::string_view payload = v.substr(prefix.size());
            for (char c : payload)
                if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
            d.special_ = kind;
            d.digits_ = payload.empty() ? "" : strip_leading_zeros(std::string(payload));
            if (d.digits_ == "0") d.digits_.clear();
            return d;
        }
    }
    std::string coefficient;
    std::int64_t exponent = 0;
    std::size_t i = 0;
    bool any = false;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) coefficient += v[i++], any = true;
    if (i < v.size() && v[i] == '.') {
        ++i;
        while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) coefficient += v[i++], --exponent, any = true;
    }
    if (!any) return std::nullopt;
    if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
        ++i;
        std::size_t start = i;
        if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
        std::size_t digits_start = i;
        while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) ++i;
        if (i == digits_start || i - digits_start > 17) return std::nullopt;
        exponent += std::strtoll(std::string(v.substr(start, i - start)).c_str(), nullptr, 10);
    }
    if (i != v.size()) return std::nullopt;
    d.digits_ = strip_leading_zeros(std::move(coefficient));
    d.exponent_ = exponent;
    return d;
}

std::string Decimal::str() const {
    std::string sign = negative_ ? "-" : "";
    switch (special_) {
        case Special::Infinity: return sign + "Infinity";
        case Special::NaN: return sign + "NaN" + digits_;
        case Special::SNaN: return sign + "sNaN" + digits_;
        case Special::None: break;
    }
    auto n = static_cast<std::int64_t>(digits_.size());
    std::int64_t adjusted = exponent_ + n - 1;
    if (exponent_ <= 0 && adjusted >= -6) {
        if (exponent_ == 0) return sign + digits_;
        std::int64_t point = n + exponent_;  // digits before the decimal point
        if (point > 0)
            return sign + digits_.substr(0, static_cast<std::size_t>(point)) + "." +
                   digits_.substr(static_cast<std::size_t>(point));
        return sign + "0." + std::string(static_cast<std::size_t>(-point), '0') + digits_;
    }
    std::string out = sign + digits_.substr(0, 1);
    if (n > 1) out += "." + digits_.substr(1);
    out += "E";
    out += adjusted >= 0 ? "+" : "-";
    out += std::to_string(adjusted >= 0 ? adjusted : -adjusted);
    return out;
}

bool Decimal::truthy() const { return special_ != Special::None || digits_ != "0"; }

bool Decimal::equals(const jinja::Object& other) const {
    auto* o = dynamic_cast<const Decimal*>(&other);
    if (!o || special_ == Special::NaN || special_ == Special::SNaN) return false;
    if (special_ != o->special_) return false;
    if (special_ == Special::Infinity) return negative_ == o->negative_;
    if (digits_ == "0" && o->digits_ == "0") return true;
    if (negative_ != o->negative_) return false;
    // Same value when the coefficients match after dropping trailing zeros.
    auto norm = [](std::string digits, std::int64_t exp) {
        while (digits.size() > 1 && digits.back() == '0') digits.pop_back(), ++exp;
        return std::pair{digits, exp};
    };
    return norm(digits_, exponent_) == norm(o->digits_, o->exponent_);
}

jinja::Value Decimal::to_value() const { return jinja::Value(std::make_shared<Decimal>(*this)); }

}  // namespace flask
