// flask::Response: status, headers and body, as werkzeug's Response.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "flask/headers.hpp"
#include "flask/wsgi.hpp"

namespace flask {

class DateTime;
class Date;

/// A point in time as http_date() and the cookie `expires` accept it: POSIX
/// seconds (int or float), a datetime (naive counts as UTC), a date (midnight
/// UTC), or a preformatted string (used verbatim).
class HttpTimestamp {
public:
    template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
    HttpTimestamp(I seconds) : value_(static_cast<std::int64_t>(seconds)) {}
    HttpTimestamp(double seconds) : value_(seconds) {}
    HttpTimestamp(const DateTime& when);
    HttpTimestamp(const Date& when);
    HttpTimestamp(std::string verbatim) : value_(std::move(verbatim)) {}
    HttpTimestamp(const char* verbatim) : value_(std::string(verbatim)) {}
    /// The header text ("Tue, 14 Nov 2023 22:13:20 GMT", or the verbatim string).
    std::string http_date() const;

private:
    std::variant<std::int64_t, double, std::string> value_;
};

/// Optional attributes of dump_cookie / set_cookie, in Werkzeug's keyword names.
struct CookieOptions {
    std::optional<long long> max_age = {};       // seconds
    std::optional<HttpTimestamp> expires = {};   // seconds, datetime, date or a string
    std::optional<std::string> path = "/";
    std::optional<std::string> domain = {};
    bool secure = false;
    bool httponly = false;
    bool sync_expires = true;                    // max_age also emits Expires
    std::optional<std::string> samesite = {};    // "Strict", "Lax", "None" (any case)
    bool partitioned = false;                    // implies secure
    std::optional<double> now = {};              // the clock for max_age's Expires; real time when unset
};

class Response {
public:
    static constexpr std::string_view default_mimetype = "text/html";

    /// Response(body, status, headers, mimetype, content_type) as in Werkzeug:
    /// `mimetype` gets "; charset=utf-8" when text-like; `content_type` is verbatim.
    explicit Response(std::string body = {}, int status = 200, Headers headers = {},
                      std::string_view mimetype = {}, std::string_view content_type = {});

    /// Streams the body from a generator (no Content-Length, chunked on the wire).
    static Response stream(wsgi::BodyGenerator generator, int status = 200, std::string_view mimetype = {});

    int status_code() const noexcept { return status_code_; }
    /// The full status, e.g. "404 NOT FOUND" or a custom "299 Everything Fine".
    std::string status() const { return std::to_string(status_code_) + " " + reason_; }
    const std::string& reason() const noexcept { return reason_; }
    void set_status(int code);
    /// Accepts "201 CREATED", "299 Everything Fine" or just "202".
    void set_status(std::string_view status);

    Headers headers;

    /// The body bytes (joins a streamed body, consuming its generator).
    std::string get_data();
    const std::string& data() const noexcept { return body_; }
    void set_data(std::string body);
    bool is_streamed() const noexcept { return static_cast<bool>(generator_) || file_.has_value(); }
    void set_generator(wsgi::BodyGenerator generator);
    void set_file(wsgi::FileBody file);

    std::string mimetype() const;
    std::string content_type() const { return headers.get("Content-Type", ""); }
    void set_mimetype(std::string_view mimetype);
    std::optional<std::uint64_t> content_length() const;

    void set_cookie(std::string_view key, std::string_view value = "", const CookieOptions& options = {});
    void delete_cookie(std::string_view key, std::optional<std::string> path = "/",
                       std::optional<std::string> domain = std::nullopt, bool secure = false,
                       bool httponly = false, std::optional<std::string> samesite = std::nullopt,
                       bool partitioned = false);

    /// Sets a strong (or weak) ETag header.
    void set_etag(std::string_view etag, bool weak = false);

    /// Werkzeug's make_conditional: for GET/HEAD, sets Date when missing,
    /// answers a Range request with 206 (when `accept_ranges` is given, e.g.
    /// "bytes", and the body length is known or passed as `complete_length`;
    /// throws RequestedRangeNotSatisfiable for an unsatisfiable range), and
    /// otherwise 304 (or 412 when If-Match is present) when the request's
    /// validators say the resource is unmodified (is_resource_modified).
    Response& make_conditional(const wsgi::Environ& environ, std::optional<std::string> accept_ranges = std::nullopt,
                               std::optional<std::uint64_t> complete_length = std::nullopt);
    /// Sets the ETag to generate_etag(body) unless there is one (or `overwrite`).
    void add_etag(bool overwrite = false, bool weak = false);

    /// Registers a callable run when the server is done with the response.
    void call_on_close(std::function<void()> fn) { on_close_.push_back(std::move(fn)); }

    /// Hands the response to the server (moves the body out).
    wsgi::WsgiResponse to_wsgi() &&;

private:
    int status_code_ = 200;
    std::string reason_ = "OK";
    std::string body_;
    wsgi::BodyGenerator generator_;
    std::optional<wsgi::FileBody> file_;
    std::vector<std::function<void()>> on_close_;
};

/// "text/html" -> "text/html; charset=utf-8"; non-text types stay as they are.
std::string get_content_type(std::string_view mimetype, std::string_view charset = "utf-8");

}  // namespace flask
