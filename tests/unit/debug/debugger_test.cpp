// The debugger: traces captured at the throw, the PIN, and the page and
// console served by DebuggedApplication (no sockets: environs built by hand).
#include <gtest/gtest.h>

#include <flask/flask.hpp>

#include <cstdlib>
#include <regex>

#include "debug/failure.hpp"
#include "debug/pin.hpp"
#include "debug/throw_trace.hpp"

namespace {

[[gnu::noinline]] void throw_from_here() { throw std::runtime_error("thrown on purpose"); }

TEST(ThrowTrace, RecordsTheThrowSiteWhenEnabled) {
    flask::debug::set_throw_capture(true);
    std::exception_ptr error;
    try {
        throw_from_here();
    } catch (...) {
        error = std::current_exception();
    }
    auto pcs = flask::debug::trace_of(error);
    ASSERT_FALSE(pcs.empty());
    auto frames = flask::debug::symbolise(pcs, std::string(__FILE__).substr(0, std::string(__FILE__).rfind('/')));
    ASSERT_FALSE(frames.empty());
    // Outermost first: the innermost frame is the function that threw, in this file.
    const auto& inner = frames.back();
    EXPECT_NE(inner.function.find("throw_from_here"), std::string::npos) << inner.function;
    EXPECT_NE(inner.file.find("debugger_test.cpp"), std::string::npos) << inner.file;
    EXPECT_TRUE(inner.app_code);
    bool has_current = false;
    for (const auto& line : inner.source)
        if (line.current) has_current = line.text.find("throw std::runtime_error") != std::string::npos;
    EXPECT_TRUE(has_current);
    flask::debug::set_throw_capture(false);
}

TEST(ThrowTrace, RecordsNothingWhenDisabled) {
    flask::debug::set_throw_capture(false);
    std::exception_ptr error;
    try {
        throw_from_here();
    } catch (...) {
        error = std::current_exception();
    }
    EXPECT_TRUE(flask::debug::trace_of(error).empty());
}

TEST(Pin, IsStableNineDigitsAndHonoursTheOverride) {
    unsetenv("WERKZEUG_DEBUG_PIN");
    unsetenv("FLASKCPP_DEBUG_PIN");
    auto pin = flask::debug::debugger_pin("hello", "/srv/hello");
    EXPECT_TRUE(std::regex_match(pin, std::regex(R"(\d{3}-\d{3}-\d{3})"))) << pin;
    EXPECT_EQ(pin, flask::debug::debugger_pin("hello", "/srv/hello"));
    EXPECT_NE(pin, flask::debug::debugger_pin("other", "/srv/other"));
    setenv("WERKZEUG_DEBUG_PIN", "off", 1);
    EXPECT_EQ(flask::debug::debugger_pin("hello", "/srv/hello"), "");
    setenv("WERKZEUG_DEBUG_PIN", "111-222-333", 1);
    EXPECT_EQ(flask::debug::debugger_pin("hello", "/srv/hello"), "111-222-333");
    unsetenv("WERKZEUG_DEBUG_PIN");
}

TEST(Pin, CookieExpiresAndRejectsOtherPins) {
    auto value = flask::debug::pin_cookie_value("123-456-789", 1000);
    EXPECT_TRUE(flask::debug::pin_cookie_valid(value, "123-456-789", 1000 + 60, 3600));
    EXPECT_FALSE(flask::debug::pin_cookie_valid(value, "123-456-789", 1000 + 7200, 3600));
    EXPECT_FALSE(flask::debug::pin_cookie_valid(value, "999-456-789", 1060, 3600));
    EXPECT_FALSE(flask::debug::pin_cookie_valid("garbage", "123-456-789", 1060, 3600));
    EXPECT_FALSE(flask::debug::pin_cookie_valid("|", "123-456-789", 1060, 3600));
}

struct DebuggerFixture : ::testing::Test {
    flask::Flask app{__FILE__};
    std::optional<flask::DebuggedApplication> debugger;

    void SetUp() override {
        flask::debug::set_throw_capture(true);
        app.set_debug(true);
        app.route("/boom")([] {
            std::string who = flask::request.args().get("who", "nobody");
            throw std::runtime_error("view failed for " + who);
            return std::string();
        });
        app.route("/fine")([] { return "fine"; });
        debugger.emplace(app, [this](flask::wsgi::Environ& env) { return app(env); },
                         flask::DebuggerOptions{.evalex = true, .allow_remote = false, .pin = "123-456-789"});
    }
    void TearDown() override { flask::debug::set_throw_capture(false); }

