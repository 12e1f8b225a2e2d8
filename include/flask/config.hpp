// flask::Config: the app's configuration, a dict preloaded with Flask's defaults.
#pragma once

#include <filesystem>
#include <functional>
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

    /// Parses a configuration file's text (flask::json::loads, flask::toml::loads).
    using Loader = std::function<jinja::Value(std::string_view text)>;

    /// Sets the upper-case keys of `mapping` (others are ignored, as in Flask).
    bool from_mapping(const jinja::Dict& mapping);
    /// `app.config.from_file("config.toml", flask::toml::loads)`: a path relative
    /// to root_path (the instance folder with instance_relative_config).  A
    /// missing file throws std::runtime_error, or returns false when `silent`.
    bool from_file(const std::filesystem::path& filename, const Loader& load, bool silent = false);
    /// from_file() on the file named by the environment variable `variable_name`
    /// (`YOURAPP_SETTINGS=/etc/yourapp.toml`): deployments pick their config
    /// without a code change.  An unset variable throws std::runtime_error,
    /// or returns false when `silent`.  Without a loader, a ".json" file is
    /// read with flask::json::loads and anything else as TOML.
    bool from_envvar(std::string_view variable_name, bool silent = false);
    bool from_envvar(std::string_view variable_name, const Loader& load, bool silent = false);
    /// Keys of environment variables starting with "PREFIX_", values parsed as
    /// JSON when they parse (else kept as strings); "A__B" sets config["A"]["B"].
    bool from_prefixed_env(std::string_view prefix = "FLASK");
    bool from_prefixed_env(std::string_view prefix, const Loader& loads);
    /// The keys starting with `ns` ("IMAGE_STORE_"), trimmed and lower-cased by default.
    jinja::Dict get_namespace(std::string_view ns, bool lowercase = true, bool trim_namespace = true) const;

    /// Where relative configuration files are looked up.
    std::filesystem::path root_path;

    const jinja::Dict& dict() const noexcept { return values_; }
    /// The whole config as a Value (templates see it as `config`).
    jinja::Value as_value() const;

private:
    jinja::Dict values_;
};

namespace toml {
/// A TOML document as a dict (tables -> dicts, arrays -> lists; dates and
/// times as ISO 8601 strings).  Throws std::invalid_argument with the line.
jinja::Value loads(std::string_view text);
}  // namespace toml

}  // namespace flask
