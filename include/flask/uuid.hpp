// flask::UUID: the value the `uuid` URL converter produces, and a JSON/session type.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "jinja/value.hpp"

namespace flask {

class UUID final : public jinja::Object {
public:
    UUID() = default;
    explicit UUID(std::array<std::uint8_t, 16> bytes) : bytes_(bytes) {}
    /// Accepts Python's uuid.UUID(str) spellings: hyphens optional, any case,
    /// optional braces and "urn:uuid:" prefix.  nullopt when malformed.
    static std::optional<UUID> parse(std::string_view text);

    const std::array<std::uint8_t, 16>& bytes() const noexcept { return bytes_; }
    /// Canonical lower-case hyphenated form (Python's str(uuid)).
    std::string str() const override;
    /// 32 lower-case hex digits (uuid.hex).
    std::string hex() const;
    int version() const noexcept { return bytes_[6] >> 4; }

    std::string_view type_name() const override { return "UUID"; }
    std::string repr() const override { return "UUID('" + str() + "')"; }
    jinja::Value get_attr(std::string_view name) const override;
    bool equals(const jinja::Object& other) const override;
    std::optional<jinja::Value> json() const override { return jinja::Value(str()); }

    /// Wrap as a jinja::Value (an Object value).
    jinja::Value to_value() const;
    friend bool operator==(const UUID& a, const UUID& b) { return a.bytes_ == b.bytes_; }

private:
    std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace flask
