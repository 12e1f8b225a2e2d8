// The in-browser debugger of debug mode (Werkzeug's DebuggedApplication).
//
// `flaskcpp run --debug` and `app.run(..., debug=true)` wrap the app in it.
// When an exception escapes a view, the browser gets a page with the
// exception, the C++ stack trace captured where it was thrown (with the
// source around each frame of the app's own code) and the request; a console
// on the page, unlocked with the PIN printed at start-up, evaluates template
// expressions against that request's request, session, g and config.
//
// It executes expressions on behalf of whoever holds the PIN, so it answers
// only clients on the local host unless `allow_remote` is set, and it is
// never installed when debug mode is off.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "flask/wsgi.hpp"

namespace flask {

class Flask;

struct DebuggerOptions {
    bool evalex = true;         // offer the console
    bool allow_remote = false;  // serve the debugger to clients other than the local host
    /// nullopt: derived from the machine and the app (or WERKZEUG_DEBUG_PIN); "" disables the PIN.
    std::optional<std::string> pin = std::nullopt;
};

class DebuggedApplication {
public:
    DebuggedApplication(Flask& app, wsgi::App inner, DebuggerOptions options = {});
    wsgi::WsgiResponse operator()(wsgi::Environ& environ);
    /// "nnn-nnn-nnn", or empty when PIN protection is off.
    const std::string& pin() const;

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace flask
