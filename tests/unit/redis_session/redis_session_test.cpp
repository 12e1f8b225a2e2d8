// Server-side sessions in a real redis-server started for the test: two app
// objects (two "instances") share sessions through it.
#include <gtest/gtest.h>

#include <flask/ext/redis_session.hpp>
#include <flask/flask.hpp>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace {

int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t size = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
    close(fd);
    return ntohs(addr.sin_port);
}

bool can_connect(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
}

/// A throwaway redis-server on a loopback port, without persistence.
struct RedisServer {
    int port = free_port();
    pid_t pid = -1;
    RedisServer() {
        pid = fork();
        if (pid == 0) {
            std::string p = std::to_string(port);
            execlp("redis-server", "redis-server", "--port", p.c_str(), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--loglevel", "warning", static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int i = 0; i < 100 && !can_connect(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ~RedisServer() {
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
    }
};

std::unique_ptr<flask::Flask> make_instance(int redis_port) {
    auto app = std::make_unique<flask::Flask>("/tmp/redis_app.cpp");
    app->set_secret_key("shared secret");
    app->session_interface = std::make_shared<flask::ext::RedisSessionInterface>(
        flask::ext::RedisOptions{.host = "127.0.0.1", .port = redis_port, .db = 0, .key_prefix = "session:",
                                 .timeout_ms = 2000});
    app->route("/login/<name>")([](std::string name) {
        flask::session["user"] = name;
        return "ok";
    });
    app->route("/whoami")([] { return flask::session.get("user", "nobody").str(); });
    app->route("/logout")([] {
        flask::session.clear();
        return "bye";
    });
    return app;
}

/// A client that sends the Cookie header a test gives (no jar), as a second
/// browser or process would present a copied cookie.
flask::FlaskClient sent_as_is(flask::Flask& app) { return flask::FlaskClient(app, /*use_cookies=*/false); }

std::string cookie_pair(const flask::TestResponse& r) {
    std::string set_cookie = r.headers.get("Set-Cookie", "");
    return set_cookie.substr(0, set_cookie.find(';'));
}

TEST(RedisSession, ASessionMadeOnOneInstanceIsSeenByAnother) {
    RedisServer redis;
    ASSERT_TRUE(can_connect(redis.port)) << "redis-server did not start (the bootstrap installs it)";
    auto one = make_instance(redis.port);
    auto two = make_instance(redis.port);
    auto login = one->test_client().get("/login/ada");
    std::string cookie = cookie_pair(login);
    ASSERT_FALSE(cookie.empty());
    EXPECT_EQ(cookie.find("ada"), std::string::npos) << "the cookie holds only the signed id: " << cookie;
    EXPECT_NE(login.headers.get("Vary", "").find("Cookie"), std::string::npos);

    auto me = sent_as_is(*two).get("/whoami", {.headers = {{"Cookie", cookie}}});
    EXPECT_EQ(me.text(), "ada");
    // A new instance object (a restarted process) still finds it.
    auto three = make_instance(redis.port);
    EXPECT_EQ(sent_as_is(*three).get("/whoami", {.headers = {{"Cookie", cookie}}}).text(), "ada");

    // Tampering with the signed id gives an empty session.
    // The signature's first character carries six bits (its last one may
    // differ in unused padding bits and still decode to the same signature).
    std::string forged = cookie;
    char& c = forged[forged.rfind('.') + 1];
    c = c == 'A' ? 'B' : 'A';
    EXPECT_EQ(sent_as_is(*two).get("/whoami", {.headers = {{"Cookie", forged}}}).text(), "nobody");

    // Logging out on one instance removes the data for all.
    auto out = sent_as_is(*two).get("/logout", {.headers = {{"Cookie", cookie}}});
    EXPECT_NE(out.headers.get("Set-Cookie", "").find("Expires=Thu, 01 Jan 1970"), std::string::npos);
    EXPECT_EQ(sent_as_is(*one).get("/whoami", {.headers = {{"Cookie", cookie}}}).text(), "nobody");
}

TEST(RedisSession, UnreachableRedisIsA500NotACrash) {
    int port = free_port();  // nothing listens there
    auto app = make_instance(port);
    // A forged cookie is rejected by its signature before Redis is asked ...
    EXPECT_EQ(sent_as_is(*app).get("/whoami", {.headers = {{"Cookie", "session=abc.def"}}}).text(), "nobody");
    // ... but storing a session needs Redis: the request fails cleanly with a 500.
    EXPECT_EQ(app->test_client().get("/login/ada").status_code, 500);
}

}  // namespace
