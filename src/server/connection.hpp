// One client connection.  The whole request/response exchange runs inline
// on a thread running the connection's loop (no hand-off):
//
//   idle -> reading_head --(complete head)--> serving: the app runs, reads
//   the body on demand, the response is written, the rest of the body is
//   drained, pipelined heads already buffered are served -> idle, or closed
//   (lingering)
//
// A connection has one chain of operations at a time; its handlers hold
// `mutex_` so that, when the compensator lends the loop more threads, the
// timeout sweep and stop() never touch it concurrently (they try_lock and
// skip a busy connection, which checks for itself).  While serving, the
// socket is used directly (socket_io.hpp) and blocks with poll() timeouts;
// the compensator keeps the loop's other connections served meanwhile.
#pragma once

#include <boost/asio/generic/stream_protocol.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "flask/wsgi.hpp"
#include "server/chunked_decoder.hpp"
#include "server/input_buffer.hpp"
#include "server/request_parser.hpp"
#include "server/server_core.hpp"

namespace flask::server {

class BodyReader;

/// Who is on the other end.  For HTTPS the socket is the plaintext end of a
/// TLS tunnel (tls_tunnel.hpp), so the client's address comes from here.
struct Peer {
    std::string address;
    std::uint16_t port = 0;
    bool secure = false;  // the client speaks TLS: wsgi.url_scheme is "https"
};

class Connection : public std::enable_shared_from_this<Connection> {
public:
    using clock = std::chrono::steady_clock;
    /// A TCP socket, or a Unix stream socket behind a TLS tunnel.
    using Socket = boost::asio::generic::stream_protocol::socket;

    Connection(ServerCore& core, Loop& loop, Socket socket, Peer peer);
    ~Connection();

    // Any runner of the loop.  start() runs before the connection is shared.
    void start();
    // From the sweep / stop(): skip a busy connection (it checks for itself).
    void close_if_idle();                    // graceful stop: drop keep-alive connections
    void check_deadline(clock::time_point now);
    void shut_down();                        // forced stop: wake a view blocked on the socket
    std::size_t registry_index = 0;          // position in Loop::connections (under its mutex)

    // The serving thread, through the request's InputStream.
    std::size_t read_body(char* buffer, std::size_t size);

private:
    enum class State { idle, reading_head, serving, writing_error, lingering, closed };

    // connection.cpp: reading heads, errors, closing (callers hold mutex_).
    void read_head();
    void on_read(const boost::system::error_code& ec, std::size_t n);
    void try_dispatch();
    void reply_error(int status);
    void linger_close();
    void linger_read();
    void close();

    // exchange.cpp: one request/response exchange.
    bool serve();
    bool serve_one();
    void fill_environ(wsgi::Environ& env);
    void call_app(wsgi::Environ& env, wsgi::WsgiResponse& response, bool& failed);
    void log_access(int status, std::uint64_t bytes, clock::time_point started);

    // response_writer.cpp
    struct WriteResult {
        bool ok = true;             // the whole response reached the socket
        bool keep_alive = true;     // the framing allows another request
        std::uint64_t body_bytes = 0;
    };
    WriteResult write_response(wsgi::WsgiResponse& response, bool keep_alive);
    bool send_buffers(iovec* iov, int count);

    // body_reader.cpp
    void begin_body();
    bool drain_body();
    std::size_t fill_from_socket(char* buffer, std::size_t size);
    void send_continue();

    ServerCore& core_;
    Loop& loop_;
    std::mutex mutex_;     // held by every handler of this connection
    std::mutex fd_mutex_;  // closing vs. shut_down() from another thread
    Socket socket_;
    int fd_;
    bool fd_closed_ = false;  // under fd_mutex_
    State state_ = State::idle;
    clock::time_point deadline_{};
    std::string remote_addr_;
    std::uint16_t remote_port_ = 0;
    bool secure_ = false;

    InputBuffer in_;
    HeadParser parser_;
    RequestHead head_;
    std::string out_;      // response head / error response, reused
    std::string scratch_;  // drained bytes, reused
    std::string request_line_;  // copy for the access log, reused
    std::size_t method_size_ = 0;
    std::size_t target_size_ = 0;

    // The body of the request being served.
    BodyKind body_kind_ = BodyKind::none;
    std::uint64_t body_remaining_ = 0;  // Content-Length bodies
    std::uint64_t body_received_ = 0;
    ChunkedDecoder chunked_;
    bool body_done_ = true;
    bool body_broken_ = false;          // framing error or disconnect: never reuse the connection
    int body_error_status_ = 0;         // 400 bad framing, 413 too large, 0 client gone
    bool expect_continue_ = false;
    bool continue_sent_ = false;
    bool head_request_ = false;
    bool request_keep_alive_ = true;
    std::shared_ptr<BodyReader> body_reader_;
};

/// wsgi.input for a request with a body: forwards to the connection while
/// the request is being served, then reads as empty.
class BodyReader final : public wsgi::InputStream {
public:
    std::size_t read(char* buffer, std::size_t size) override {
        return connection_ ? connection_->read_body(buffer, size) : 0;
    }
    Connection* connection_ = nullptr;
};

}  // namespace flask::server
