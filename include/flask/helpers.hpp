// Flask's helpers: url_for, redirect, abort, make_response, jsonify, escape.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flask/exceptions.hpp"
#include "flask/response.hpp"
#include "flask/views.hpp"
#include "jinja/markup.hpp"
#include "jinja/value.hpp"

namespace flask {

using jinja::Dict;
using jinja::List;
using jinja::Value;

/// URL values for url_for, in order; `_external`, `_anchor`, `_method` and
/// `_scheme` are the special keys, as in Flask.
using UrlValues = std::vector<std::pair<std::string, jinja::Value>>;

/// Builds the URL for an endpoint: `url_for("show_post", {{"post_id", 42}})`.
/// Unknown values become the query string.  Throws routing::BuildError.
std::string url_for(std::string_view endpoint, const UrlValues& values = {});

/// A redirect response with Werkzeug's HTML body (302 by default).
Response redirect(std::string_view location, int code = 302);

/// Raises the HTTPException for the code (Werkzeug's default page unless an
/// error handler takes it).  Codes without an exception raise std::out_of_range.
[[noreturn]] void abort(int code, std::optional<std::string> description = std::nullopt);
/// Raises an HTTPException that sends this response as it is.
[[noreturn]] void abort(Response response);

/// Converts anything a view may return into a Response (Flask's make_response).
template <class T>
Response make_response(T&& rv);
Response make_response_from(ViewResult rv);

/// `resp.make_conditional(request)`: 304/412 when the request's validators match.
Response make_conditional(Response response, const class Request& request);

/// A JSON response: jsonify(value), jsonify({{"a", 1}}) for keyword style.
Response jsonify(const jinja::Value& value);
Response jsonify(std::initializer_list<std::pair<std::string_view, jinja::Value>> kwargs);
Response jsonify();
/// jsonify(1, 2, 3) -> [1,2,3].
template <class A, class B, class... Rest>
Response jsonify(A&& a, B&& b, Rest&&... rest) {
    return jsonify(jinja::Value(jinja::List{jinja::Value(std::forward<A>(a)), jinja::Value(std::forward<B>(b)),
                                            jinja::Value(std::forward<Rest>(rest))...}));
}

/// MarkupSafe's Markup and escape(), as Flask re-exports them:
/// `"User " + flask::escape(name)` is Markup with `name` escaped.
using jinja::Markup;
inline Markup escape(const jinja::Value& value) { return Markup::escape(value); }
inline Markup escape(const Markup& markup) { return markup; }

template <class T>
Response make_response(T&& rv) {
    return make_response_from(detail::to_view_result(std::forward<T>(rv)));
}

}  // namespace flask
