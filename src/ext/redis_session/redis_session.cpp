#include "flask/ext/redis_session.hpp"

#include <hiredis/hiredis.h>
#include <openssl/rand.h>

#include <mutex>
#include <vector>

#include "flask/app.hpp"
#include "flask/base64.hpp"
#include "flask/request.hpp"
#include "flask/signing.hpp"
#include "flask/tagged_json.hpp"

namespace flask::ext {

namespace {

/// The session data plus the id it is stored under (empty for a new session).
class RedisSession final : public SessionData {
public:
    RedisSession(jinja::Dict data, std::string sid) : SessionData(std::move(data)), sid(std::move(sid)) {}
    std::string sid;
};

std::string new_session_id() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw RedisError("RAND_bytes failed");
    return base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

Signer cookie_signer(const Flask& app) {
    SignerOptions options;
    options.salt = "flaskcpp-redis-session";
    options.key_derivation = KeyDerivation::Hmac;
    return Signer(app.secret_key(), options);
}

using Reply = std::unique_ptr<redisReply, decltype(&freeReplyObject)>;

}  // namespace

/// Connections are blocking; views on several threads each borrow one.
struct RedisSessionInterface::Pool {
    RedisOptions options;
    std::mutex mutex;
    std::vector<redisContext*> idle;

    ~Pool() {
        for (auto* c : idle) redisFree(c);
    }

    redisContext* connect() {
        timeval tv{options.timeout_ms / 1000, (options.timeout_ms % 1000) * 1000};
        redisContext* c = redisConnectWithTimeout(options.host.c_str(), options.port, tv);
        if (!c || c->err) {
            std::string message = c ? c->errstr : "out of memory";
            if (c) redisFree(c);
            throw RedisError("cannot connect to Redis at " + options.host + ":" + std::to_string(options.port) + ": " +
                             message);
        }
        redisSetTimeout(c, tv);
        if (options.db != 0) {
            Reply r(static_cast<redisReply*>(redisCommand(c, "SELECT %d", options.db)), freeReplyObject);
            if (!r || r->type == REDIS_REPLY_ERROR) {
                redisFree(c);
                throw RedisError("Redis SELECT failed");
            }
        }
        return c;
    }

    /// Runs one command on a pooled connection; a broken connection is dropped, not reused.
    template <class... Args>
    Reply command(const char* format, Args... args) {
        redisContext* c = nullptr;
        {
            std::lock_guard lock(mutex);
            if (!idle.empty()) {
                c = idle.back();
                idle.pop_back();
            }
        }
        if (!c) c = connect();
        Reply reply(static_cast<redisReply*>(redisCommand(c, format, args...)), freeReplyObject);
        if (!reply || c->err) {
            std::string message = c->err ? c->errstr : "no reply";
            redisFree(c);
            throw RedisError("Redis command failed: " + message);
        }
        {
            std::lock_guard lock(mutex);
            idle.push_back(c);
        }
        if (reply->type == REDIS_REPLY_ERROR) throw RedisError(std::string("Redis error: ") + reply->str);
        return reply;
    }
};

RedisSessionInterface::RedisSessionInterface(RedisOptions options)
    : options_(std::move(options)), pool_(std::make_unique<Pool>()) {
    pool_->options = options_;
}

RedisSessionInterface::~RedisSessionInterface() = default;

std::shared_ptr<SessionData> RedisSessionInterface::open_session(Flask& app, const Request& request) {
    if (app.secret_key().empty()) return nullptr;  // as Flask: no secret key, no session
    auto cookie = request.cookies().get(get_cookie_name(app));
    if (!cookie) return std::make_shared<RedisSession>(jinja::Dict(), std::string());
    std::string sid;
    try {
        sid = cookie_signer(app).unsign(*cookie);
    } catch (const std::exception&) {
        return std::make_shared<RedisSession>(jinja::Dict(), std::string());  // tampered: a fresh session
    }
    std::string key = options_.key_prefix + sid;
    Reply reply = pool_->command("GET %b", key.data(), key.size());
    if (reply->type != REDIS_REPLY_STRING) return std::make_shared<RedisSession>(jinja::Dict(), std::string());
    jinja::Value data = tagged_json::loads(std::string_view(reply->str, reply->len));
    auto session = std::make_shared<RedisSession>(data.is_dict() ? data.as_dict() : jinja::Dict(), sid);
    session->is_new = false;
    return session;
}

void RedisSessionInterface::save_session(Flask& app, SessionData& base, Response& response) {
    auto& session = static_cast<RedisSession&>(base);
    std::string name = get_cookie_name(app);
    auto domain = get_cookie_domain(app);
    std::string path = get_cookie_path(app);
    if (session.accessed) add_vary_cookie(response);
    if (session.data().empty()) {
        if (session.modified) {
            if (!session.sid.empty()) {
                std::string key = options_.key_prefix + session.sid;
                pool_->command("DEL %b", key.data(), key.size());
            }
            response.delete_cookie(name, path, domain, get_cookie_secure(app), get_cookie_httponly(app),
                                   get_cookie_samesite(app));
        }
        return;
    }
    if (!should_set_cookie(app, session)) return;
    if (session.sid.empty()) session.sid = new_session_id();
    long long ttl = app.config.get_int("PERMANENT_SESSION_LIFETIME").value_or(31 * 24 * 3600);
    std::string key = options_.key_prefix + session.sid;
    std::string value = tagged_json::dumps(jinja::Value(session.data()));
    pool_->command("SET %b %b EX %lld", key.data(), key.size(), value.data(), value.size(), ttl);
    CookieOptions cookie;
    if (auto expires = get_expiration_time(app, session)) cookie.expires = *expires;
    cookie.path = path;
    cookie.domain = domain;
    cookie.secure = get_cookie_secure(app);
    cookie.httponly = get_cookie_httponly(app);
    cookie.samesite = get_cookie_samesite(app);
    cookie.partitioned = get_cookie_partitioned(app);
    response.set_cookie(name, cookie_signer(app).sign(session.sid), cookie);
}

}  // namespace flask::ext
