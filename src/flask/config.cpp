#include "flask/config.hpp"

namespace flask {

Config::Config()
    : values_{
          {"DEBUG", false},
          {"TESTING", false},
          {"PROPAGATE_EXCEPTIONS", jinja::none},
          {"SECRET_KEY", jinja::none},
          {"SECRET_KEY_FALLBACKS", jinja::none},
          {"PERMANENT_SESSION_LIFETIME", 31 * 24 * 3600},  // seconds (timedelta(days=31))
          {"USE_X_SENDFILE", false},
          {"TRUSTED_HOSTS", jinja::none},
          {"SERVER_NAME", jinja::none},
          {"APPLICATION_ROOT", "/"},
          {"SESSION_COOKIE_NAME", "session"},
          {"SESSION_COOKIE_DOMAIN", jinja::none},
          {"SESSION_COOKIE_PATH", jinja::none},
          {"SESSION_COOKIE_HTTPONLY", true},
          {"SESSION_COOKIE_SECURE", false},
          {"SESSION_COOKIE_PARTITIONED", false},
          {"SESSION_COOKIE_SAMESITE", jinja::none},
          {"SESSION_REFRESH_EACH_REQUEST", true},
          {"MAX_CONTENT_LENGTH", jinja::none},
          {"MAX_FORM_MEMORY_SIZE", 500000},
          {"MAX_FORM_PARTS", 1000},
          {"SEND_FILE_MAX_AGE_DEFAULT", jinja::none},
          {"TRAP_BAD_REQUEST_ERRORS", jinja::none},
          {"TRAP_HTTP_EXCEPTIONS", false},
          {"EXPLAIN_TEMPLATE_LOADING", false},
          {"PREFERRED_URL_SCHEME", "http"},
          {"TEMPLATES_AUTO_RELOAD", jinja::none},
          {"MAX_COOKIE_SIZE", 4093},
          {"PROVIDE_AUTOMATIC_OPTIONS", true},
      } {}

jinja::Value Config::get(std::string_view key, jinja::Value fallback) const {
    const jinja::Value* v = values_.find(key);
    return v ? *v : fallback;
}

void Config::update(std::initializer_list<std::pair<std::string_view, jinja::Value>> items) {
    for (const auto& [k, v] : items) values_[k] = v;
}

std::optional<long long> Config::get_int(std::string_view key) const {
    const jinja::Value* v = values_.find(key);
    if (!v || v->is_none() || v->is_undefined()) return std::nullopt;
    return v->as_int();
}

bool Config::get_bool(std::string_view key, bool fallback) const {
    const jinja::Value* v = values_.find(key);
    if (!v || v->is_none()) return fallback;
    return v->truthy();
}

jinja::Value Config::as_value() const { return jinja::Value(values_); }

}  // namespace flask
