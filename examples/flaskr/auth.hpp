// The auth blueprint of Flaskr: register, log in, log out, and the
// login_required guard the blog's views use.
#pragma once

#include <flask/ext/sqlite.hpp>
#include <flask/flask.hpp>

#include <utility>

namespace flaskr {

/// "auth" under /auth; it also loads g.user before every request of the app.
flask::Blueprint make_auth_blueprint(flask::ext::SQLite& db);

namespace detail {

template <class F, class R, class C, class... Args>
auto guard_view(F view, R (C::*)(Args...) const) {
    // Same parameters as the view, so the rule's converters still bind to it.
    return [view = std::move(view)](Args... args) -> flask::ViewResult {
        if (!flask::g.get("user").truthy()) return flask::redirect(flask::url_for("auth.login"));
        return view(std::forward<Args>(args)...);
    };
}

}  // namespace detail

/// Python's @login_required: anonymous visitors are sent to the login page.
/// C++ has no decorators, so it wraps a view lambda into one of the same
/// signature: `bp.route(...)(login_required([&](int id) { ... }))`.
template <class F>
auto login_required(F view) {
    return detail::guard_view(std::move(view), &F::operator());
}

}  // namespace flaskr