    flask::wsgi::WsgiResponse get(const std::string& target, flask::Headers headers = {},
                                  std::string remote = "127.0.0.1") {
        auto env = flask::make_test_environ(target, "GET", std::move(headers));
        env.remote_addr = std::move(remote);
        return (*debugger)(env);
    }
    static std::string secret_of(const std::string& page) {
        std::smatch m;
        EXPECT_TRUE(std::regex_search(page, m, std::regex(R"re(data-secret="([A-Za-z0-9]+)" data-tb="(\d+)")re")));
        return m.size() > 1 ? m[1].str() : "";
    }
};

TEST_F(DebuggerFixture, PropagatingExceptionRendersThePageWithTraceAndRequest) {
    auto r = get("/boom?who=ada");
    EXPECT_EQ(r.status_code, 500);
    EXPECT_EQ(r.headers.get("Content-Type", ""), "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("std::runtime_error"), std::string::npos);
    EXPECT_NE(r.body.find("view failed for ada"), std::string::npos);
    EXPECT_NE(r.body.find("debugger_test.cpp"), std::string::npos);
    EXPECT_NE(r.body.find("class=\"current\""), std::string::npos);
    EXPECT_NE(r.body.find("&#39;ada&#39;"), std::string::npos) << "request.args shown as Python reprs";
    EXPECT_EQ(get("/fine").body, "fine");
}

TEST_F(DebuggerFixture, ConsoleNeedsThePinThenEvaluatesAgainstTheFailedRequest) {
    auto page = get("/boom?who=ada").body;
    std::string secret = secret_of(page);
    std::smatch m;
    std::regex_search(page, m, std::regex(R"re(data-tb="(\d+)")re"));
    std::string tb = m[1].str();
    std::string eval = "/?__debugger__=yes&s=" + secret + "&tb=" + tb + "&cmd=request.path";

    EXPECT_EQ(get(eval).status_code, 403) << "locked before the PIN";
    auto auth = get("/?__debugger__=yes&s=" + secret + "&cmd=pinauth&pin=123-456-789");
    EXPECT_NE(auth.body.find("\"auth\": true"), std::string::npos) << auth.body;
    auto cookie = auth.headers.get("Set-Cookie", "");
    ASSERT_FALSE(cookie.empty());
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    std::string pair = cookie.substr(0, cookie.find(';'));

    auto r = get(eval, {{"Cookie", pair}});
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.body, "'/boom'");
    EXPECT_EQ(r.headers.get("Content-Type", ""), "text/plain; charset=utf-8");
    r = get("/?__debugger__=yes&s=" + secret + "&tb=" + tb + "&cmd=request.args.who", {{"Cookie", pair}});
    EXPECT_EQ(r.body, "'ada'");
    r = get("/?__debugger__=yes&s=" + secret + "&tb=" + tb + "&cmd=1%20%2B", {{"Cookie", pair}});
    EXPECT_NE(r.body.find("TemplateSyntaxError"), std::string::npos) << r.body;
    EXPECT_EQ(get("/?__debugger__=yes&s=wrong&tb=" + tb + "&cmd=request.path", {{"Cookie", pair}}).status_code, 403);
}

TEST_F(DebuggerFixture, OtherHostsGetThePlain500Page) {
    auto r = get("/boom", {}, "10.0.0.7");
    EXPECT_EQ(r.status_code, 500);
    EXPECT_EQ(r.body.find("std::runtime_error"), std::string::npos);
    EXPECT_NE(r.body.find("Internal Server Error"), std::string::npos);
    r = get("/boom", {{"Host", "rebinding.example"}});
    EXPECT_EQ(r.body.find("std::runtime_error"), std::string::npos);
}

TEST(Propagation, TestingModeRaisesTheViewsExceptionThroughTheTestClient) {
    flask::Flask app("/tmp/test_app.cpp");
    app.route("/")([]() -> std::string { throw std::logic_error("from the view"); });
    EXPECT_EQ(app.test_client().get("/").status_code, 500);
    app.config["TESTING"] = true;
    EXPECT_THROW(app.test_client().get("/"), std::logic_error);
    app.config["PROPAGATE_EXCEPTIONS"] = false;
    EXPECT_EQ(app.test_client().get("/").status_code, 500);
}

}  // namespace
