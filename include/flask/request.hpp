// flask::request: the incoming request, as werkzeug's Request.
//
// `flask::request` is a context-local proxy as in Flask: it refers to the
// request being handled on this thread (or the one pushed by
// test_request_context), so views need no request parameter.  A Request can
// also be bound to one request explicitly.  Parsed data (args, form, JSON) is
// computed on first use and cached for the rest of the request.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flask/datastructures.hpp"
#include "flask/file_storage.hpp"
#include "flask/headers.hpp"
#include "flask/wsgi.hpp"
#include "jinja/value.hpp"

namespace flask {

namespace routing {
class Rule;
}

/// The per-request state behind a Request (owned by the request context).
struct RequestState;

/// HTTP Basic/other credentials from the Authorization header.
struct Authorization {
    std::string type;  // "basic"
    std::string username;
    std::string password;
};

class Request {
public:
    /// The context-local proxy (what `flask::request` is).
    Request() = default;
    /// Bound to one request's state.
    explicit Request(RequestState& state) : bound_(&state) {}

    const wsgi::Environ& environ() const;
    const std::string& method() const;
    /// The path below the app's mount point, always starting with '/'.
    std::string path() const;
    /// path + '?' + query string (the '?' is kept even when the query is empty).
    std::string full_path() const;
    /// The mount point ("" at the root, "/mw" under a dispatcher).
    std::string script_root() const;
    std::string url() const;
    std::string base_url() const;
    std::string url_root() const;
    std::string host_url() const;
    std::string host() const;
    const std::string& scheme() const;
    bool is_secure() const { return scheme() == "https" || scheme() == "wss"; }
    const std::string& query_string() const;
    const std::string& remote_addr() const;
    /// X-Forwarded-For addresses when present, else [remote_addr].
    std::vector<std::string> access_route() const;

    const Headers& headers() const;
    const MultiDict& args() const;
    /// Form fields of an application/x-www-form-urlencoded or multipart/form-data
    /// body (empty for other content types, or when the body is malformed).
    /// Parsing reads the body: MAX_CONTENT_LENGTH, MAX_FORM_MEMORY_SIZE and
    /// MAX_FORM_PARTS give 413.
    const MultiDict& form() const;
    /// Uploaded files of a multipart/form-data body (parsed with form()).
    const FileMultiDict& files() const;
    /// args and form combined (args first), as request.values.
    MultiDict values() const;
    const MultiDict& cookies() const;
    std::optional<Authorization> authorization() const;

    std::string content_type() const;
    /// Lower-cased media type without parameters.
    std::string mimetype() const;
    std::optional<std::uint64_t> content_length() const;
    bool is_json() const;

    /// The raw body, read and cached on first use; empty when form parsing
    /// consumed it already.  With parse_form_data a form body is parsed first
    /// (so it is then empty for form content types).  Reading enforces
    /// MAX_CONTENT_LENGTH (413).
    const std::string& get_data(bool parse_form_data = false) const;
    /// request.data: get_data(parse_form_data=true).
    const std::string& data() const { return get_data(true); }
    /// Parsed JSON body.  Without force, a non-JSON content type is 415; bad
    /// JSON is 400; silent turns both into None.
    jinja::Value get_json(bool force = false, bool silent = false) const;
    jinja::Value json() const { return get_json(); }

    /// The matched endpoint and arguments (nullopt/empty before matching or on a miss).
    std::optional<std::string> endpoint() const;
    /// The registered blueprint of the matched endpoint ("auth" for "auth.login").
    std::optional<std::string> blueprint() const;
    /// That blueprint and its parents, innermost first: {"a.b", "a"}.
    std::vector<std::string> blueprints() const;
    const std::vector<std::pair<std::string, jinja::Value>>& view_args() const;
    /// The matched rule string, e.g. "/user/<username>" (empty when none matched).
    std::string url_rule() const;

    RequestState& state() const;

private:
    RequestState* bound_ = nullptr;
};

/// The request of the current context (`flask::request.method()` ...).
inline const Request request{};

}  // namespace flask
