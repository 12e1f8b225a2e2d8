// The test client's cookie jar (Werkzeug's use_cookies=True), and rules
// added for URL building only (add_url_rule without a view).
#include <gtest/gtest.h>

#include <flask/flask.hpp>

namespace {

/// /login stores a name in the session, /whoami reads it, /logout clears it.
void add_session_views(flask::Flask& app) {
    app.set_secret_key("test key");
    app.route("/login/<name>", {.endpoint = "login"})([](std::string name) {
        flask::session["name"] = name;
        return "ok";
    });
    app.route("/whoami", {.endpoint = "whoami"})([] { return flask::session.get("name", "nobody").str(); });
    app.route("/logout", {.endpoint = "logout"})([] {
        flask::session.clear();
        return "bye";
    });
}

TEST(TestClientCookies, SessionCookieIsKeptAndSentBack) {
    flask::Flask app("/tmp/test_client_app.cpp");
    add_session_views(app);
    auto client = app.test_client();
    EXPECT_EQ(client.get("/whoami").text(), "nobody");
    EXPECT_FALSE(client.get_cookie("session"));
    client.get("/login/ada");
    ASSERT_TRUE(client.get_cookie("session"));
    EXPECT_EQ(client.get("/whoami").text(), "ada");
}

TEST(TestClientCookies, DeletedCookieLeavesTheJar) {
    flask::Flask app("/tmp/test_client_app.cpp");
    add_session_views(app);
    auto client = app.test_client();
    client.get("/login/ada");
    auto r = client.get("/logout");
    EXPECT_NE(r.headers.get("Set-Cookie", "").find("Max-Age=0"), std::string::npos) << r.headers.get("Set-Cookie", "");
    EXPECT_FALSE(client.get_cookie("session"));
    EXPECT_EQ(client.get("/whoami").text(), "nobody");
}

TEST(TestClientCookies, TheJarReplacesAGivenCookieHeader) {
    // Werkzeug's client sends its jar in place of any Cookie header passed
    // (and none when the jar has nothing for the request); without cookies
    // the header passed goes as it is.  Expected values: real Flask 3.1.
    flask::Flask app("/tmp/test_client_app.cpp");
    app.route("/raw", {.endpoint = "raw"})([] { return flask::request.headers().get("Cookie", "-"); });
    auto client = app.test_client();
    client.set_cookie("flavour", "oat");
    EXPECT_EQ(client.get("/raw").text(), "flavour=oat");
    EXPECT_EQ(client.get("/raw", {.headers = {{"Cookie", "mine=1"}}}).text(), "flavour=oat");
    client.delete_cookie("flavour");
    EXPECT_EQ(client.get("/raw", {.headers = {{"Cookie", "mine=1"}}}).text(), "-");
    flask::FlaskClient plain(app, /*use_cookies=*/false);
    EXPECT_EQ(plain.get("/raw", {.headers = {{"Cookie", "mine=1"}}}).text(), "mine=1");
}

TEST(TestClientCookies, CookiesGoToTheirDomainAndPath) {
    flask::Flask app("/tmp/test_client_app.cpp");
    for (const char* rule : {"/raw", "/admin/raw", "/adminx"})
        app.route(rule, {.endpoint = rule})([] { return flask::request.headers().get("Cookie", "-"); });
    app.route("/set", {.endpoint = "set"})([] {
        flask::Response r("ok");
        r.set_cookie("a", "1");
        r.set_cookie("b", "2", {.path = "/admin"});
        r.set_cookie("c", "3", {.domain = "example.com"});
        r.set_cookie("d", "x y;z", {.path = "/admin/"});
        return r;
    });
    app.route("/admin/set", {.endpoint = "admin_set"})([] {
        flask::Response r("ok");
        r.headers.add("Set-Cookie", "f=6");  // no Path: the setting request's directory
        r.set_cookie("a", "7");              // replaces a=1 in its place
        return r;
    });
    auto client = app.test_client();
    client.get("/set");
    client.get("/admin/set");
    EXPECT_EQ(client.get("/raw").text(), "a=7");
    EXPECT_EQ(client.get("/admin/raw").text(), "a=7; b=2; d=\"x y\\073z\"; f=6");
    EXPECT_EQ(client.get("/adminx").text(), "a=7");
    EXPECT_EQ(client.get("/raw", {.headers = {{"Host", "Sub.Example.com:8080"}}}).text(), "c=3");
    EXPECT_EQ(client.get("/raw", {.headers = {{"Host", "example.com"}}}).text(), "c=3");
    EXPECT_EQ(client.get("/raw", {.headers = {{"Host", "badexample.com"}}}).text(), "-");
    EXPECT_EQ(client.get("/raw", {.headers = {{"Host", "[::1]:5000"}}}).text(), "-");

    auto d = client.get_cookie("d", "localhost", "/admin/");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->value, "\"x y\\073z\"");
    EXPECT_EQ(d->decoded_value, "x y;z");
    EXPECT_TRUE(d->origin_only);
    auto f = client.get_cookie("f", "localhost", "/admin");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->value, "6");
    EXPECT_FALSE(client.get_cookie("f")) << "stored under its own path only";
    auto c = client.get_cookie("c", "example.com");
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->origin_only);

    client.set_cookie("z", "9", {.domain = "example.com", .origin_only = false});
    EXPECT_EQ(client.get("/raw", {.headers = {{"Host", "a.example.com"}}}).text(), "c=3; z=9");
    client.set_cookie("a", "", {.attributes = {.max_age = 0}});
    EXPECT_EQ(client.get("/raw").text(), "-");
}

TEST(TestClientCookies, CanBeTurnedOff) {
    flask::Flask app("/tmp/test_client_app.cpp");
    add_session_views(app);
    flask::FlaskClient client(app, /*use_cookies=*/false);
    client.get("/login/ada");
    EXPECT_EQ(client.get("/whoami").text(), "nobody");
    EXPECT_THROW(client.get_cookie("session"), jinja::TypeError);  // Werkzeug: "Cookies are disabled. ..."
}

TEST(AddUrlRule, RuleWithoutAViewOnlyBuildsUrls) {
    // Flask's tutorial: "blog.index" serves "/", and url_for("index") names it too.
    flask::Flask app("/tmp/test_client_app.cpp");
    app.route("/", {.endpoint = "blog_index"})([] { return "posts"; });
    app.add_url_rule("/", {.endpoint = "index"}, std::nullopt);
    app.add_url_rule("/orphan", {.endpoint = "orphan"}, std::nullopt);
    {
        auto ctx = app.test_request_context();
        EXPECT_EQ(flask::url_for("index"), "/");
        EXPECT_EQ(flask::url_for("orphan"), "/orphan");
    }
    auto client = app.test_client();
    EXPECT_EQ(client.get("/").text(), "posts") << "the first rule for / still matches";
    EXPECT_EQ(client.get("/orphan").status_code, 500) << "a matched rule without a view is a server error";
}

}  // namespace
