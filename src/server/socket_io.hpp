// Blocking socket I/O with timeouts, for the thread serving a request.
//
// While a request is served the connection has no asynchronous operation
// pending, so the serving thread may use the (non-blocking) descriptor directly:
// try the syscall, and on EAGAIN wait with poll() up to the timeout.  Views
// are blocking functions, so their body reads and response writes are too.
#pragma once

#include <sys/uio.h>

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace flask::server {

enum class IoStatus { ok, eof, timeout, error };

/// Read at most `size` bytes; `got` > 0 with ok, 0 with eof.
IoStatus recv_some(int fd, char* buffer, std::size_t size, std::chrono::milliseconds timeout,
                   std::size_t& got);

/// Write every byte of the buffers (the array is modified as it advances).
IoStatus send_all(int fd, iovec* iov, int count, std::chrono::milliseconds timeout);

/// Write `length` bytes of `file_fd` from `offset` with sendfile(2).
IoStatus send_file(int fd, int file_fd, std::uint64_t offset, std::uint64_t length,
                   std::chrono::milliseconds timeout, std::uint64_t& sent);


}  // namespace flask::server
