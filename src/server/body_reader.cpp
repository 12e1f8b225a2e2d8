// The request body, pulled from the socket only when the app reads it
// (wsgi.input), so a 1 GiB upload streams through a bounded buffer.
#include <cstring>

#include "server/connection.hpp"
#include "server/socket_io.hpp"

namespace flask::server {
namespace {

constexpr std::size_t chunk_read_size = 16384;
constexpr std::size_t chunk_buffer_max = 65536;

std::chrono::milliseconds millis(std::chrono::seconds s) { return s; }

}  // namespace

void Connection::begin_body() {
    body_kind_ = head_.body;
    body_received_ = 0;
    body_remaining_ = 0;
    body_broken_ = false;
    body_error_status_ = 0;
    continue_sent_ = false;
    // "100 Continue" is for HTTP/1.1 clients; an HTTP/1.0 client must not get one.
    expect_continue_ = head_.expect_continue && head_.minor_version >= 1;
    switch (body_kind_) {
        case BodyKind::none:
            body_done_ = true;
            return;
        case BodyKind::length:
            body_remaining_ = head_.content_length;
            break;
        case BodyKind::chunked:
            chunked_.reset();
            break;
    }
    body_done_ = false;
    // Reuse the reader unless the app kept the previous one alive.
    if (!body_reader_ || body_reader_.use_count() > 1) body_reader_ = std::make_shared<BodyReader>();
    body_reader_->connection_ = this;
}

void Connection::send_continue() {
    continue_sent_ = true;
    static constexpr char line[] = "HTTP/1.1 100 Continue\r\n\r\n";
    iovec iov{const_cast<char*>(line), sizeof line - 1};
    if (send_all(fd_, &iov, 1, millis(core_.options.limits.write_timeout)) != IoStatus::ok) {
        body_broken_ = true;
        throw wsgi::ClientDisconnected("client disconnected before 100 Continue");
    }
}

std::size_t Connection::fill_from_socket(char* buffer, std::size_t size) {
    std::size_t got = 0;
    IoStatus status = recv_some(fd_, buffer, size, millis(core_.options.limits.read_timeout), got);
    if (status == IoStatus::ok) return got;
    body_broken_ = true;
    if (status == IoStatus::timeout) throw wsgi::ClientDisconnected("timed out reading the request body");
    throw wsgi::ClientDisconnected("client disconnected while sending the request body");
}

std::size_t Connection::read_body(char* buffer, std::size_t size) {
    if (body_done_ || size == 0) return 0;
    if (body_broken_) throw wsgi::ClientDisconnected("the request body could not be read");
    if (expect_continue_ && !continue_sent_) send_continue();

    if (body_kind_ == BodyKind::length) {
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(size, body_remaining_));
        std::size_t n;
        if (!in_.empty()) {
            // Bytes that arrived with the head come first.
            n = std::min(want, in_.size());
            std::memcpy(buffer, in_.view().data(), n);
            in_.consume(n);
        } else {
            n = fill_from_socket(buffer, want);  // straight into the app's buffer
        }
        body_remaining_ -= n;
        body_received_ += n;
        if (body_remaining_ == 0) body_done_ = true;
        return n;
    }

    const std::uint64_t max_body = core_.options.limits.max_body_size;
    while (true) {
        if (!in_.empty()) {
            std::size_t consumed = 0, produced = 0;
            std::string_view data = in_.view();
            ChunkedDecoder::Status status =
                chunked_.decode(data.data(), data.size(), consumed, buffer, size, produced);
            in_.consume(consumed);
            if (status == ChunkedDecoder::Status::error) {
                body_broken_ = true;
                body_error_status_ = 400;
                throw wsgi::ClientDisconnected("malformed chunked request body");
            }
            body_received_ += produced;
            if (max_body && body_received_ > max_body) {
                body_broken_ = true;
                body_error_status_ = 413;
                throw wsgi::ClientDisconnected("request body exceeds the server limit");
            }
            if (status == ChunkedDecoder::Status::done) body_done_ = true;
            if (produced > 0 || body_done_) return produced;
        }
        char* space = nullptr;
        std::size_t room = in_.prepare(chunk_read_size, chunk_buffer_max, space);
        in_.commit(fill_from_socket(space, room));
    }
}

bool Connection::drain_body() {
    // Discard what the app did not read so the connection can carry the next
    // request; give up (and close) beyond max_drain.
    if (scratch_.size() < chunk_read_size) scratch_.resize(chunk_read_size);
    std::uint64_t drained = 0;
    try {
        while (!body_done_) {
            drained += read_body(scratch_.data(), scratch_.size());
            if (drained > core_.options.limits.max_drain) return false;
        }
    } catch (const wsgi::ClientDisconnected&) {
        return false;
    }
    return true;
}

}  // namespace flask::server
