// test_blog.py: the index, login_required, authors-only changes, and
// create / update / delete.
#include <string>

#include "fixture.hpp"

namespace flaskr::testing {
namespace {

using BlogTest = FlaskrTest;

bool contains(const flask::TestResponse& response, std::string_view text) {
    return response.text().find(text) != std::string::npos;
}

TEST_F(BlogTest, IndexLoggedOutOffersLoginAndRegister) {
    auto response = client().get("/");
    EXPECT_EQ(response.status_code, 200);
    EXPECT_TRUE(contains(response, "Log In"));
    EXPECT_TRUE(contains(response, "Register"));
    EXPECT_TRUE(contains(response, "test title")) << "posts are public";
    EXPECT_FALSE(contains(response, "href=\"/1/update\""));
}

TEST_F(BlogTest, IndexLoggedInShowsPostsAndEditLinks) {
    auth().login();
    auto response = client().get("/");
    EXPECT_TRUE(contains(response, "Log Out"));
    EXPECT_TRUE(contains(response, "test title"));
    EXPECT_TRUE(contains(response, "by test on 2018-01-01"));
    EXPECT_TRUE(contains(response, "test\nbody"));
    EXPECT_TRUE(contains(response, "href=\"/1/update\""));
}

TEST_F(BlogTest, PostsAreEscaped) {
    with_db([](flask::ext::Connection& conn) { conn.execute("UPDATE post SET title = '<script>x</script>'"); });
    auto response = client().get("/");
    EXPECT_FALSE(contains(response, "<script>x"));
    EXPECT_TRUE(contains(response, "&lt;script&gt;x"));
}

class LoginRequired : public FlaskrTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(LoginRequired, RedirectsToTheLoginPage) {
    auto response = client().post(GetParam());
    EXPECT_EQ(response.status_code, 302);
    EXPECT_EQ(response.headers.get("Location", ""), "/auth/login");
}

INSTANTIATE_TEST_SUITE_P(Blog, LoginRequired, ::testing::Values("/create", "/1/update", "/1/delete"));

TEST_F(BlogTest, OnlyTheAuthorMayChangeAPost) {
    with_db([](flask::ext::Connection& conn) { conn.execute("UPDATE post SET author_id = 2 WHERE id = 1"); });
    auth().login();
    EXPECT_EQ(client().post("/1/update").status_code, 403);
    EXPECT_EQ(client().post("/1/delete").status_code, 403);
    EXPECT_EQ(client().get("/1/update").status_code, 403);
    EXPECT_FALSE(contains(client().get("/"), "href=\"/1/update\"")) << "no edit link for someone else's post";
    with_db([](flask::ext::Connection& conn) { EXPECT_TRUE(conn.query_one("SELECT * FROM post WHERE id = 1")); });
}

class ExistsRequired : public FlaskrTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(ExistsRequired, MissingPostIs404) {
    auth().login();
    auto response = client().post(GetParam());
    EXPECT_EQ(response.status_code, 404);
    EXPECT_TRUE(contains(response, "Post id 2 doesn&#39;t exist.")) << response.text();
}

INSTANTIATE_TEST_SUITE_P(Blog, ExistsRequired, ::testing::Values("/2/update", "/2/delete"));

TEST_F(BlogTest, Create) {
    auth().login();
    EXPECT_EQ(client().get("/create").status_code, 200);
    auto response = client().post("/create", {.form = {{"title", "created"}, {"body", ""}}});
    EXPECT_EQ(response.status_code, 302);
    EXPECT_EQ(response.headers.get("Location", ""), "/");
    with_db([](flask::ext::Connection& conn) {
        EXPECT_EQ(conn.query("SELECT id FROM post").size(), 2u);
        auto post = conn.query_one("SELECT * FROM post WHERE title = 'created'");
        ASSERT_TRUE(post);
        EXPECT_EQ((*post)["author_id"], jinja::Value(1)) << "written by the logged-in user";
    });
}

TEST_F(BlogTest, Update) {
    auth().login();
    auto form = client().get("/1/update");
    EXPECT_EQ(form.status_code, 200);
    EXPECT_TRUE(contains(form, "value=\"test title\"")) << "the form starts from the stored post";
    EXPECT_TRUE(contains(form, "action=\"/1/delete\""));
    auto response = client().post("/1/update", {.form = {{"title", "updated"}, {"body", ""}}});
    EXPECT_EQ(response.status_code, 302);
    EXPECT_EQ(response.headers.get("Location", ""), "/");
    with_db([](flask::ext::Connection& conn) {
        auto post = conn.query_one("SELECT * FROM post WHERE id = 1");
        ASSERT_TRUE(post);
        EXPECT_EQ((*post)["title"].str(), "updated");
        EXPECT_EQ((*post)["body"].str(), "");
    });
}

class CreateUpdateValidate : public FlaskrTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(CreateUpdateValidate, TitleIsRequired) {
    auth().login();
    auto response = client().post(GetParam(), {.form = {{"title", ""}, {"body", ""}}});
    EXPECT_EQ(response.status_code, 200);
    EXPECT_TRUE(contains(response, "Title is required."));
}

INSTANTIATE_TEST_SUITE_P(Blog, CreateUpdateValidate, ::testing::Values("/create", "/1/update"));

TEST_F(BlogTest, Delete) {
    auth().login();
    auto response = client().post("/1/delete");
    EXPECT_EQ(response.status_code, 302);
    EXPECT_EQ(response.headers.get("Location", ""), "/");
    with_db([](flask::ext::Connection& conn) { EXPECT_FALSE(conn.query_one("SELECT * FROM post WHERE id = 1")); });
}

TEST_F(BlogTest, DeleteIsPostOnly) {
    auth().login();
    EXPECT_EQ(client().get("/1/delete").status_code, 405);
}

}  // namespace
}  // namespace flaskr::testing
