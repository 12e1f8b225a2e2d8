#include "flask/uuid.hpp"

#include <memory>

namespace flask {

namespace {
int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::optional<UUID> UUID::parse(std::string_view text) {
    // Python: strip "urn:", "uuid:", braces and hyphens, then exactly 32 hex digits.
    if (text.substr(0, 4) == "urn:") text.remove_prefix(4);
    if (text.substr(0, 5) == "uuid:") text.remove_prefix(5);
    while (!text.empty() && text.front() == '{') text.remove_prefix(1);
    while (!text.empty() && text.back() == '}') text.remove_suffix(1);
    std::string digits;
    for (char c : text)
        if (c != '-') digits += c;
    if (digits.size() != 32) return std::nullopt;
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < 16; ++i) {
        int hi = hex_digit(digits[2 * i]), lo = hex_digit(digits[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return UUID(bytes);
}

std::string UUID::hex() const {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (auto b : bytes_) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string UUID::str() const {
    std::string h = hex();
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

jinja::Value UUID::get_attr(std::string_view name) const {
    if (name == "hex") return jinja::Value(hex());
    if (name == "version") return jinja::Value(version());
    return jinja::Object::get_attr(name);
}

bool UUID::equals(const jinja::Object& other) const {
    auto* o = dynamic_cast<const UUID*>(&other);
    return o && o->bytes_ == bytes_;
}

jinja::Value UUID::to_value() const { return jinja::Value(std::shared_ptr<jinja::Object>(std::make_shared<UUID>(*this))); }

}  // namespace flask
