// flask::Server: the production HTTP/1.1 server core.
//
// It knows nothing about Flask: it parses requests into a wsgi::Environ,
// calls a wsgi::App and writes the wsgi::WsgiResponse.  The app runs inline
// on the event-loop thread that read the request (no per-request thread
// hand-off); views may still block, as in Flask: when every thread of a loop
// has been stuck in a request for a few milliseconds, a monitor lends
// that loop another thread, so a slow view never stalls other connections.
//
// This header is deliberately light (no Asio/Beast): the CLI and the Flask
// layer include it without paying for Boost's compile times.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "flask/wsgi.hpp"

namespace flask {

/// Every limit has a named default; 0 disables the optional ones.
struct ServerLimits {
    std::size_t max_request_line = 8192;      // bytes; longer -> 414
    std::size_t max_header_bytes = 65536;     // header section after the request line; larger -> 431
    std::size_t max_header_count = 100;       // more fields -> 431
    std::uint64_t max_body_size = 0;          // 0 = unlimited (the app enforces MAX_CONTENT_LENGTH); larger -> 413
    std::uint64_t max_drain = 10u << 20;      // unread body the server discards to keep a connection alive
    std::size_t max_connections = 0;          // 0 = unlimited; extra connections get 503 and are closed
    std::chrono::seconds idle_timeout{75};    // keep-alive connection waiting for its next request
    std::chrono::seconds read_timeout{30};    // a request head must arrive within this (slowloris);
                                              // also the longest silence while the app reads the body
    std::chrono::seconds write_timeout{30};   // longest stall while the client does not read
    std::chrono::seconds graceful_timeout{30};  // stop(): in-flight requests get this long, then sockets are shut
};

/// One line of the access log (Werkzeug prints `addr - - [date] "request_line" status size`).
/// The views are valid only during the callback.
struct AccessLogEntry {
    std::string_view remote_addr;
    std::uint16_t remote_port = 0;
    std::string_view request_line;  // as received, e.g. "GET /?a=1 HTTP/1.1" (truncated when malformed)
    std::string_view method;        // empty when the request line could not be parsed
    std::string_view target;
    std::string_view protocol;
    int status = 0;
    std::uint64_t bytes_sent = 0;   // body bytes written
    std::chrono::microseconds duration{0};
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 5000;           // 0 picks a free port; see Server::port()
    /// An already listening socket to serve instead of binding host:port (the
    /// reloader keeps one open across restarts of the app); -1: bind.
    int listen_fd = -1;
    /// HTTPS: PEM files of the certificate (chain) and its private key; both
    /// empty serves plain HTTP.  Bad files make the constructor throw.
    std::string tls_cert_file = {};
    std::string tls_key_file = {};
    unsigned io_threads = 0;             // event loops; 0 = hardware threads
    unsigned worker_threads = 0;         // cap of threads lent to loops blocked in views; 0 = 256
    ServerLimits limits;
    bool handle_signals = false;         // SIGINT/SIGTERM -> graceful stop(); a second signal forces it
    /// Called from several threads concurrently: must be thread-safe.
    std::function<void(const AccessLogEntry&)> access_log;
    /// Once the server accepts connections (from the thread calling run()).
    std::function<void()> on_listening;
    /// Unhandled app exceptions and other server-side errors; default prints to stderr.
    std::function<void(std::string_view)> error_log;
};

/// The listening socket could not be bound because the address is taken.
struct AddressInUse : std::runtime_error {
    AddressInUse(std::string host, std::uint16_t port);
    std::string host;
    std::uint16_t port;
};

class Server {
public:
    /// Binds and listens immediately, so port() is known before run().
    /// Throws AddressInUse, or std::system_error for other socket errors.
    Server(wsgi::App app, ServerOptions options = {});
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Serves until stop(): blocks, then returns once in-flight requests are done.
    void run();
    /// Graceful: stop accepting, close idle connections, finish in-flight requests.
    /// Thread-safe; may be called before or during run() (not from a signal handler).
    void stop();
    /// The bound port (useful with port 0).
    std::uint16_t port() const;
    const std::string& host() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace flask
