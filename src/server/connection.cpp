// The asynchronous side of a connection: reading request heads, answering
// malformed ones, timeouts and lingering close.  Complete heads are served
// inline (exchange.cpp).  Every handler locks the connection's mutex first.
#include "server/connection.hpp"

#include <sys/socket.h>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "server/http_text.hpp"

namespace flask::server {

namespace asio = boost::asio;

namespace {

// After we stop writing, how long a closing connection may keep sending
// before we hard-close; long enough for the client to read our response.
constexpr std::chrono::seconds linger_time{2};
constexpr std::size_t linger_max_bytes = 1u << 20;
// Pipelined requests served back to back before yielding to the loop's other
// connections: each one is short, so the compensator would not step in.
constexpr int max_inline_pipelined = 16;

}  // namespace

Connection::Connection(ServerCore& core, Loop& loop, Socket socket, Peer peer)
    : core_(core),
      loop_(loop),
      socket_(std::move(socket)),
      fd_(socket_.native_handle()),
      remote_addr_(std::move(peer.address)),
      remote_port_(peer.port),
      secure_(peer.secure),
      in_(8192),
      parser_(core.options.limits) {
    boost::system::error_code ec;
    // Serving uses the descriptor directly and relies on it being non-blocking.
    socket_.non_blocking(true, ec);
}

Connection::~Connection() {
    if (body_reader_) body_reader_->connection_ = nullptr;
}

void Connection::start() {
    std::lock_guard lock(mutex_);
    state_ = State::idle;
    deadline_ = clock::now() + core_.options.limits.idle_timeout;
    read_head();
}

void Connection::read_head() {
    const ServerLimits& limits = core_.options.limits;
    // Room for the largest head the limits allow; the parser rejects before that.
    std::size_t max_capacity = limits.max_request_line + limits.max_header_bytes + 64;
    char* space = nullptr;
    std::size_t room = in_.prepare(2048, max_capacity, space);
    if (room == 0) {
        reply_error(431);
        return;
    }
    socket_.async_read_some(asio::buffer(space, room),
                            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                                std::lock_guard lock(self->mutex_);
                                self->on_read(ec, n);
                            });
}

void Connection::on_read(const boost::system::error_code& ec, std::size_t n) {
    if (state_ != State::idle && state_ != State::reading_head) return;  // cancelled by a timeout reply
    if (ec) {
        // EOF between requests is the normal end of a keep-alive connection.
        close();
        return;
    }
    in_.commit(n);
    if (state_ == State::idle) {
        state_ = State::reading_head;
        // The whole head must arrive within read_timeout: a slowloris client
        // trickling header bytes cannot hold the connection forever.
        deadline_ = clock::now() + core_.options.limits.read_timeout;
    }
    try_dispatch();
}

void Connection::try_dispatch() {
    for (int served = 0;; ++served) {
        ParseStatus status = parser_.parse(in_.view(), head_);
        if (status == ParseStatus::incomplete) {
            read_head();
            return;
        }
        if (status == ParseStatus::error) {
            reply_error(parser_.error_status());
            return;
        }
        // Serve right here: the app runs on this thread (compensator.hpp says
        // why that is safe when it blocks).
        state_ = State::serving;
        if (!serve() || core_.stopping) {
            linger_close();
            return;
        }
        in_.shrink(8192);  // a rare huge head should not pin 64 KiB per idle connection
        if (in_.empty()) {
            state_ = State::idle;
            deadline_ = clock::now() + core_.options.limits.idle_timeout;
            read_head();
            return;
        }
        // Part of the next request is already buffered (pipelining).
        state_ = State::reading_head;
        deadline_ = clock::now() + core_.options.limits.read_timeout;
        if (served + 1 >= max_inline_pipelined) {
            asio::post(loop_.context, [self = shared_from_this()] {
                std::lock_guard lock(self->mutex_);
                if (self->state_ == State::reading_head) self->try_dispatch();
            });
            return;
        }
    }
}

