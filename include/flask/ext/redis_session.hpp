// Server-side sessions in Redis (the Flask-Session pattern), for apps that
// run as several instances: any instance sees a session created by another,
// and sessions survive an instance restart.
//
//     app.session_interface = std::make_shared<flask::ext::RedisSessionInterface>(
//         flask::ext::RedisOptions{.host = "127.0.0.1", .port = 6379});
//
// The cookie carries only a random session id, signed with SECRET_KEY; the
// data (tagged JSON, as in Flask's cookies) lives under "session:<id>" with
// PERMANENT_SESSION_LIFETIME as its time to live.
#pragma once

#include <memory>
#include <string>

#include "flask/sessions.hpp"

namespace flask::ext {

struct RedisOptions {
    std::string host = "127.0.0.1";
    int port = 6379;
    int db = 0;
    std::string key_prefix = "session:";
    int timeout_ms = 2000;  // connect and command timeout
};

/// Redis is unreachable or answered with an error.
struct RedisError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class RedisSessionInterface : public SessionInterface {
public:
    explicit RedisSessionInterface(RedisOptions options = {});
    ~RedisSessionInterface() override;
    std::shared_ptr<SessionData> open_session(Flask& app, const Request& request) override;
    void save_session(Flask& app, SessionData& session, Response& response) override;

private:
    struct Pool;
    RedisOptions options_;
    std::unique_ptr<Pool> pool_;
};

}  // namespace flask::ext
