// The app callable: the one contract between the server and an application.
//
// As WSGI separates Werkzeug's server from Flask, this separates flaskcpp's
// server core (sockets, HTTP/1.1 framing, limits) from everything above it.
// The server fills an Environ, calls the app, and writes the WsgiResponse.
// Middleware is any function that wraps an App and returns an App, so
// `app.wsgi_app = ProxyFix(app.wsgi_app)` reads as it does in Flask.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "flask/headers.hpp"

namespace flask::wsgi {

/// The request body, pulled on demand (wsgi.input).  Reading is what makes
/// MAX_CONTENT_LENGTH bite; the server drains whatever the app left unread.
class InputStream {
public:
    virtual ~InputStream() = default;
    /// Read up to `size` bytes into `buffer`; 0 means the body is complete.
    /// Throws ClientDisconnected when the peer goes away or times out mid-body.
    virtual std::size_t read(char* buffer, std::size_t size) = 0;
};

/// An in-memory body (the test client, and bodies the server already holds).
class StringInput final : public InputStream {
public:
    explicit StringInput(std::string data) : data_(std::move(data)) {}
    std::size_t read(char* buffer, std::size_t size) override;

private:
    std::string data_;
    std::size_t offset_ = 0;
};

struct ClientDisconnected : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// What the server knows about a request, named after the WSGI environ keys.
struct Environ {
    std::string request_method;   // REQUEST_METHOD, e.g. "GET"
    std::string script_name;      // SCRIPT_NAME: mount prefix, "" at the root
    std::string path_info;        // PATH_INFO: percent-decoded path (raw bytes, usually UTF-8)
    std::string query_string;     // QUERY_STRING: as sent, not decoded
    std::string request_uri;      // REQUEST_URI: the request target as sent
    std::string server_protocol = "HTTP/1.1";
    std::string url_scheme = "http";  // wsgi.url_scheme
    std::string server_name = "localhost";
    std::string server_port = "80";
    std::string remote_addr;
    std::uint16_t remote_port = 0;
    Headers headers;              // request headers in arrival order
    std::optional<std::uint64_t> content_length;  // from Content-Length; nullopt when chunked/absent
    std::shared_ptr<InputStream> input;           // never null when the request has a body
    /// Set by the server: the value of the Host header, or server_name[:port].
    std::string host() const;
};

/// A streamed body: each call fills `chunk` and returns true, or returns false at the end.
using BodyGenerator = std::function<bool(std::string& chunk)>;

/// A file region to send (static files); lets the server avoid reading it whole.
struct FileBody {
    std::string path;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};

struct WsgiResponse {
    int status_code = 200;
    std::string reason = "OK";  // sent verbatim: Werkzeug uses upper case ("NOT FOUND")
    Headers headers;
    std::string body;                     // used when neither generator nor file is set
    BodyGenerator generator;              // streamed: no Content-Length, chunked on HTTP/1.1
    std::optional<FileBody> file;
    /// Runs once the response has been written or abandoned (resource release).
    std::function<void()> on_close;

    std::string status_line() const { return std::to_string(status_code) + " " + reason; }
};

using App = std::function<WsgiResponse(Environ&)>;

}  // namespace flask::wsgi