void Connection::reply_error(int status) {
    if (core_.access_log_enabled()) {
        std::string_view line = HeadParser::first_line(in_.view());
        AccessLogEntry entry;
        entry.remote_addr = remote_addr_;
        entry.remote_port = remote_port_;
        entry.request_line = line;
        // Best effort: "METHOD TARGET PROTOCOL" when the line has that shape.
        std::size_t sp1 = line.find(' ');
        std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
        if (sp2 != std::string_view::npos) {
            entry.method = line.substr(0, sp1);
            entry.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
            entry.protocol = line.substr(sp2 + 1);
        }
        entry.status = status;
        entry.bytes_sent = error_page(status).size();
        core_.log_access(entry);
    }
    boost::system::error_code ignored;
    socket_.cancel(ignored);  // a pending read completes as aborted and is ignored
    build_error_response(out_, status, false);
    state_ = State::writing_error;
    deadline_ = clock::now() + core_.options.limits.write_timeout;
    asio::async_write(socket_, asio::buffer(out_),
                      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                          std::lock_guard lock(self->mutex_);
                          if (self->state_ != State::writing_error) return;
                          if (ec) self->close();
                          else self->linger_close();
                      });
}

void Connection::linger_close() {
    // Closing a socket with unread input makes the kernel send RST, which can
    // destroy our response before the client reads it (e.g. a 413 sent while
    // the upload is still arriving).  So: send FIN, then read and discard
    // until the client closes, for a bounded time and size.
    state_ = State::lingering;
    deadline_ = clock::now() + linger_time;
    boost::system::error_code ignored;
    socket_.shutdown(Socket::shutdown_send, ignored);
    in_.consume(in_.size());
    body_received_ = 0;  // reused as the count of discarded bytes
    linger_read();
}

void Connection::linger_read() {
    char* space = nullptr;
    std::size_t room = in_.prepare(4096, 16384, space);
    socket_.async_read_some(asio::buffer(space, room),
                            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                                std::lock_guard lock(self->mutex_);
                                if (self->state_ != State::lingering) return;
                                self->body_received_ += n;
                                if (ec || self->body_received_ > linger_max_bytes) {
                                    self->close();
                                    return;
                                }
                                self->in_.consume(self->in_.size());
                                self->linger_read();
                            });
}

void Connection::close() {
    if (state_ == State::closed) return;
    state_ = State::closed;
    {
        std::lock_guard fd_lock(fd_mutex_);
        boost::system::error_code ignored;
        socket_.close(ignored);
        fd_closed_ = true;
    }
    if (!out_.empty() && out_.capacity() > 65536) std::string().swap(out_);
    auto keep = shared_from_this();  // unregistering may drop the last owner
    core_.remove_connection(loop_, *this);
}

void Connection::close_if_idle() {
    // A busy connection is skipped: it checks `stopping` before idling again,
    // and the sweep closes one that went idle during this race.
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (lock && state_ == State::idle) close();
}

void Connection::check_deadline(clock::time_point now) {
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (!lock) return;  // serving (it enforces its own timeouts) or briefly in a handler
    if (state_ == State::idle && core_.stopping) {
        close();
        return;
    }
    if (now < deadline_) return;
    switch (state_) {
        case State::idle:
        case State::writing_error:
        case State::lingering:
            close();
            break;
        case State::reading_head:
            reply_error(408);
            break;
        case State::serving:
        case State::closed:
            break;
    }
}

void Connection::shut_down() {
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (lock) {
        close();
        return;
    }
    // Busy, most likely a view blocked on the socket: shutdown() makes its
    // poll/recv/send fail.  Never close here: the serving thread still uses
    // the descriptor, and a closed number could be reused.
    std::lock_guard fd_lock(fd_mutex_);
    if (!fd_closed_) ::shutdown(fd_, SHUT_RDWR);
}

}  // namespace flask::server
