// The Quickstart's snippets (routing, HTTP methods, responses, redirects and
// errors, JSON APIs), as a Flask user would write them in C++.
//     ./quickstart run --debug
#include <flask/flask.hpp>

using flask::request;

int main(int argc, char** argv) {
    flask::Flask app(__FILE__);

    // A Minimal Application.
    app.route("/", {.endpoint = "index"})([] { return "Index Page"; });
    app.route("/hello", {.endpoint = "hello"})([] { return "Hello, World"; });

    // Variable Rules.
    app.route("/user/<username>", {.endpoint = "show_user_profile"})(
        [](std::string username) { return "User " + flask::escape(username); });
    app.route("/post/<int:post_id>", {.endpoint = "show_post"})(
        [](int post_id) { return fmt::format("Post {}", post_id); });
    app.route("/path/<path:subpath>", {.endpoint = "show_subpath"})(
        [](std::string subpath) { return "Subpath " + flask::escape(subpath); });

    // Unique URLs / Redirection Behavior.
    app.route("/projects/", {.endpoint = "projects"})([] { return "The project page"; });
    app.route("/about", {.endpoint = "about"})([] { return "The about page"; });

    // HTTP Methods.
    app.route("/login", {.endpoint = "login", .methods = {"GET", "POST"}})([]() -> flask::ViewResult {
        if (request.method() == "POST") return "Logged in as " + flask::escape(request.form()["username"]);
        return "<form method=post><input name=username><button>Log in</button></form>";
    });
    app.get("/shortcut", {.endpoint = "login_get"})([] { return "GET"; });
    app.post("/shortcut", {.endpoint = "login_post"})([] { return "POST"; });

    // URL Building.
    app.route("/urls", {.endpoint = "urls"})([] {
        return fmt::format("{}\n{}\n{}\n{}\n", flask::url_for("index"), flask::url_for("login"),
                           flask::url_for("login", {{"next", "/"}}),
                           flask::url_for("show_user_profile", {{"username", "John Doe"}}));
    });

    // Redirects and Errors.
    app.route("/go", {.endpoint = "go"})([] { return flask::redirect(flask::url_for("login")); });
    app.route("/secret", {.endpoint = "secret"})([] { flask::abort(401); });
    app.errorhandler(404)([](const flask::HTTPException&) { return std::tuple{"This page does not exist", 404}; });

    // About Responses.
    app.route("/me", {.endpoint = "me_api"})([] {
        return flask::Dict{{"username", "ann"}, {"theme", "dark"}, {"image", flask::url_for("static", {{"filename", "ann.png"}})}};
    });
    app.route("/users", {.endpoint = "users_api"})([] { return flask::List{"ann", "bob"}; });
    app.route("/created", {.endpoint = "created"})([] { return std::tuple{"Created!", 201, flask::Headers{{"X-Id", "7"}}}; });

    // Logging.
    app.route("/log", {.endpoint = "log"})([] {
        flask::current_app().logger.warning("A warning occurred ({} apples)", 42);
        return "Logged";
    });
    return app.main(argc, argv);
}
