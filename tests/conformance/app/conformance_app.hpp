// The C++ port of ../shared/conformance/flask/reference_app.py and
// middleware_app.py.  Each register_* function ports one section of the
// reference app, with the same rules, options, hooks and return values.
#pragma once

#include <flask/flask.hpp>

namespace conformance {

using flask::render_template;

inline constexpr const char* kSecretKey = "flask-conformance-test-secret-key";

/// Custom (non-HTTP) exception rendered as JSON by its error handler.
struct InvalidAPIUsage : std::runtime_error {
    InvalidAPIUsage(std::string message, int status_code = 400, flask::Dict payload = {})
        : std::runtime_error(message), message(std::move(message)), status_code(status_code),
          payload(std::move(payload)) {}
    flask::Value to_dict() const {
        flask::Dict rv = payload;
        rv["message"] = message;
        return rv;
    }
    std::string message;
    int status_code;
    flask::Dict payload;
};

void register_hooks_and_errors(flask::Flask& app);
void register_routing(flask::Flask& app);
void register_responses(flask::Flask& app);
void register_errors_and_json(flask::Flask& app);
void register_request_data(flask::Flask& app);
void register_sessions_and_flash(flask::Flask& app);
void register_templates(flask::Flask& app);
void register_static_files(flask::Flask& app);

/// The app mounted at /mw (middleware_app.py).
void register_middleware_app(flask::Flask& mw_app);

}  // namespace conformance
