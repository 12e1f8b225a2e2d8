// middleware_app.py: mounted at /mw behind ProxyFix, with Werkzeug's default
// error pages (no error handlers, no static route).
#include "conformance_app.hpp"

namespace conformance {

using flask::request;

void register_middleware_app(flask::Flask& mw_app) {
    mw_app.route("/", {.endpoint = "mw_index"})([] { return "Middleware app index"; });
    mw_app.route("/info", {.endpoint = "mw_info"})([] {
        bool forwarded = request.headers().contains("X-Forwarded-For");
        flask::List route;
        if (forwarded)
            for (const auto& a : request.access_route()) route.emplace_back(a);
        return flask::jsonify({
            {"remote_addr", forwarded ? request.remote_addr() : std::string("(not forwarded)")},
            {"access_route", std::move(route)},
            {"scheme", request.scheme()},
            {"is_secure", request.is_secure()},
            {"host", request.host()},
            {"url", request.url()},
            {"base_url", request.base_url()},
            {"url_root", request.url_root()},
            {"script_root", request.script_root()},
            {"path", request.path()},
            {"full_path", request.full_path()},
            {"external", flask::url_for("mw_info", {{"_external", true}})},
            {"relative", flask::url_for("mw_info")},
        });
    });
    mw_app.route("/dir/", {.endpoint = "mw_dir"})([] { return "Middleware dir"; });
    mw_app.route("/go", {.endpoint = "mw_go"})([] { return flask::redirect(flask::url_for("mw_index")); });
    mw_app.route("/abort/<int:code>", {.endpoint = "mw_abort"})([](int code) { flask::abort(code); });
    mw_app.route("/boom", {.endpoint = "mw_boom"})([] { throw std::runtime_error("boom"); });
    mw_app.route("/none", {.endpoint = "mw_none"})([] {});
    mw_app.route("/post-only", {.endpoint = "mw_post_only", .methods = {"POST"}})([] { return "posted"; });
}

}  // namespace conformance
