// conformance_app: reference_app.py in C++, with middleware_app mounted at /mw.
#include "conformance_app.hpp"

#include <cstdlib>

#include "flask/middleware.hpp"

namespace {

/// reference_app.py's folder: the port serves its templates/ and static/ in place.
std::string reference_root() {
    if (const char* root = std::getenv("FLASKCPP_CONFORMANCE_ROOT")) return root;
    const char* shared = std::getenv("FLASKCPP_SHARED");
    return std::string(shared ? shared : "../shared") + "/conformance/flask";
}

}  // namespace

int main(int argc, char** argv) {
    flask::Flask app(reference_root() + "/reference_app.py", {.name = "reference_app"});
    app.set_secret_key(conformance::kSecretKey);
    app.config.update({
        {"SITE_NAME", "Conformance Site"},
        {"MAX_CONTENT_LENGTH", 8 * 1024},
        {"PERMANENT_SESSION_LIFETIME", 7 * 24 * 3600},
        {"SESSION_COOKIE_SAMESITE", "Lax"},
    });

    conformance::register_hooks_and_errors(app);
    conformance::register_routing(app);
    conformance::register_responses(app);
    conformance::register_errors_and_json(app);
    conformance::register_request_data(app);
    conformance::register_sessions_and_flash(app);
    conformance::register_templates(app);
    conformance::register_static_files(app);

    flask::Flask mw_app(__FILE__, {.static_folder = std::nullopt, .name = "middleware_app"});
    conformance::register_middleware_app(mw_app);
    mw_app.wsgi_app = flask::ProxyFix(mw_app.wsgi_app, {.x_for = 1, .x_proto = 1, .x_host = 1});

    app.wsgi_app = flask::DispatcherMiddleware(app.wsgi_app, {{"/mw", [&mw_app](flask::wsgi::Environ& env) {
                                                                  return mw_app(env);
                                                              }}});
    return app.main(argc, argv);
}
