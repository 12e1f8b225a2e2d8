// flask::Flask: the application object.
//
//     flask::Flask app(__FILE__);
//     app.route("/")([] { return "<p>Hello, World!</p>"; });
//     app.route("/post/<int:post_id>", {.endpoint = "show_post"})([](int post_id) { ... });
//     return app.main(argc, argv);
//
// The app is also the WSGI-style callable the server runs: `app(environ)`
// calls `app.wsgi_app`, which middleware may wrap.
#pragma once

#include <any>
#include <map>

#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include "flask/config.hpp"
#include "flask/ctx.hpp"
#include "flask/exceptions.hpp"
#include "flask/logging.hpp"
#include "flask/response.hpp"
#include "flask/scaffold.hpp"
#include "flask/sessions.hpp"
#include "flask/views.hpp"
#include "flask/wsgi.hpp"

namespace flask {

namespace routing {
class Map;
class Rule;
}
class FlaskClient;
class Cli;
class Blueprint;

/// Options of register_blueprint(), in Flask's names.
struct BlueprintRegistration {
    std::optional<std::string> url_prefix = {};
    std::optional<std::string> name = {};
};

/// Keyword options of route()/add_url_rule(), in Flask's names.  Designated
/// initializers must follow this order: endpoint, methods, defaults, ...
struct RouteOptions {
    // Every member has an initializer so that designated initializers
    // ({.methods = {...}}) compile cleanly under -Wextra.
    std::string endpoint = {};                  // default: the rule string
    std::vector<std::string> methods = {};      // default: GET (plus automatic HEAD/OPTIONS)
    std::vector<std::pair<std::string, jinja::Value>> defaults = {};
    std::optional<bool> strict_slashes = {};
    std::optional<bool> merge_slashes = {};
    std::optional<bool> provide_automatic_options = {};
};

class Flask;

/// What route() returns: call it with the view, or stack another rule first
/// with `.route(...)`, as stacked decorators do in Flask.
class RouteDecorator {
public:
    RouteDecorator(Flask& app, std::string rule, RouteOptions options);
    RouteDecorator& route(std::string rule, RouteOptions options = {});
    template <class F>
    void operator()(F&& view);

private:
    Flask& app_;
    std::vector<std::pair<std::string, RouteOptions>> rules_;
};

/// Options of the Flask constructor.
struct FlaskOptions {
    std::optional<std::string> static_folder = "static";  // nullopt: no static route; relative to root_path
    std::optional<std::string> static_url_path = {};      // default "/" + folder name; "" serves at the root
    std::string template_folder = "templates";
    std::string name = {};                                // default: stem of the source file
    /// The instance folder (absolute); default: root_path / "instance".
    std::optional<std::string> instance_path = {};
    /// Relative configuration files are looked up in the instance folder.
    bool instance_relative_config = false;
};

class Flask {
public:
    /// `import_name` is usually __FILE__: templates/ and static/ are found next to it.
    explicit Flask(std::string import_name, FlaskOptions options = {});
    ~Flask();
    Flask(const Flask&) = delete;
    Flask& operator=(const Flask&) = delete;

    const std::string& name() const noexcept { return name_; }
    const std::filesystem::path& root_path() const noexcept { return root_path_; }
    std::optional<std::filesystem::path> static_folder() const;
    /// The static route's prefix ("/static"), without a trailing slash; nullopt without a static folder.
    std::optional<std::string> static_url_path() const;
    /// The `static` endpoint's view (see flask/send_file.hpp).
    Response send_static_file(std::string_view filename);
    /// SEND_FILE_MAX_AGE_DEFAULT in seconds (None by default: `Cache-Control: no-cache`).
    std::optional<long long> get_send_file_max_age(std::optional<std::string_view> filename = std::nullopt) const;
    std::filesystem::path template_folder() const { return root_path_ / options_.template_folder; }
    /// Data that belongs to this deployment, not to the code (databases, local config).
    const std::filesystem::path& instance_path() const noexcept { return instance_path_; }

    /// Where extensions keep their state: `app.extensions["sqlite"] = this;`.
    std::map<std::string, std::any> extensions;

    Config config;
    Logger logger;
    /// How sessions are stored (a signed cookie by default).
    std::shared_ptr<SessionInterface> session_interface = std::make_shared<SecureCookieSessionInterface>();
    /// The callable the server runs; wrap it with middleware.
    wsgi::App wsgi_app;
    bool debug() const;
    void set_debug(bool on);
    std::string secret_key() const;
    void set_secret_key(std::string key) { config["SECRET_KEY"] = jinja::Value(std::move(key)); }

    // ---- routing ---------------------------------------------------------
    RouteDecorator route(std::string rule, RouteOptions options = {});
    RouteDecorator get(std::string rule, RouteOptions options = {});
    RouteDecorator post(std::string rule, RouteOptions options = {});
    RouteDecorator put(std::string rule, RouteOptions options = {});
    RouteDecorator delete_(std::string rule, RouteOptions options = {});
    RouteDecorator patch(std::string rule, RouteOptions options = {});
    /// Registers a rule; `view` may be empty to add a rule to an existing endpoint,
    /// or one only for URL building (`add_url_rule("/", {.endpoint = "index"}, std::nullopt)`).
    void add_url_rule(const std::string& rule, RouteOptions options, std::optional<detail::ErasedView> view);
    /// Registers one view under several rules (stacked route decorators).  Its
    /// parameters take the rules' variables in order of first appearance.
    void add_view(const std::vector<std::pair<std::string, RouteOptions>>& rules, detail::ErasedView view);
    routing::Map& url_map();

