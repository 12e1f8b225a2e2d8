// Flaskr, the Flask tutorial's blog, on flaskcpp: the application factory.
//
//     auto flaskr = flaskr::create_app();                 // instance/config.json, instance/flaskr.sqlite
//     auto test = flaskr::create_app(jinja::Dict{{"TESTING", true}, {"DATABASE", "/tmp/x.sqlite"}});
//     test->app.test_client().get("/");
//
// Python's factory returns just the app; views there close over module
// globals.  Here the views capture the database extension by reference, so
// the extension and the blueprints live next to the app in one heap object
// that never moves.
#pragma once

#include <flask/ext/sqlite.hpp>
#include <flask/flask.hpp>

#include <memory>
#include <optional>
#include <string>

namespace flaskr {

struct FlaskrApp {
    /// Builds the blueprints; create_app() does the configuration and wiring.
    explicit FlaskrApp(std::optional<std::string> instance_path);
    FlaskrApp(const FlaskrApp&) = delete;
    FlaskrApp& operator=(const FlaskrApp&) = delete;

    // Declared before `app` so they outlive it: the app keeps pointers to the
    // blueprints, and the blueprints' views use the extension.
    flask::ext::SQLite db;
    flask::Blueprint auth;
    flask::Blueprint blog;
    flask::Flask app;
};

/// Flask's create_app(test_config=None): default config (SECRET_KEY "dev",
/// DATABASE "flaskr.sqlite" in the instance folder), then instance/config.json
/// if present, or `test_config` instead of it.  `instance_path` overrides the
/// default instance folder (examples/flaskr/instance), e.g. for tests.
std::unique_ptr<FlaskrApp> create_app(std::optional<jinja::Dict> test_config = std::nullopt,
                                      std::optional<std::string> instance_path = std::nullopt);

}  // namespace flaskr
