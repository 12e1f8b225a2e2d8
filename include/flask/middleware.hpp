// Middleware: functions that wrap an app callable, as WSGI middleware does.
//
//     app.wsgi_app = flask::ProxyFix(app.wsgi_app, {.x_for = 1, .x_proto = 1});
//     app.wsgi_app = flask::DispatcherMiddleware(app.wsgi_app, {{"/api", api_app_callable}});
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "flask/wsgi.hpp"

namespace flask {

/// How many proxies to trust for each X-Forwarded-* header (0 = ignore it).
struct ProxyFixOptions {
    int x_for = 1;
    int x_proto = 1;
    int x_host = 0;
    int x_port = 0;
    int x_prefix = 0;
};

/// Werkzeug's ProxyFix: takes the client address, scheme, host, port and
/// mount prefix from the X-Forwarded-* headers set by `n` trusted proxies
/// (the n-th value from the right).
wsgi::App ProxyFix(wsgi::App app, ProxyFixOptions options = {});

/// Werkzeug's DispatcherMiddleware: requests under a mount prefix go to that
/// app with the prefix moved from PATH_INFO to SCRIPT_NAME; the rest to `app`.
wsgi::App DispatcherMiddleware(wsgi::App app, std::vector<std::pair<std::string, wsgi::App>> mounts);

}  // namespace flask
