#include "bigint.hpp"

#include <algorithm>
#include <cmath>

namespace jinja::detail {

namespace {
constexpr std::uint32_t kBase = 1000000000;

void trim(std::vector<std::uint32_t>& m) {
    while (!m.empty() && m.back() == 0) m.pop_back();
}

int cmp_mag(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    for (std::size_t i = a.size(); i-- > 0;)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

std::vector<std::uint32_t> add_mag(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    std::vector<std::uint32_t> r;
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
        std::uint64_t s = carry + (i < a.size() ? a[i] : 0) + (i < b.size() ? b[i] : 0);
        r.push_back(static_cast<std::uint32_t>(s % kBase));
        carry = s / kBase;
    }
    return r;
}

// a - b with |a| >= |b|
std::vector<std::uint32_t> sub_mag(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    std::vector<std::uint32_t> r;
    std::int64_t borrow = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        std::int64_t d = static_cast<std::int64_t>(a[i]) - borrow - (i < b.size() ? b[i] : 0);
        borrow = d < 0;
        if (d < 0) d += kBase;
        r.push_back(static_cast<std::uint32_t>(d));
    }
    trim(r);
    return r;
}

void mul_small(std::vector<std::uint32_t>& m, std::uint32_t f, std::uint32_t add) {
    std::uint64_t carry = add;
    for (auto& d : m) {
        std::uint64_t v = static_cast<std::uint64_t>(d) * f + carry;
        d = static_cast<std::uint32_t>(v % kBase);
        carry = v / kBase;
    }
    while (carry) {
        m.push_back(static_cast<std::uint32_t>(carry % kBase));
        carry /= kBase;
    }
}
}  // namespace

BigInt BigInt::from_int(std::int64_t v) {
    BigInt b;
    b.neg = v < 0;
    std::uint64_t u = v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
    while (u) {
        b.mag.push_back(static_cast<std::uint32_t>(u % kBase));
        u /= kBase;
    }
    return b;
}

BigInt BigInt::from_string(std::string_view digits, int base) {
    BigInt b;
    for (char c : digits) {
        int d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        mul_small(b.mag, static_cast<std::uint32_t>(base), static_cast<std::uint32_t>(d));
    }
    trim(b.mag);
    return b;
}

BigInt BigInt::from_double(double d) {
    BigInt b;
    b.neg = d < 0;
    d = std::floor(std::fabs(d));
    if (d < 1) {
        b.neg = false;
        return b;
    }
    // Exact, as Python's int(float): d = mantissa * 2**exp with a 53-bit
    // integer mantissa; dividing by 1e9 in floating point would round.
    int exp = 0;
    double fraction = std::frexp(d, &exp);
    auto mantissa = static_cast<std::uint64_t>(std::ldexp(fraction, 53));
    exp -= 53;
    if (exp < 0) {
        mantissa >>= -exp;  // d is an integer, so no bits are lost
        exp = 0;
    }
    while (mantissa) {
        b.mag.push_back(static_cast<std::uint32_t>(mantissa % kBase));
        mantissa /= kBase;
    }
    for (; exp >= 30; exp -= 30) mul_small(b.mag, 1u << 30, 0);
    if (exp > 0) mul_small(b.mag, 1u << exp, 0);
    trim(b.mag);
    return b;
}

std::string BigInt::to_string() const {
    if (mag.empty()) return "0";
    std::string s = neg ? "-" : "";
    s += std::to_string(mag.back());
    for (std::size_t i = mag.size() - 1; i-- > 0;) {
        std::string part = std::to_string(mag[i]);
        s += std::string(9 - part.size(), '0') + part;
    }
    return s;
}

double BigInt::to_double() const {
    double r = 0;
    for (std::size_t i = mag.size(); i-- > 0;) r = r * kBase + mag[i];
    return neg ? -r : r;
}

bool BigInt::fits_int64() const {
    static const BigInt max = [] {
        BigInt b = from_int(INT64_MAX);
        return b;
    }();
    int c = cmp_mag(mag, max.mag);
    if (c <= 0) return true;
    // INT64_MIN
    return neg && to_string() == "-9223372036854775808";
}

std::int64_t BigInt::to_int64() const {
    std::uint64_t u = 0;
    for (std::size_t i = mag.size(); i-- > 0;) u = u * kBase + mag[i];
    return neg ? static_cast<std::int64_t>(0 - u) : static_cast<std::int64_t>(u);
}

bool BigInt::equals(const Object& other) const {
    auto* o = dynamic_cast<const BigInt*>(&other);
    return o && compare(*this, *o) == 0;
}

std::optional<Value> BigInt::json() const { return std::nullopt; }

int BigInt::compare(const BigInt& a, const BigInt& b) {
    if (a.neg != b.neg) return a.neg ? -1 : 1;
    int c = cmp_mag(a.mag, b.mag);
    return a.neg ? -c : c;
}

BigInt operator+(const BigInt& a, const BigInt& b) {
    BigInt r;
    if (a.neg == b.neg) {
        r.mag = add_mag(a.mag, b.mag);
        r.neg = a.neg;
    } else if (cmp_mag(a.mag, b.mag) >= 0) {
        r.mag = sub_mag(a.mag, b.mag);
        r.neg = a.neg;
    } else {
        r.mag = sub_mag(b.mag, a.mag);
        r.neg = b.neg;
    }
    if (r.mag.empty()) r.neg = false;
    return r;
}

BigInt operator-(const BigInt& a, const BigInt& b) { return a + b.negated(); }

BigInt operator*(const BigInt& a, const BigInt& b) {
    BigInt r;
    if (a.mag.empty() || b.mag.empty()) return r;
    std::vector<std::uint64_t> acc(a.mag.size() + b.mag.size() + 1, 0);
    for (std::size_t i = 0; i < a.mag.size(); ++i) {
        std::uint64_t carry = 0;
        for (std::size_t j = 0; j < b.mag.size() || carry; ++j) {
            std::uint64_t cur = acc[i + j] + carry + (j < b.mag.size() ? static_cast<std::uint64_t>(a.mag[i]) * b.mag[j] : 0);
            acc[i + j] = cur % kBase;
            carry = cur / kBase;
        }
    }
    for (auto v : acc) r.mag.push_back(static_cast<std::uint32_t>(v));
    trim(r.mag);
    r.neg = a.neg != b.neg;
    return r;
}

Value int_value(const BigInt& b) {
    if (b.fits_int64()) return Value(b.to_int64());
    return Value(std::static_pointer_cast<Object>(std::make_shared<BigInt>(b)));
}

bool is_bigint(const Value& v) { return v.is_object() && dynamic_cast<const BigInt*>(&v.as_object()); }

const BigInt* as_bigint(const Value& v) {
    if (!v.is_object()) return nullptr;
    return dynamic_cast<const BigInt*>(&v.as_object());
}

BigInt to_bigint(const Value& v) {
    if (const BigInt* b = as_bigint(v)) return *b;
    return BigInt::from_int(v.as_int());
}

}  // namespace jinja::detail
