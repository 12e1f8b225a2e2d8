// flask::Config: the app's configuration, a dict preloaded with Flask's defaults.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "jinja/value.hpp"

namespace flask {

class Config {
public:
    /// Starts with Flask 3.1's default configuration values.
    Config();

    jinja::Value& operator[](std::string_view key) { return values_[key]; }
    jinja::Value get(std::string_view key, jinja::Value fallback = jinja::Value()) const;
    bool contains(std::string_view key) const { return values_.find(key) != nullptr; }
    void update(std::initializer_list<std::pair<std::string_view, jinja::Value>> items);
    /// Optional integer setting (MAX_CONTENT_LENGTH ...): nullopt when None.
    std::optional<long long> get_int(std::string_view key) const;
    bool get_bool(std::string_view key, bool fallback = false) const;

    const jinja::Dict& dict() const noexcept { return values_; }
    /// The whole config as a Value (templates see it as `config`).
    jinja::Value as_value() const;

private:
    jinja::Dict values_;
};

}  // namespace flask
