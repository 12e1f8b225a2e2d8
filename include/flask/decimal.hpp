// flask::Decimal: a decimal.Decimal as it travels through JSON and sessions.
// It keeps the number exactly as written (sign, coefficient digits, exponent)
// and prints it with Python's str(Decimal) rules; no arithmetic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "jinja/value.hpp"

namespace flask {

class Decimal final : public jinja::Object {
public:
    /// decimal.Decimal(text): leading/trailing whitespace and `_` between digits
    /// allowed, "NaN"/"sNaN"/"Infinity"/"Inf" in any case.  nullopt when invalid.
    static std::optional<Decimal> parse(std::string_view text);

    /// str(d): "1.10", "1E+2", "-0", "1E-7", "NaN", "-Infinity".
    std::string str() const override;
    std::string repr() const override { return "Decimal('" + str() + "')"; }
    std::string_view type_name() const override { return "Decimal"; }
    bool truthy() const override;
    bool equals(const jinja::Object& other) const override;
    /// Flask's JSON provider writes str(d).
    std::optional<jinja::Value> json() const override { return jinja::Value(str()); }
    jinja::Value to_value() const;

    bool negative() const noexcept { return negative_; }
    const std::string& coefficient() const noexcept { return digits_; }
    std::int64_t exponent() const noexcept { return exponent_; }

private:
    enum class Special : std::uint8_t { None, NaN, SNaN, Infinity };
    bool negative_ = false;
    Special special_ = Special::None;
    std::string digits_ = "0";  // coefficient (NaN payload for NaNs), no leading zeros
    std::int64_t exponent_ = 0;
};

}  // namespace flask
