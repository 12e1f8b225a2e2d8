// test_auth.py: register, login and logout, and their error messages.
#include <tuple>

#include "fixture.hpp"

namespace flaskr::testing {
namespace {

using AuthTest = FlaskrTest;

/// What the last request saw at its end, standing in for the tutorial's
/// `with client:` block that keeps the request context open to read
/// `session` and `g` afterwards.
struct Observed {
    jinja::Value user_id;
    jinja::Value user;
};

void observe(flask::Flask& app, Observed& seen) {
    app.after_request([&seen](flask::Response&) {
        seen.user_id = flask::session.get("user_id");
        seen.user = flask::g.get("user");
    });
}

TEST_F(AuthTest, Register) {
    EXPECT_EQ(client().get("/auth/register").status_code, 200);
    auto response = client().post("/auth/register", {.form = {{"username", "a"}, {"password", "a"}}});
    EXPECT_EQ(response.status_code, 302);
    EXPECT_EQ(response.headers.get("Location", ""), "/auth/login");
    with_db([](flask::ext::Connection& conn) {
        auto user = conn.query_one("SELECT * FROM user WHERE username = 'a'");
        ASSERT_TRUE(user);
        EXPECT_NE((*user)["password"].str(), "a") << "only a hash is stored";
        EXPECT_TRUE(flask::check_password_hash((*user)["password"].str(), "a"));
    });
}

TEST_F(AuthTest, RegisterWithoutFieldsIsABadRequest) {
    EXPECT_EQ(client().post("/auth/register", {.form = {{"username", "a"}}}).status_code, 400);
}

class RegisterValidation : public FlaskrTest,
                           public ::testing::WithParamInterface<std::tuple<std::string, std::string, std::string>> {};

TEST_P(RegisterValidation, FlashesTheError) {
    const auto& [username, password, message] = GetParam();
    auto response = client().post("/auth/register", {.form = {{"username", username}, {"password", password}}});
    EXPECT_EQ(response.status_code, 200);
    EXPECT_NE(response.text().find(message), std::string::npos) << response.text();
}

INSTANTIATE_TEST_SUITE_P(Auth, RegisterValidation,
                         ::testing::Values(std::tuple{"", "", "Username is required."},
                                           std::tuple{"a", "", "Password is required."},
                                           std::tuple{"test", "test", "User test is already registered."}));

TEST_F(AuthTest, Login) {
    EXPECT_EQ(client().get("/auth/login").status_code, 200);
    auto response = auth().login();
    EXPECT_EQ(response.status_code, 302);
    EXPECT_EQ(response.headers.get("Location", ""), "/");

    Observed seen;
    observe(app(), seen);
    auto page = client().get("/");
    EXPECT_EQ(seen.user_id, jinja::Value(1));
    ASSERT_TRUE(seen.user.is_dict());
    EXPECT_EQ(seen.user.at("username").str(), "test");
    EXPECT_NE(page.text().find("Log Out"), std::string::npos);
}

class LoginValidation : public FlaskrTest,
                        public ::testing::WithParamInterface<std::tuple<std::string, std::string, std::string>> {};

TEST_P(LoginValidation, FlashesTheError) {
    const auto& [username, password, message] = GetParam();
    auto response = auth().login(username, password);
    EXPECT_EQ(response.status_code, 200);
    EXPECT_NE(response.text().find(message), std::string::npos) << response.text();
    Observed seen;
    observe(app(), seen);
    client().get("/");
    EXPECT_TRUE(seen.user_id.is_none()) << "still logged out";
}

INSTANTIATE_TEST_SUITE_P(Auth, LoginValidation,
                         ::testing::Values(std::tuple{"a", "test", "Incorrect username."},
                                           std::tuple{"test", "a", "Incorrect password."}));

TEST_F(AuthTest, Logout) {
    auth().login();
    ASSERT_TRUE(client().get_cookie("session")) << "logging in sets the session cookie";

    Observed seen;
    observe(app(), seen);
    auto response = auth().logout();
    EXPECT_EQ(response.status_code, 302);
    EXPECT_EQ(response.headers.get("Location", ""), "/");
    EXPECT_TRUE(seen.user_id.is_none()) << "session['user_id'] is gone";
    EXPECT_FALSE(client().get_cookie("session")) << "the emptied session's cookie is deleted";

    client().get("/");
    EXPECT_TRUE(seen.user.is_none()) << "g.user is None on the next request";
}

TEST_F(AuthTest, SessionOfADeletedUserCountsAsLoggedOut) {
    auth().login();
    with_db([](flask::ext::Connection& conn) {
        conn.execute("DELETE FROM post");
        conn.execute("DELETE FROM user WHERE username = 'test'");
    });
    auto page = client().get("/");
    EXPECT_EQ(page.status_code, 200);
    EXPECT_NE(page.text().find("Log In"), std::string::npos);
}

}  // namespace
}  // namespace flaskr::testing
