// Blueprints: names and prefixes, nesting, relative url_for, scoped hooks
// and error handlers, templates and static files, as Flask behaves.
#include <gtest/gtest.h>

#include <flask/flask.hpp>

#include <fstream>

namespace {

using flask::Blueprint;
using flask::request;

TEST(Blueprint, RoutesGetTheNameAndPrefix) {
    flask::Flask app("/tmp/app.cpp");
    Blueprint auth("auth", "/tmp/auth.cpp", {.url_prefix = "/auth"});
    auth.route("/login", {.endpoint = "login", .methods = {"GET", "POST"}})([] {
        return fmt::format("{} {} {}", request.endpoint().value_or("-"), request.blueprint().value_or("-"),
                           flask::url_for(".login"));
    });
    auth.route("/", {.endpoint = "index"})([] { return flask::url_for("auth.login"); });
    app.register_blueprint(auth);
    auto client = app.test_client();
    EXPECT_EQ(client.get("/auth/login").text(), "auth.login auth /auth/login");
    EXPECT_EQ(client.post("/auth/login").status_code, 200);
    EXPECT_EQ(client.get("/auth/").text(), "/auth/login");
    EXPECT_EQ(client.get("/login").status_code, 404);
}

TEST(Blueprint, RegistrationOptionsOverrideAndNamesMustBeUnique) {
    flask::Flask app("/tmp/app.cpp");
    Blueprint bp("bp", "/tmp/bp.cpp", {.url_prefix = "/one"});
    bp.route("/x", {.endpoint = "x"})([] { return flask::url_for(".x"); });
    app.register_blueprint(bp);
    app.register_blueprint(bp, {.url_prefix = "/two", .name = "bp2"});
    auto client = app.test_client();
    EXPECT_EQ(client.get("/one/x").text(), "/one/x");
    EXPECT_EQ(client.get("/two/x").text(), "/two/x");
    EXPECT_THROW(app.register_blueprint(bp), std::invalid_argument);
    EXPECT_THROW(Blueprint("a.b", "/tmp/x.cpp"), std::invalid_argument);
}

TEST(Blueprint, NestedBlueprintsJoinNamesAndPrefixes) {
    flask::Flask app("/tmp/app.cpp");
    Blueprint parent("parent", "/tmp/p.cpp", {.url_prefix = "/parent/"});
    Blueprint child("child", "/tmp/c.cpp", {.url_prefix = "/child"});
    child.route("/", {.endpoint = "index"})([] {
        auto bps = request.blueprints();
        return fmt::format("{} [{}]", request.endpoint().value_or("-"), fmt::join(bps, ", "));
    });
    parent.register_blueprint(child);
    app.register_blueprint(parent);
    EXPECT_EQ(app.test_client().get("/parent/child/").text(), "parent.child.index [parent.child, parent]");
}

TEST(Blueprint, HooksAndErrorHandlersApplyToTheirOwnViews) {
    flask::Flask app("/tmp/app.cpp");
    std::vector<std::string> log;
    Blueprint bp("bp", "/tmp/bp.cpp", {.url_prefix = "/bp"});
    bp.before_request([&] { log.push_back("bp before"); });
    bp.after_request([&](flask::Response r) {
        log.push_back("bp after");
        return r;
    });
    bp.before_app_request([&] { log.push_back("app-wide before"); });
    bp.errorhandler(404)([](const flask::HTTPException&) { return std::make_tuple("bp 404", 404); });
    bp.errorhandler<std::runtime_error>([](const std::runtime_error& e) { return std::string("bp caught ") + e.what(); });
    bp.route("/missing", {.endpoint = "missing"})([]() -> std::string { flask::abort(404); });
    bp.route("/boom", {.endpoint = "boom"})([]() -> std::string { throw std::runtime_error("boom"); });
    app.before_request([&] { log.push_back("app before"); });
    app.route("/plain")([]() -> std::string { flask::abort(404); });
    app.register_blueprint(bp);

    auto client = app.test_client();
    EXPECT_EQ(client.get("/bp/missing").text(), "bp 404");
    EXPECT_EQ(log, (std::vector<std::string>{"app before", "app-wide before", "bp before", "bp after"}));
    log.clear();
    EXPECT_EQ(client.get("/bp/boom").text(), "bp caught boom");
    log.clear();
    auto plain = client.get("/plain");
    EXPECT_EQ(plain.status_code, 404);
    EXPECT_NE(plain.text(), "bp 404") << "the blueprint's handler is not the app's";
    EXPECT_EQ(log, (std::vector<std::string>{"app before", "app-wide before"}));
}

TEST(Blueprint, TemplatesAndStaticFilesFromTheBlueprintFolder) {
    auto dir = std::filesystem::temp_directory_path() / ("flaskcpp-bp-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir / "admin" / "templates" / "admin");
    std::filesystem::create_directories(dir / "admin" / "static");
    std::filesystem::create_directories(dir / "templates");
    std::ofstream(dir / "admin" / "templates" / "admin" / "index.html") << "admin {{ name }} {{ url_for('.static', filename='a.css') }}";
    std::ofstream(dir / "admin" / "static" / "a.css") << "body{}";
    flask::Flask app((dir / "app.cpp").string());
    Blueprint admin("admin", (dir / "admin" / "admin.cpp").string(),
                    {.static_folder = "static", .template_folder = "templates", .url_prefix = "/admin"});
    admin.route("/", {.endpoint = "index"})([] { return flask::render_template("admin/index.html", {{"name", "x"}}); });
    app.register_blueprint(admin);
    auto client = app.test_client();
    EXPECT_EQ(client.get("/admin/").text(), "admin x /admin/static/a.css");
    EXPECT_EQ(client.get("/admin/static/a.css").text(), "body{}");
    std::filesystem::remove_all(dir);
}

}  // namespace
