#include "flask/helpers.hpp"

#include <fmt/format.h>

#include "flask/app.hpp"
#include "flask/context_state.hpp"
#include "flask/iri.hpp"
#include "flask/json.hpp"
#include "flask/request.hpp"
#include "flask/routing.hpp"

namespace flask {

std::string url_for(std::string_view endpoint, const UrlValues& values) {
    auto* ctx = detail::current_request_context();
    if (!ctx)
        throw RuntimeError(
            "Unable to build URLs outside an active request without 'SERVER_NAME' configured. Also configure "
            "'APPLICATION_ROOT' and 'PREFERRED_URL_SCHEME' as needed.");
    std::optional<std::string> anchor, method, scheme;
    std::optional<bool> external;
    routing::Args args;
    for (const auto& [key, value] : values) {
        if (key == "_anchor") anchor = value.str();
        else if (key == "_method") method = value.str();
        else if (key == "_scheme") scheme = value.str();
        else if (key == "_external") external = value.truthy();
        else args.emplace_back(key, value);
    }
    bool force_external = external.value_or(scheme.has_value());
    if (scheme && !force_external) throw std::invalid_argument("When specifying '_scheme', '_external' must be True.");
    std::string resolved;
    if (endpoint.starts_with(".")) {
        // ".login" is relative to the current request's blueprint.
        auto blueprint = Request(ctx->request).blueprint();
        resolved = blueprint ? *blueprint + std::string(endpoint) : std::string(endpoint.substr(1));
        endpoint = resolved;
    }
    return ctx->adapter->build(endpoint, args, method ? std::optional<std::string_view>(*method) : std::nullopt,
                               force_external, true,
                               scheme ? std::optional<std::string_view>(*scheme) : std::nullopt,
                               anchor ? std::optional<std::string_view>(*anchor) : std::nullopt);
}

Response redirect(std::string_view location, int code) {
    std::string escaped = jinja::escape_html(location);
    std::string body = fmt::format(
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be "
        "redirected automatically to the target URL: <a href=\"{0}\">{0}</a>. If not, click the link.\n",
        escaped);
    Response response(std::move(body), code, {}, "text/html");
    response.headers.set("Location", iri_to_uri(location));
    return response;
}

void abort(int code, std::optional<std::string> description) {
    if (code == 405) throw MethodNotAllowed({}, std::move(description));
    if (code == 400) throw BadRequest(std::move(description));
    if (code == 404) throw NotFound(std::move(description));
    // Werkzeug's Aborter only knows codes with an exception class.
    const bool known = (code >= 400 && code <= 418 && code != 402 && code != 407) || code == 421 || code == 422 ||
                       code == 423 || code == 424 || code == 428 || code == 429 || code == 431 || code == 451 ||
                       (code >= 500 && code <= 505);
    if (!known) throw std::out_of_range(fmt::format("no exception for {}", code));
    throw HTTPException(code, std::move(description));
}

void abort(Response response) {
    HTTPException e(response.status_code());
    e.set_response(std::make_shared<Response>(std::move(response)));
    throw e;
}

Response make_conditional(Response response, const Request& request) {
    response.make_conditional(request.environ());
    return response;
}

Response make_response_from(ViewResult rv) { return current_app().make_response(std::move(rv)); }

Response jsonify(const jinja::Value& value) {
    bool debug = has_app_context() && current_app().debug();
    return Response(json::jsonify_body(value, debug), 200, {}, "application/json");
}

Response jsonify(std::initializer_list<std::pair<std::string_view, jinja::Value>> kwargs) {
    jinja::Dict d;
    for (const auto& [k, v] : kwargs) d.set(jinja::Value(k), v);
    return jsonify(jinja::Value(std::move(d)));
}

Response jsonify() { return jsonify(jinja::Value()); }

}  // namespace flask
