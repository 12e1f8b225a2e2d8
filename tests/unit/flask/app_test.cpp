#include <gtest/gtest.h>

#include <flask/flask.hpp>

namespace {

using flask::request;

TEST(Routing, ViewGetsTypedConverterValues) {
    flask::Flask app("/tmp/test_app.cpp");
    app.route("/post/<int:post_id>")([](int post_id) { return fmt::format("Post {}", post_id + 1); });
    auto r = app.test_client().get("/post/41");
    EXPECT_EQ(r.status_code, 200);
    EXPECT_EQ(r.text(), "Post 42");
    EXPECT_EQ(r.headers.get("Content-Type", ""), "text/html; charset=utf-8");
}

TEST(Routing, RegistrationRejectsParameterThatDoesNotFitTheConverter) {
    flask::Flask app("/tmp/test_app.cpp");
    try {
        app.route("/post/<int:post_id>")([](std::string post_id) { return post_id; });
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        std::string what = e.what();
        EXPECT_NE(what.find("/post/<int:post_id>"), std::string::npos) << what;
        EXPECT_NE(what.find("post_id"), std::string::npos) << what;
    }
}

TEST(Routing, RegistrationRejectsMissingParameter) {
    flask::Flask app("/tmp/test_app.cpp");
    EXPECT_THROW(app.route("/user/<name>")([] { return "x"; }), std::invalid_argument);
}

TEST(Routing, StackedRulesShareOneViewWithOptionalParameter) {
    flask::Flask app("/tmp/test_app.cpp");
    app.route("/greet/", {.endpoint = "greet"}).route("/greet/<name>")([](std::optional<std::string> name) {
        return "Hello " + name.value_or("stranger");
    });
    auto client = app.test_client();
    EXPECT_EQ(client.get("/greet/").text(), "Hello stranger");
    EXPECT_EQ(client.get("/greet/ann").text(), "Hello ann");
}

TEST(Routing, AutomaticOptionsAndMethodNotAllowed) {
    flask::Flask app("/tmp/test_app.cpp");
    app.post("/submit")([] { return "ok"; });
    auto client = app.test_client();
    auto options = client.options("/submit");
    EXPECT_EQ(options.status_code, 200);
    EXPECT_EQ(options.headers.get("Allow", ""), "OPTIONS, POST");
    auto get = client.get("/submit");
    EXPECT_EQ(get.status_code, 405);
    EXPECT_EQ(get.status, "405 METHOD NOT ALLOWED");
    EXPECT_EQ(get.headers.get("Allow", ""), "OPTIONS, POST");
}

TEST(Routing, StrictSlashesRedirectsWith308) {
    flask::Flask app("/tmp/test_app.cpp");
    app.route("/projects/")([] { return "projects"; });
    auto r = app.test_client().get("/projects?x=1");
    EXPECT_EQ(r.status_code, 308);
    EXPECT_EQ(r.headers.get("Location", ""), "http://localhost/projects/?x=1");
}

TEST(Responses, TupleWithStatusAndHeaders) {
    flask::Flask app("/tmp/test_app.cpp");
    app.route("/")([] { return std::tuple{"Created", 201, flask::Headers{{"X-Id", "7"}}}; });
    auto r = app.test_client().get("/");
    EXPECT_EQ(r.status, "201 CREATED");
    EXPECT_EQ(r.headers.get("X-Id", ""), "7");
    EXPECT_EQ(r.text(), "Created");
}

TEST(Responses, DictBecomesCompactSortedJson) {
    flask::Flask app("/tmp/test_app.cpp");
    app.route("/")([] { return flask::Dict{{"b", 1}, {"a", "é"}}; });
    auto r = app.test_client().get("/");
    EXPECT_EQ(r.headers.get("Content-Type", ""), "application/json");
    EXPECT_EQ(r.text(), "{\"a\":\"\\u00e9\",\"b\":1}\n");
    EXPECT_EQ(r.get_json().at("b"), flask::Value(1));
}

TEST(Responses, GeneratorIsStreamedWithoutContentLength) {
    flask::Flask app("/tmp/test_app.cpp");
    app.route("/")([] {
        flask::wsgi::BodyGenerator rows = [i = 0](std::string& chunk) mutable {
            if (i == 3) return false;
            chunk = fmt::format("row {}\n", i++);
            return true;
        };
        return rows;
    });
    auto r = app.test_client().get("/");
    EXPECT_FALSE(r.headers.contains("Content-Length"));
    EXPECT_EQ(r.text(), "row 0\nrow 1\nrow 2\n");
}

TEST(Responses, ViewReturningNothingIs500AndLogged) {
    flask::Flask app("/tmp/test_app.cpp");
    std::string logged;
    app.logger.set_sink([&](flask::LogLevel, std::string_view line) { logged += line; });
    app.route("/", {.endpoint = "nothing"})([] {});
    auto r = app.test_client().get("/");
    EXPECT_EQ(r.status_code, 500);
    EXPECT_NE(logged.find("did not return a valid response"), std::string::npos) << logged;
    EXPECT_NE(logged.find("Exception on / [GET]"), std::string::npos) << logged;
}

struct InvalidUsage : std::runtime_error {
    using std::runtime_error::runtime_error;
};

TEST(Errors, HandlersByCodeAndByExceptionType) {
    flask::Flask app("/tmp/test_app.cpp");
    app.errorhandler(404)([](const flask::HTTPException& e) { return std::tuple{fmt::format("missing ({})", e.code()), 404}; });
    app.errorhandler<InvalidUsage>([](const InvalidUsage& e) { return std::tuple{flask::jsonify({{"error", e.what()}}), 400}; });
    app.route("/bad")([]() -> std::string { throw InvalidUsage("nope"); });
    auto client = app.test_client();
    EXPECT_EQ(client.get("/nowhere").text(), "missing (404)");
    auto bad = client.get("/bad");
    EXPECT_EQ(bad.status_code, 400);
    EXPECT_EQ(bad.text(), "{\"error\":\"nope\"}\n");
}

struct BaseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct MidError : BaseError {
    using BaseError::BaseError;
};
struct LeafError : MidError {
    using MidError::MidError;
};

TEST(Errors, TheMostDerivedHandlerWinsWithinAScopeAndBlueprintsComeFirst) {
    // Flask walks the exception's MRO in each scope in turn (blueprint, then
    // app); outputs of real Flask 3.1 for the same app.
    flask::Flask app("/tmp/test_app.cpp");
    flask::Blueprint bp("bp", "/tmp/test_app.cpp");
    app.errorhandler<std::exception>([](const std::exception& e) {
        return std::tuple{std::string("app Exception ") + (dynamic_cast<const flask::HTTPException*>(&e) ? "NotFound" : "ValueError"), 500};
    });
    app.errorhandler<BaseError>([](const BaseError&) { return std::tuple{"app Base", 500}; });
    app.errorhandler<LeafError>([](const LeafError&) { return std::tuple{"app Leaf", 500}; });
    // The same type registered again replaces the handler, as Flask's dict does.
    app.errorhandler<LeafError>([](const LeafError&) { return std::tuple{"app Leaf again", 500}; });
    bp.errorhandler<std::exception>([](const std::exception&) { return std::tuple{"bp Exception", 500}; });
    app.route("/leaf")([]() -> std::string { throw LeafError("x"); });
    app.route("/mid")([]() -> std::string { throw MidError("x"); });
    app.route("/value")([]() -> std::string { throw std::invalid_argument("x"); });
    app.route("/nf")([]() -> std::string { flask::abort(404); });
    bp.route("/bp/mid", {.endpoint = "mid"})([]() -> std::string { throw MidError("x"); });
    bp.route("/bp/nf", {.endpoint = "nf"})([]() -> std::string { flask::abort(404); });
    app.register_blueprint(bp);
    auto client = app.test_client();
    EXPECT_EQ(client.get("/leaf").text(), "app Leaf again");
    EXPECT_EQ(client.get("/mid").text(), "app Base");
    EXPECT_EQ(client.get("/value").text(), "app Exception ValueError");
    EXPECT_EQ(client.get("/nf").text(), "app Exception NotFound");
    EXPECT_EQ(client.get("/bp/mid").text(), "bp Exception");
    EXPECT_EQ(client.get("/bp/nf").text(), "bp Exception");
}

TEST(Errors, AbortRendersWerkzeugPage) {
    flask::Flask app("/tmp/test_app.cpp");
    app.route("/")([] { flask::abort(403, "Members only. <Really>."); });
    auto r = app.test_client().get("/");
    EXPECT_EQ(r.status, "403 FORBIDDEN");
    EXPECT_EQ(r.text(),
              "<!doctype html>\n<html lang=en>\n<title>403 Forbidden</title>\n<h1>Forbidden</h1>\n"
              "<p>Members only. &lt;Really&gt;.</p>\n");
}

TEST(Hooks, BeforeRequestShortCircuitsAndAfterRequestRunsInReverse) {
    flask::Flask app("/tmp/test_app.cpp");
    std::string order;
    app.before_request([&]() -> std::optional<flask::ViewResult> {
        if (request.path() == "/blocked") return std::tuple{"blocked", 403};
        return std::nullopt;
    });
    app.after_request([&](flask::Response& r) { order += "1"; r.headers.set("X-Order", order); });
    app.after_request([&](flask::Response&) { order += "2"; });
    app.route("/")([] { return "ok"; });
    app.route("/blocked")([] { return "view"; });
    auto client = app.test_client();
    EXPECT_EQ(client.get("/").headers.get("X-Order", ""), "21");
    auto blocked = client.get("/blocked");
    EXPECT_EQ(blocked.status_code, 403);
    EXPECT_EQ(blocked.text(), "blocked");
}

TEST(Context, UrlForWorksInTestRequestContext) {
    flask::Flask app("/tmp/test_app.cpp");
    app.route("/user/<username>", {.endpoint = "profile"})([](std::string u) { return u; });
    auto ctx = app.test_request_context("/");
    EXPECT_EQ(flask::url_for("profile", {{"username", "John Doe"}, {"page", 2}}), "/user/John%20Doe?page=2");
    EXPECT_EQ(flask::url_for("profile", {{"username", "x"}, {"_external", true}}), "http://localhost/user/x");
    EXPECT_THROW(flask::url_for("nope"), flask::BuildError);
}

TEST(Context, RequestIsUnavailableOutsideAContext) {
    EXPECT_THROW((void)request.method(), flask::RuntimeError);
}

TEST(Request, ArgsFormAndJson) {
    flask::Flask app("/tmp/test_app.cpp");
    app.route("/echo", {.methods = {"POST"}})([] {
        return flask::jsonify({{"q", request.args().get("q", "")},
                               {"page", request.args().get("page", 1)},
                               {"name", request.form().get("name", "")}});
    });
    app.route("/json", {.methods = {"POST"}})([] { return flask::jsonify({{"got", request.get_json()}}); });
    auto client = app.test_client();
    auto r = client.post("/echo", {.query = {{"q", "a b"}, {"page", " +3 "}}, .form = {{"name", "ann"}}});
    EXPECT_EQ(r.text(), "{\"name\":\"ann\",\"page\":3,\"q\":\"a b\"}\n");
    auto j = client.post("/json", {.json = flask::Value(flask::List{1, 2})});
    EXPECT_EQ(j.text(), "{\"got\":[1,2]}\n");
    auto bad = client.post("/json", {.data = "{", .content_type = "application/json"});
    EXPECT_EQ(bad.status_code, 400);
    auto wrong_type = client.post("/json", {.data = "[]"});
    EXPECT_EQ(wrong_type.status_code, 415);
}

TEST(Cli, RoutesTableMatchesFlask) {
    flask::Flask app("/tmp/test_app.cpp");
    app.route("/", {.endpoint = "index"})([] { return ""; });
    app.route("/login", {.endpoint = "login", .methods = {"GET", "POST"}})([] { return ""; });
    EXPECT_EQ(app.cli().routes_table(),
              "Endpoint  Methods    Rule\n"
              "--------  ---------  -----------------------\n"
              "index     GET        /\n"
              "login     GET, POST  /login\n"
              "static    GET        /static/<path:filename>\n");
}

}  // namespace
