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

TEST(TestClientCookies, ExplicitCookieHeaderWinsAndJarCanBeEdited) {
    flask::Flask app("/tmp/test_client_app.cpp");
    add_session_views(app);
    app.route("/raw", {.endpoint = "raw"})([] { return flask::request.headers().get("Cookie", "-"); });
    auto client = app.test_client();
    client.set_cookie("flavour", "oat");
    EXPECT_EQ(client.get("/raw").text(), "flavour=oat");
    EXPECT_EQ(client.get("/raw", {.headers = {{"Cookie", "mine=1"}}}).text(), "mine=1");
    client.delete_cookie("flavour");
    EXPECT_EQ(client.get("/raw").text(), "-");
}

TEST(TestClientCookies, CanBeTurnedOff) {
    flask::Flask app("/tmp/test_client_app.cpp");
    add_session_views(app);
    flask::FlaskClient client(app, /*use_cookies=*/false);
    client.get("/login/ada");
    EXPECT_FALSE(client.get_cookie("session"));
    EXPECT_EQ(client.get("/whoami").text(), "nobody");
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
