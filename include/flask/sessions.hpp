// Sessions, as flask.sessions: a signed cookie holding a dict, readable by
// Python Flask with the same secret key (and the reverse).
//
//     flask::session["username"] = request.form()["username"];
//     if (flask::session.contains("username")) ...
//     flask::session.pop("username");
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flask/response.hpp"
#include "jinja/value.hpp"

namespace flask {

class Flask;
class Request;
class URLSafeTimedSerializer;

/// The data of one session (Flask's SecureCookieSession): a dict plus the
/// flags that decide whether the cookie is sent back.
class SessionData {
public:
    SessionData() = default;
    explicit SessionData(jinja::Dict data) : data_(std::move(data)) {}
    virtual ~SessionData() = default;

    jinja::Dict& data() noexcept { return data_; }
    /// True for the stand-in used when no secret key is set (writes fail).
    virtual bool is_null() const noexcept { return false; }

    bool modified = false;  // set by writes; nested mutation is not detected (set it yourself)
    bool accessed = false;  // set by reads and writes; adds "Vary: Cookie"
    bool is_new = true;

private:
    jinja::Dict data_;
};

/// How sessions are loaded and saved.  Replace it (app.session_interface) for
/// server-side stores.
class SessionInterface {
public:
    virtual ~SessionInterface() = default;
    /// Loads the session for a request; nullptr means "no session available".
    virtual std::shared_ptr<SessionData> open_session(Flask& app, const Request& request) = 0;
    /// Writes the session into the response (cookie, Vary ...).
    virtual void save_session(Flask& app, SessionData& session, Response& response) = 0;
    /// A session that fails on writes, used when open_session gives nullptr.
    virtual std::shared_ptr<SessionData> make_null_session(Flask& app);

    std::string get_cookie_name(const Flask& app) const;
    std::optional<std::string> get_cookie_domain(const Flask& app) const;
    std::string get_cookie_path(const Flask& app) const;
    bool get_cookie_httponly(const Flask& app) const;
    bool get_cookie_secure(const Flask& app) const;
    std::optional<std::string> get_cookie_samesite(const Flask& app) const;
    bool get_cookie_partitioned(const Flask& app) const;
    /// now + PERMANENT_SESSION_LIFETIME for permanent sessions, else nullopt (a browser-session cookie).
    std::optional<long long> get_expiration_time(const Flask& app, SessionData& session) const;
    bool should_set_cookie(const Flask& app, SessionData& session) const;
    /// Adds "Cookie" to the response's Vary header: the page depends on the session.
    static void add_vary_cookie(Response& response);

    /// Seconds since the epoch; replaceable so tests can freeze time.
    std::function<std::int64_t()> clock;
    std::int64_t now() const;
};

/// Flask's default: the session in a cookie signed with itsdangerous
/// (salt "cookie-session", HMAC-SHA1, tagged JSON).
class SecureCookieSessionInterface : public SessionInterface {
public:
    std::string salt = "cookie-session";
    std::shared_ptr<SessionData> open_session(Flask& app, const Request& request) override;
    void save_session(Flask& app, SessionData& session, Response& response) override;
    /// nullopt without a secret key.
    std::optional<URLSafeTimedSerializer> get_signing_serializer(const Flask& app) const;
};

/// `flask::session`: the current request's session.
class Session {
public:
    /// Assignable reference to one key: assignment marks the session modified.
    class Item {
    public:
        Item(const Session& s, std::string key) : session_(s), key_(std::move(key)) {}
        Item& operator=(jinja::Value value);
        /// Reading (KeyError when absent, as session["x"] does).
        jinja::Value value() const;
        operator jinja::Value() const { return value(); }
        std::string str() const { return value().str(); }

    private:
        const Session& session_;
        std::string key_;
    };

    Item operator[](std::string_view key) const { return Item(*this, std::string(key)); }
    jinja::Value get(std::string_view key, jinja::Value fallback = jinja::Value()) const;
    void set(std::string_view key, jinja::Value value) const;
    bool contains(std::string_view key) const;
    jinja::Value pop(std::string_view key, std::optional<jinja::Value> fallback = std::nullopt) const;
    void update(const jinja::Dict& values) const;
    void clear() const;
    std::vector<std::string> keys() const;
    std::size_t size() const;
    bool empty() const { return size() == 0; }
    /// A copy of the whole session as a dict (dict(session)).
    jinja::Value to_dict() const;

    bool permanent() const;
    void set_permanent(bool value) const;
    bool modified() const;
    void set_modified(bool value) const;
    bool accessed() const;

    SessionData& data() const;
};

inline const Session session{};

/// Flashes a message to the next request (stored in the session).
void flash(const jinja::Value& message, std::string_view category = "message");
/// The flashed messages, consumed for this request: all of them are removed
/// from the session even when a filter is given.
jinja::Value get_flashed_messages(bool with_categories = false, const std::vector<std::string>& category_filter = {});

}  // namespace flask
