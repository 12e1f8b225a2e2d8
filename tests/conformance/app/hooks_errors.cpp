// Hooks and error handlers of reference_app.py.
#include "conformance_app.hpp"

namespace conformance {

namespace {

std::string join(const flask::List& items, std::string_view sep) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : std::string(sep)) + item.str();
    return out;
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

/// What the most recent teardown_request saw (read by /hooks/last-teardown).
struct LastTeardown {
    std::mutex mutex;
    flask::Value path;
    flask::Value had_error;
};
LastTeardown last_teardown;

}  // namespace

void register_hooks_and_errors(flask::Flask& app) {
    using flask::g;
    using flask::request;

    app.errorhandler(404)([](const flask::HTTPException&) {
        return std::tuple{render_template("page_not_found.html"), 404};
    });
    app.errorhandler(500)([](const flask::HTTPException&) { return std::tuple{render_template("500.html"), 500}; });
    app.errorhandler<InvalidAPIUsage>([](const InvalidAPIUsage& e) {
        return std::tuple{flask::jsonify(e.to_dict()), e.status_code};
    });

    app.before_request([] {
        g["request_marker"] = "set-by-before-request";
        if (starts_with(request.path(), "/hooks/")) g["trace"] = flask::Value::list({"before1"});
    });
    app.before_request([]() -> std::optional<flask::ViewResult> {
        if (starts_with(request.path(), "/hooks/")) g["trace"].as_list().push_back("before2");
        if (request.path() == "/hooks/blocked") return std::tuple{"Blocked by before_request", 403};
        return std::nullopt;
    });
    app.after_request([](flask::Response& response) {
        response.headers.set("X-Content-Type-Options", "nosniff");
        if (starts_with(request.path(), "/hooks/")) {
            flask::List trace = g["trace"].as_list();
            trace.push_back("after1");
            response.headers.set("X-Hook-Trace", join(trace, ","));
        }
    });
    app.after_request([](flask::Response& response) {
        if (starts_with(request.path(), "/hooks/")) g["trace"].as_list().push_back("after2");
        (void)response;
    });
    app.teardown_request([](std::exception_ptr exc) {
        std::lock_guard lock(last_teardown.mutex);
        last_teardown.path = request.path();
        last_teardown.had_error = exc != nullptr;
    });

    app.route("/hooks/trace")([] {
        g["trace"].as_list().push_back("view");
        flask::after_this_request([](flask::Response& response) {
            g["trace"].as_list().push_back("after_this");
            response.headers.set("X-After-This", "yes");
        });
        return "Traced";
    });
    app.route("/hooks/blocked")([] { return "view ran (should not happen)"; });
    app.route("/hooks/g")([] {
        return flask::jsonify({
            {"marker", g["request_marker"]},
            {"missing", g.get("missing", "default-value")},
            {"has_marker", g.contains("request_marker")},
            {"has_missing", g.contains("missing")},
        });
    });
    app.route("/hooks/raise")([]() -> std::string { throw jinja::ValueError("hook test"); });
    app.route("/hooks/last-teardown")([] {
        std::lock_guard lock(last_teardown.mutex);
        return flask::jsonify({{"previous", flask::Dict{{"path", last_teardown.path}, {"had_error", last_teardown.had_error}}}});
    });
    app.route("/hooks/logger")([] {
        auto& logger = flask::current_app().logger;
        logger.debug("debug message");
        logger.info("info message");
        logger.warning("A warning for {}", request.path());
        return "Logged";
    });
}

}  // namespace conformance
