// Python's unbounded int for the values that leave int64 (`2 ** 100`).
// Small ints stay Value ints; results that fit in int64 are narrowed back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "jinja/value.hpp"

namespace jinja::detail {

class BigInt final : public Object {
public:
    BigInt() = default;
    static BigInt from_int(std::int64_t v);
    static BigInt from_string(std::string_view digits, int base = 10);  // no sign, no underscores
    static BigInt from_double(double d);

    std::string_view type_name() const override { return "int"; }
    std::string repr() const override { return to_string(); }
    std::string str() const override { return to_string(); }
    bool truthy() const override { return !mag.empty(); }
    bool equals(const Object& other) const override;
    std::optional<Value> json() const override;

    std::string to_string() const;
    double to_double() const;
    bool fits_int64() const;
    std::int64_t to_int64() const;

    friend BigInt operator+(const BigInt& a, const BigInt& b);
    friend BigInt operator-(const BigInt& a, const BigInt& b);
    friend BigInt operator*(const BigInt& a, const BigInt& b);
    BigInt negated() const {
        BigInt r = *this;
        if (!r.mag.empty()) r.neg = !r.neg;
        return r;
    }
    static int compare(const BigInt& a, const BigInt& b);

    bool neg = false;
    std::vector<std::uint32_t> mag;  // base 1e9, little endian
};

/// A Value holding the number: an int when it fits, a BigInt object otherwise.
Value int_value(const BigInt& b);
bool is_bigint(const Value& v);
const BigInt* as_bigint(const Value& v);
/// Any int-like Value (bool, int, BigInt) as a BigInt.
BigInt to_bigint(const Value& v);

}  // namespace jinja::detail
