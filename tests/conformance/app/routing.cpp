// Basics, variable rules and converters, HTTP methods, URL building and
// escaping sections of reference_app.py.
#include <charconv>

#include "conformance_app.hpp"

namespace conformance {

namespace {

using flask::Markup;
using flask::request;
using flask::url_for;

/// Query values for /build: optionally signed ASCII digit strings become ints.
flask::Value build_value(const std::string& text) {
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
    while (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
    bool all_digits = !digits.empty();
    for (char c : digits) all_digits = all_digits && c >= '0' && c <= '9';
    if (!all_digits) return text;
    long long n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || ptr != text.data() + text.size()) return text;
    return n;
}

}  // namespace

void register_routing(flask::Flask& app) {
    app.route("/", {.endpoint = "index"})([] { return "<p>Hello, World!</p>"; });
    app.route("/hello", {.endpoint = "hello"})([] { return "Hello, World"; });

    // Variable rules and converters.
    app.route("/user/<username>", {.endpoint = "show_user_profile"})(
        [](std::string username) { return "User " + flask::escape(username); });
    // Python's int is unbounded: the port takes the value as it comes (int64 or a big int).
    app.route("/post/<int:post_id>", {.endpoint = "show_post"})(
        [](const flask::Value& post_id) { return "Post " + post_id.str(); });
    app.route("/path/<path:subpath>", {.endpoint = "show_subpath"})(
        [](std::string subpath) { return "Subpath " + flask::escape(subpath); });
    app.route("/float/<float:value>", {.endpoint = "show_float"})(
        [](double value) { return "Float " + jinja::float_repr(value); });
    app.route("/float-signed/<float(signed=True):value>", {.endpoint = "show_signed_float"})(
        [](double value) { return "Signed float " + jinja::float_repr(value); });
    app.route("/uuid/<uuid:ident>", {.endpoint = "show_uuid"})(
        [](flask::UUID ident) { return fmt::format("UUID {} version {}", ident.str(), ident.version()); });
    app.route("/page/<any(about, help, \"contact-us\"):page>", {.endpoint = "show_page"})(
        [](std::string page) { return "Page " + page; });
    app.route("/signed/<int(signed=True):n>", {.endpoint = "show_signed"})(
        [](long long n) { return fmt::format("Signed {} doubled {}", n, n * 2); });
    app.route("/bounded/<int(min=1, max=100):n>", {.endpoint = "show_bounded"})(
        [](int n) { return fmt::format("Bounded {}", n); });
    app.route("/fixed/<int(fixed_digits=4):code>", {.endpoint = "show_fixed"})(
        [](int code) { return fmt::format("Fixed {}", code); });
    app.route("/code/<string(length=3):code>", {.endpoint = "show_code"})(
        [](std::string code) { return "Code " + flask::escape(code); });
    app.route("/short/<string(minlength=2, maxlength=5):word>", {.endpoint = "show_short"})(
        [](std::string word) { return "Short " + flask::escape(word); });

    // Route priorities: static part beats converter, int beats string, path is last.
    app.route("/items/new", {.endpoint = "item_new"})([] { return "Item form: new"; });
    app.route("/items/<int:item_id>", {.endpoint = "item_by_id"})(
        [](int item_id) { return fmt::format("Item #{}", item_id); });
    app.route("/items/<name>", {.endpoint = "item_by_name"})(
        [](std::string name) { return "Item named " + flask::escape(name); });
    app.route("/items/<path:rest>", {.endpoint = "item_by_path"})(
        [](std::string rest) { return "Item path " + flask::escape(rest); });
    app.route("/items/<name>/edit", {.endpoint = "item_edit"})(
        [](std::string name) { return "Edit item " + flask::escape(name); });

    // One view, two rules; page defaults to 1 and /users/page/1 redirects to /users/.
    app.route("/users/", {.endpoint = "list_users", .defaults = {{"page", 1}}})
        .route("/users/page/<int:page>", {.endpoint = "list_users"})(
            [](int page) { return fmt::format("Users page {}", page); });
    app.route("/projects/", {.endpoint = "projects"})([] { return "The project page"; });
    app.route("/about", {.endpoint = "about"})([] { return "The about page"; });
    app.route("/loose", {.endpoint = "loose", .strict_slashes = false})([] { return "Loose without slash"; });
    app.route("/loose-dir/", {.endpoint = "loose_dir", .strict_slashes = false})([] { return "Loose with slash"; });
    app.route("/keep//double", {.endpoint = "keep_double", .merge_slashes = false})(
        [] { return "Double slash kept"; });

    // HTTP methods.
    app.route("/login", {.endpoint = "login", .methods = {"GET", "POST"}})([]() -> flask::ViewResult {
        if (request.method() == "POST") return "Logged in as " + flask::escape(request.form()["username"]);
        return render_template("login.html");
    });
    app.get("/shortcut", {.endpoint = "shortcut_get"})([] { return "GET shortcut"; });
    app.post("/shortcut", {.endpoint = "shortcut_post"})([] { return "POST shortcut"; });
    app.route("/resource", {.endpoint = "resource", .methods = {"PUT", "PATCH", "DELETE"}})(
        [] { return request.method() + " resource"; });
    app.route("/method", {.endpoint = "echo_method", .methods = {"GET", "POST", "PUT", "PATCH", "DELETE"}})(
        [] { return "Method: " + request.method(); });
    app.route("/custom-options", {.endpoint = "custom_options", .methods = {"GET", "OPTIONS"}})(
        []() -> flask::ViewResult {
            if (request.method() == "OPTIONS") {
                auto resp = flask::make_response(std::tuple{"Custom OPTIONS answer", 200});
                resp.headers.set("Allow", "GET, OPTIONS");
                resp.headers.set("X-Options-Handled", "view");
                return resp;
            }
            return "Custom options GET";
        });

    // URL building: the Quickstart url_for examples, one per line.
    app.route("/urls", {.endpoint = "urls"})([] {
        std::vector<std::string> lines = {
            url_for("index"),
            url_for("login"),
            url_for("login", {{"next", "/"}}),
            url_for("show_user_profile", {{"username", "John Doe"}}),
            url_for("show_post", {{"post_id", 42}}),
            url_for("show_subpath", {{"subpath", "a/b c/d"}}),
            url_for("show_float", {{"value", 2.5}}),
            url_for("show_fixed", {{"code", 7}}),
            url_for("list_users"),
            url_for("list_users", {{"page", 1}}),
            url_for("list_users", {{"page", 3}}),
            url_for("static", {{"filename", "style.css"}}),
            url_for("index", {{"_anchor", "top section"}}),
            url_for("show_post", {{"post_id", 7}, {"_external", true}}),
            url_for("shortcut_post", {{"_method", "POST"}}),
            url_for("index", {{"q", "a&b=c"}, {"lang", "ü"}}),
        };
        return fmt::format("{}", fmt::join(lines, "\n"));
    });
    app.route("/build", {.endpoint = "build_url"})([] {
        // url_for(?endpoint, **other args); "_external=1" -> True.
        const auto& args = request.args();
        std::string endpoint = args["endpoint"];
        flask::UrlValues values;
        for (const auto& key : args.keys()) {
            if (key == "endpoint") continue;
            auto vals = args.getlist(key);
            if (key == "_external") {
                values.emplace_back(key, vals[0] == "1");
            } else if (key.rfind('_', 0) == 0) {
                values.emplace_back(key, vals[0]);
            } else if (vals.size() == 1) {
                values.emplace_back(key, build_value(vals[0]));
            } else {
                flask::List items;
                for (const auto& v : vals) items.push_back(build_value(v));
                values.emplace_back(key, flask::Value(std::move(items)));
            }
        }
        return url_for(endpoint, values);
    });

    // Escaping.
    app.route("/escape", {.endpoint = "escape_query"})(
        [] { return "Escaped: " + flask::escape(request.args().get("q", "")); });
    app.route("/markup", {.endpoint = "markup_demo"})([] {
        auto name = request.args().get("name", "<blink>hacker</blink>");
        auto marked = Markup("<strong>Hello %s!</strong>") % name;
        auto stripped = Markup("<em>Marked up</em> &raquo; HTML").striptags();
        return fmt::format("{}\n{}\n{}", marked.str(), stripped, flask::escape(Markup("<b>safe</b>")).str());
    });
}

}  // namespace conformance
