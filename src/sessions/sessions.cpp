// SessionInterface and the signed-cookie implementation (flask.sessions).
#include "flask/sessions.hpp"

#include <chrono>

#include <fmt/format.h>

#include "flask/app.hpp"
#include "flask/request.hpp"
#include "flask/signing.hpp"
#include "flask/tagged_json.hpp"

namespace flask {

namespace {

/// The stand-in when no secret key is set: reads work, writes explain why they can't.
class NullSession final : public SessionData {
public:
    bool is_null() const noexcept override { return true; }
};

std::optional<std::string> optional_string(const Config& config, std::string_view key) {
    auto v = config.get(key);
    if (v.is_none() || v.is_undefined()) return std::nullopt;
    return v.str();
}


/// Werkzeug's dump_cookie warning: browsers may drop cookies above MAX_COOKIE_SIZE.
void warn_if_too_large(Flask& app, const std::string& name, std::size_t value_size, const Response& response) {
    auto limit = app.config.get_int("MAX_COOKIE_SIZE").value_or(4093);
    auto cookies = response.headers.get_all("Set-Cookie");
    if (limit <= 0 || cookies.empty()) return;
    std::size_t size = cookies.back().size();
    if (size <= static_cast<std::size_t>(limit)) return;
    app.logger.warning(
        "The '{}' cookie is too large: the value was {} bytes but the header required {} extra bytes. The final "
        "size was {} bytes but the limit is {} bytes. Browsers may silently ignore cookies larger than this.",
        name, value_size, size - value_size, size, limit);
}

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

void SessionInterface::add_vary_cookie(Response& response) {
    auto vary = response.headers.get("Vary");
    if (!vary || vary->empty()) {
        response.headers.set("Vary", "Cookie");
        return;
    }
    std::string current(*vary);
    std::string lowered = current;
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lowered.find("cookie") == std::string::npos) response.headers.set("Vary", current + ", Cookie");
}

std::int64_t SessionInterface::now() const { return clock ? clock() : now_seconds(); }

std::shared_ptr<SessionData> SessionInterface::make_null_session(Flask&) { return std::make_shared<NullSession>(); }

std::string SessionInterface::get_cookie_name(const Flask& app) const {
    return app.config.get("SESSION_COOKIE_NAME", "session").str();
}
std::optional<std::string> SessionInterface::get_cookie_domain(const Flask& app) const {
    return optional_string(app.config, "SESSION_COOKIE_DOMAIN");
}
std::string SessionInterface::get_cookie_path(const Flask& app) const {
    if (auto p = optional_string(app.config, "SESSION_COOKIE_PATH")) return *p;
    return app.config.get("APPLICATION_ROOT", "/").str();
}
bool SessionInterface::get_cookie_httponly(const Flask& app) const {
    return app.config.get_bool("SESSION_COOKIE_HTTPONLY", true);
}
bool SessionInterface::get_cookie_secure(const Flask& app) const { return app.config.get_bool("SESSION_COOKIE_SECURE"); }
std::optional<std::string> SessionInterface::get_cookie_samesite(const Flask& app) const {
    return optional_string(app.config, "SESSION_COOKIE_SAMESITE");
}
bool SessionInterface::get_cookie_partitioned(const Flask& app) const {
    return app.config.get_bool("SESSION_COOKIE_PARTITIONED");
}

std::optional<long long> SessionInterface::get_expiration_time(const Flask& app, SessionData& s) const {
    const jinja::Value* permanent = s.data().find(std::string_view("_permanent"));
    if (!permanent || !permanent->truthy()) return std::nullopt;
    return now() + app.config.get_int("PERMANENT_SESSION_LIFETIME").value_or(31 * 24 * 3600);
}

bool SessionInterface::should_set_cookie(const Flask& app, SessionData& s) const {
    const jinja::Value* permanent = s.data().find(std::string_view("_permanent"));
    return s.modified ||
           (permanent && permanent->truthy() && app.config.get_bool("SESSION_REFRESH_EACH_REQUEST", true));
}

std::optional<URLSafeTimedSerializer> SecureCookieSessionInterface::get_signing_serializer(const Flask& app) const {
    std::string key = app.secret_key();
    if (key.empty()) return std::nullopt;
    // itsdangerous wants the current key last; fallbacks only verify.
    std::vector<std::string> keys;
    auto fallbacks = app.config.get("SECRET_KEY_FALLBACKS");
    if (fallbacks.is_list())
        for (const auto& k : fallbacks.as_list()) keys.push_back(k.as_string());
    keys.push_back(key);
    PayloadCodec codec{[](const jinja::Value& v) { return tagged_json::dumps(v); },
                       [](std::string_view text) { return tagged_json::loads(text); }};
    SignerOptions signer;
    signer.key_derivation = KeyDerivation::Hmac;
    signer.digest = Digest::Sha1;
    return URLSafeTimedSerializer(std::move(keys), salt, std::move(codec), signer);
}

std::shared_ptr<SessionData> SecureCookieSessionInterface::open_session(Flask& app, const Request& request) {
    auto serializer = get_signing_serializer(app);
    if (!serializer) return nullptr;
    auto value = request.cookies().get(get_cookie_name(app));
    if (!value || value->empty()) return std::make_shared<SessionData>();
    auto max_age = app.config.get_int("PERMANENT_SESSION_LIFETIME").value_or(31 * 24 * 3600);
    try {
        jinja::Value data = serializer->loads(*value, max_age, now());
        auto s = std::make_shared<SessionData>(data.is_dict() ? data.as_dict() : jinja::Dict());
        s->is_new = false;
        return s;
    } catch (const BadPayload&) {
        throw;  // as in Flask, a validly signed but undecodable payload is an error
    } catch (const BadData&) {
        return std::make_shared<SessionData>();  // bad signature, expired, future-dated
    }
}

void SecureCookieSessionInterface::save_session(Flask& app, SessionData& s, Response& response) {
    std::string name = get_cookie_name(app);
    auto domain = get_cookie_domain(app);
    std::string path = get_cookie_path(app);
    bool secure = get_cookie_secure(app);
    bool partitioned = get_cookie_partitioned(app);
    auto samesite = get_cookie_samesite(app);
    bool httponly = get_cookie_httponly(app);

    if (s.accessed) add_vary_cookie(response);
    if (s.data().empty()) {
        if (s.modified) {
            response.delete_cookie(name, path, domain, secure, httponly, samesite, partitioned);
            add_vary_cookie(response);
        }
        return;
    }
    if (!should_set_cookie(app, s)) return;
    CookieOptions options;
    options.expires = get_expiration_time(app, s);
    options.httponly = httponly;
    options.domain = domain;
    options.path = path;
    options.secure = secure;
    options.partitioned = partitioned;
    options.samesite = samesite;
    std::string value = get_signing_serializer(app)->dumps(jinja::Value(s.data()), now());
    response.set_cookie(name, value, options);
    add_vary_cookie(response);
    warn_if_too_large(app, name, value.size(), response);
}

}  // namespace flask
