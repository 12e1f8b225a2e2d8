// HTTP exceptions, shaped like werkzeug.exceptions: each carries its status
// code, name and description and renders Werkzeug's exact default error page.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "flask/headers.hpp"

namespace flask {

class Response;

class HTTPException : public std::runtime_error {
public:
    explicit HTTPException(int code, std::optional<std::string> description = std::nullopt);
    int code() const noexcept { return code_; }
    /// Reason phrase in Werkzeug's spelling ("Not Found", "I'm a teapot").
    std::string name() const;
    /// The description: the one given, or Werkzeug's default for the code.
    std::string description() const;
    /// Werkzeug's default HTML error page.
    std::string get_body() const;
    /// Extra headers the page needs (Allow for 405, WWW-Authenticate for 401 ...).
    virtual Headers get_headers() const;
    /// The full default response (text/html; charset=utf-8).
    Response get_response() const;
    /// A response to send instead of the page (abort(response)).
    const std::shared_ptr<Response>& response() const noexcept { return response_; }
    void set_response(std::shared_ptr<Response> response) { response_ = std::move(response); }

private:
    int code_;
    std::optional<std::string> description_;
    std::shared_ptr<Response> response_;
};

struct BadRequest : HTTPException {
    explicit BadRequest(std::optional<std::string> d = std::nullopt) : HTTPException(400, std::move(d)) {}
};
struct NotFound : HTTPException {
    explicit NotFound(std::optional<std::string> d = std::nullopt) : HTTPException(404, std::move(d)) {}
};
struct InternalServerError : HTTPException {
    explicit InternalServerError(std::optional<std::string> d = std::nullopt) : HTTPException(500, std::move(d)) {}
};

/// 405 with the methods the URL does accept (sent as the Allow header).
class MethodNotAllowed : public HTTPException {
public:
    explicit MethodNotAllowed(std::vector<std::string> valid_methods = {},
                              std::optional<std::string> description = std::nullopt)
        : HTTPException(405, std::move(description)), valid_methods_(std::move(valid_methods)) {}
    const std::vector<std::string>& valid_methods() const noexcept { return valid_methods_; }
    Headers get_headers() const override;

private:
    std::vector<std::string> valid_methods_;
};

/// Raised by URL matching when the canonical URL differs (strict slashes,
/// merged slashes, defaults): a 308 redirect to `new_url`.
class RequestRedirect : public HTTPException {
public:
    explicit RequestRedirect(std::string new_url, int code = 308)
        : HTTPException(code), new_url_(std::move(new_url)) {}
    const std::string& new_url() const noexcept { return new_url_; }

private:
    std::string new_url_;
};

/// Werkzeug's reason phrase for a status code ("UNKNOWN" when it has none).
std::string_view status_reason(int code) noexcept;

}  // namespace flask
