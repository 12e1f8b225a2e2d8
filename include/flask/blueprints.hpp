// flask::Blueprint: a group of routes, hooks, error handlers, templates and
// static files registered on an app under a name and a URL prefix.
//
//     flask::Blueprint auth("auth", __FILE__, {.url_prefix = "/auth"});
//     auth.route("/login", {.endpoint = "login", .methods = {"GET", "POST"}})([] { ... });
//     app.register_blueprint(auth);            // endpoint "auth.login", URL /auth/login
//     flask::url_for(".login")                 // inside an auth view: "auth.login"
//
// As in Flask, a blueprint only records what it is given; registering it
// replays that on the app with the blueprint's name and prefix, so one
// blueprint can be registered on several apps (or twice, under other names).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

#include "flask/app.hpp"
#include "flask/scaffold.hpp"

namespace flask {

struct BlueprintOptions {
    std::optional<std::string> static_folder = {};    // relative to the blueprint's root_path
    std::optional<std::string> static_url_path = {};  // default "/" + folder name, under url_prefix
    std::optional<std::string> template_folder = {};  // searched after the app's templates/
    std::optional<std::string> url_prefix = {};
    std::optional<std::string> root_path = {};        // default: the folder of import_name
};

class Blueprint {
public:
    /// `import_name` is usually __FILE__; `name` may not contain a dot.
    Blueprint(std::string name, std::string import_name, BlueprintOptions options = {});

    const std::string& name() const noexcept { return name_; }
    const std::filesystem::path& root_path() const noexcept { return root_path_; }
    const BlueprintOptions& options() const noexcept { return options_; }

    class Route {
    public:
        Route(Blueprint& bp, std::string rule, RouteOptions options) : bp_(bp) {
            rules_.emplace_back(std::move(rule), std::move(options));
        }
        Route& route(std::string rule, RouteOptions options = {}) {
            rules_.emplace_back(std::move(rule), std::move(options));
            return *this;
        }
        template <class F>
        void operator()(F&& view) {
            bp_.add_view(rules_, detail::erase_view(std::forward<F>(view)));
        }

    private:
        Blueprint& bp_;
        std::vector<std::pair<std::string, RouteOptions>> rules_;
    };

    Route route(std::string rule, RouteOptions options = {}) { return Route(*this, std::move(rule), std::move(options)); }
    Route get(std::string rule, RouteOptions options = {});
    Route post(std::string rule, RouteOptions options = {});
    void add_view(const std::vector<std::pair<std::string, RouteOptions>>& rules, detail::ErasedView view);

    // Hooks for requests to this blueprint's views ...
    template <class F>
    void before_request(F&& fn) {
        before_request_.push_back(detail::erase_before_request(std::forward<F>(fn)));
    }
    void after_request(std::function<Response(Response)> fn) { after_request_.push_back(std::move(fn)); }
    void teardown_request(std::function<void(std::exception_ptr)> fn) { teardown_request_.push_back(std::move(fn)); }
    /// ... and for every request of the app.
    template <class F>
    void before_app_request(F&& fn) {
        before_app_request_.push_back(detail::erase_before_request(std::forward<F>(fn)));
    }
    void after_app_request(std::function<Response(Response)> fn) { after_app_request_.push_back(std::move(fn)); }

    /// Errors raised by this blueprint's views: `bp.errorhandler(404)(handler)`, `bp.errorhandler<E>(handler)`.
    class ErrorHandlerDecorator {
    public:
        ErrorHandlerDecorator(std::vector<std::pair<int, detail::CodeHandler>>& target, int code)
            : target_(target), code_(code) {}
        template <class F>
        void operator()(F&& handler) {
            target_.emplace_back(code_, detail::erase_code_handler(std::forward<F>(handler)));
        }

    private:
        std::vector<std::pair<int, detail::CodeHandler>>& target_;
        int code_;
    };
    ErrorHandlerDecorator errorhandler(int code) { return ErrorHandlerDecorator(code_handlers_, code); }
    template <class E, class F>
    void errorhandler(F&& handler) {
        exception_handlers_.push_back(detail::erase_exception_handler<E>(std::forward<F>(handler)));
    }
    /// Errors anywhere in the app (Flask's app_errorhandler).
    ErrorHandlerDecorator app_errorhandler(int code) { return ErrorHandlerDecorator(app_code_handlers_, code); }

    /// Template context for this blueprint's views / for every template of the app.
    void context_processor(std::function<jinja::Dict()> fn) { context_processors_.push_back(std::move(fn)); }
    void app_context_processor(std::function<jinja::Dict()> fn) { app_context_processors_.push_back(std::move(fn)); }

    /// Nests `child`: its endpoints become "parent.child.x", its prefix joins ours.
    void register_blueprint(Blueprint& child, BlueprintRegistration options = {});

    /// Replays everything on `app` (Flask::register_blueprint calls this).
    void register_on(Flask& app, const BlueprintRegistration& options, const std::string& name_prefix = {},
                     const std::optional<std::string>& parent_prefix = std::nullopt);

private:
    struct ViewEntry {
        std::vector<std::pair<std::string, RouteOptions>> rules;
        detail::ErasedView view;
    };

    std::string name_;
    std::filesystem::path root_path_;
    BlueprintOptions options_;
    std::vector<ViewEntry> views_;
    std::vector<detail::BeforeRequest> before_request_, before_app_request_;
    std::vector<std::function<Response(Response)>> after_request_, after_app_request_;
    std::vector<std::function<void(std::exception_ptr)>> teardown_request_;
    std::vector<std::pair<int, detail::CodeHandler>> code_handlers_, app_code_handlers_;
    std::vector<detail::ExceptionHandler> exception_handlers_;
    std::vector<std::function<jinja::Dict()>> context_processors_, app_context_processors_;
    std::vector<std::pair<Blueprint*, BlueprintRegistration>> children_;
};

}  // namespace flask
