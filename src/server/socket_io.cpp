#include "server/socket_io.hpp"

#include <poll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace flask::server {
namespace {

// Wait until the descriptor is ready; timeouts restart after EINTR, which is
// fine: the timeout bounds a stall, not the whole transfer.
IoStatus wait_for(int fd, short events, std::chrono::milliseconds timeout) {
    pollfd p{fd, events, 0};
    while (true) {
        int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
        if (r > 0) return IoStatus::ok;  // errors/hangups surface in the next syscall
        if (r == 0) return IoStatus::timeout;
        if (errno != EINTR) return IoStatus::error;
    }
}

}  // namespace

IoStatus recv_some(int fd, char* buffer, std::size_t size, std::chrono::milliseconds timeout,
                   std::size_t& got) {
    got = 0;
    while (true) {
        ssize_t n = ::recv(fd, buffer, size, MSG_DONTWAIT);
        if (n > 0) {
            got = static_cast<std::size_t>(n);
            return IoStatus::ok;
        }
        if (n == 0) return IoStatus::eof;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return IoStatus::error;
        if (IoStatus s = wait_for(fd, POLLIN, timeout); s != IoStatus::ok) return s;
    }
}

IoStatus send_all(int fd, iovec* iov, int count, std::chrono::milliseconds timeout) {
    while (count > 0) {
        if (iov->iov_len == 0) {
            ++iov;
            --count;
            continue;
        }
        msghdr msg{};
        msg.msg_iov = iov;
        msg.msg_iovlen = static_cast<decltype(msg.msg_iovlen)>(count);
        // MSG_NOSIGNAL: a peer that went away must not kill the process with SIGPIPE.
        ssize_t n = ::sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) return IoStatus::error;
            if (IoStatus s = wait_for(fd, POLLOUT, timeout); s != IoStatus::ok) return s;
            continue;
        }
        auto left = static_cast<std::size_t>(n);
        while (count > 0 && left >= iov->iov_len) {
            left -= iov->iov_len;
            ++iov;
            --count;
        }
        if (count > 0) {
            iov->iov_base = static_cast<char*>(iov->iov_base) + left;
            iov->iov_len -= left;
        }
    }
    return IoStatus::ok;
}

IoStatus send_file(int fd, int file_fd, std::uint64_t offset, std::uint64_t length,
                   std::chrono::milliseconds timeout, std::uint64_t& sent) {
    sent = 0;
    auto off = static_cast<off_t>(offset);
    while (sent < length) {
        std::size_t piece = static_cast<std::size_t>(std::min<std::uint64_t>(length - sent, 1u << 20));
        ssize_t n = ::sendfile(fd, file_fd, &off, piece);
        if (n > 0) {
            sent += static_cast<std::uint64_t>(n);
            continue;
        }
        if (n == 0) return IoStatus::eof;  // the file shrank under us
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return IoStatus::error;
        if (IoStatus s = wait_for(fd, POLLOUT, timeout); s != IoStatus::ok) return s;
    }
    return IoStatus::ok;
}

}  // namespace flask::server