    // ---- hooks -----------------------------------------------------------
    /// Runs before each view; returning a response short-circuits the request.
    template <class F>
    void before_request(F&& fn);
    /// Runs after each view, in reverse registration order.  Takes the
    /// response by value and returns it, or takes it by reference.
    void after_request(std::function<Response(Response)> fn);
    void after_request(std::function<void(Response&)> fn);
    /// Always runs at the end of a request; sees the unhandled error, if any.
    void teardown_request(std::function<void(std::exception_ptr)> fn);
    /// Runs when an application context pops (after every request, and at the
    /// end of `app.app_context()` scopes): where extensions close resources.
    void teardown_appcontext(std::function<void(std::exception_ptr)> fn);
    /// Runs the teardown_appcontext functions (the context machinery calls it).
    void do_teardown_appcontext(std::exception_ptr error = nullptr);

    // ---- errors ----------------------------------------------------------
    /// `app.errorhandler(404)(handler)`; the handler takes `const HTTPException&`.
    class ErrorHandlerDecorator;
    ErrorHandlerDecorator errorhandler(int code);
    /// `app.errorhandler<MyError>(handler)`; the handler takes `const MyError&`.
    /// As Flask's MRO lookup: a blueprint's handlers before the app's, and in
    /// each the one for the error's most derived registered type.
    template <class E, class F>
    void errorhandler(F&& handler);

    // ---- blueprints ------------------------------------------------------
    /// Records the blueprint's routes, hooks and handlers on this app, under
    /// `options.name` (default: the blueprint's) and `options.url_prefix`.
    void register_blueprint(Blueprint& blueprint, BlueprintRegistration options = {});
    /// Registered blueprints by (dotted) name.
    const std::map<std::string, Blueprint*>& blueprints() const;

    // ---- templates -------------------------------------------------------
    /// Its returned dict is merged into every template context.
    void context_processor(std::function<jinja::Dict()> fn);
    /// `{{ value|name(args) }}` in templates.
    void template_filter(std::string name, std::function<jinja::Value(const jinja::Value&, const jinja::CallArgs&)> fn);
    /// `{% if value is name %}` in templates.
    void template_test(std::string name, std::function<bool(const jinja::Value&, const jinja::CallArgs&)> fn);
    /// A global variable or function visible in every template.
    void template_global(std::string name, jinja::Value value);

    // ---- requests --------------------------------------------------------
    /// The WSGI entry point: runs wsgi_app.
    wsgi::WsgiResponse operator()(wsgi::Environ& environ) { return wsgi_app(environ); }
    /// Flask's full dispatch (what wsgi_app is before middleware wraps it).
    wsgi::WsgiResponse handle(wsgi::Environ& environ);
    /// Converts a view's return value into a Response (Flask's make_response).
    Response make_response(ViewResult rv);
    /// A request context for tests and scripts: url_for and request work.
    RequestContext test_request_context(std::string_view path = "/", std::string_view method = "GET",
                                        Headers headers = {}, std::string body = {});
    AppContext app_context() { return AppContext(*this); }
    FlaskClient test_client();

    // ---- CLI -------------------------------------------------------------
    Cli& cli();
    /// `./app run --host H --port N --debug`, `./app routes`, custom commands.
    int main(int argc, char** argv);
    /// Serves until SIGINT/SIGTERM (what `run` does).
    /// `cert_file`/`key_file` (PEM) serve HTTPS, as `ssl_context=(cert, key)` does.
    void run(const std::string& host = "127.0.0.1", int port = 5000, std::optional<bool> debug = std::nullopt,
             const std::string& cert_file = {}, const std::string& key_file = {});

    // ---- internals used by helpers (url_for, the context) ------------------
    struct Impl;
    Impl& impl() noexcept { return *impl_; }

private:
    const routing::Rule& add_rule(const std::string& rule, RouteOptions options, const std::string& endpoint);
    void check_view_fits(const routing::Rule& rule, const std::string& endpoint);
    void add_before_request(std::function<std::optional<ViewResult>()> fn);
    void add_exception_handler(detail::ExceptionHandler handler);

    std::string name_;
    std::filesystem::path root_path_;
    std::filesystem::path instance_path_;
    FlaskOptions options_;
    std::unique_ptr<Impl> impl_;
};

class Flask::ErrorHandlerDecorator {
public:
    ErrorHandlerDecorator(Flask& app, int code) : app_(app), code_(code) {}
    template <class F>
    void operator()(F&& handler) {
        register_handler(detail::erase_code_handler(std::forward<F>(handler)));
    }

private:
    void register_handler(std::function<ViewResult(const HTTPException&)> handler);
    Flask& app_;
    int code_;
};

// ---- template definitions ----------------------------------------------------

template <class F>
void RouteDecorator::operator()(F&& view) {
    app_.add_view(rules_, detail::erase_view(std::forward<F>(view)));
}

template <class F>
void Flask::before_request(F&& fn) {
    add_before_request(detail::erase_before_request(std::forward<F>(fn)));
}

template <class E, class F>
void Flask::errorhandler(F&& handler) {
    add_exception_handler(detail::erase_exception_handler<E>(std::forward<F>(handler)));
}

}  // namespace flask
