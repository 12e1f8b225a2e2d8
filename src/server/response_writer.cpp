// Writing a WsgiResponse: the status line verbatim, the app's headers plus
// Date/Server/framing, then a string, file or generator body.
#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>

#include "server/connection.hpp"
#include "server/http_text.hpp"
#include "server/socket_io.hpp"

namespace flask::server {
namespace {

enum class Framing { none, length, chunked, until_close };

bool has_crlf(std::string_view s) noexcept { return s.find_first_of("\r\n") != std::string_view::npos; }

void append_number(std::string& out, std::uint64_t v) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
    out.append(digits, end);
}

// Header lines the app wrote that we add or interpret ourselves.
struct AppHeaders {
    bool date = false, server = false, content_length = false, transfer_encoding = false;
    bool close = false;
    bool invalid = false;
};

AppHeaders scan_headers(const wsgi::WsgiResponse& response) {
    AppHeaders seen;
    for (const auto& [name, value] : response.headers) {
        // A newline in a header is response splitting; refuse to send it.
        if (name.empty() || has_crlf(name) || has_crlf(value)) seen.invalid = true;
        switch (name.size()) {
            case 4: seen.date = seen.date || iequals(name, "date"); break;
            case 6: seen.server = seen.server || iequals(name, "server"); break;
            case 10:
                if (iequals(name, "connection")) seen.close = seen.close || has_token(value, "close");
                break;
            case 14: seen.content_length = seen.content_length || iequals(name, "content-length"); break;
            case 17: seen.transfer_encoding = seen.transfer_encoding || iequals(name, "transfer-encoding"); break;
            default: break;
        }
    }
    if (has_crlf(response.reason)) seen.invalid = true;
    return seen;
}

}  // namespace

bool Connection::send_buffers(iovec* iov, int count) {
    return send_all(fd_, iov, count, std::chrono::milliseconds(core_.options.limits.write_timeout)) ==
           IoStatus::ok;
}

Connection::WriteResult Connection::write_response(wsgi::WsgiResponse& response, bool keep_alive) {
    AppHeaders seen = scan_headers(response);
    if (seen.invalid || response.status_code < 100 || response.status_code > 999) {
        core_.log_error("flaskcpp server: invalid status or header (newline) in the response to " +
                        request_line_);
        if (response.on_close) response.on_close();
        response = wsgi::WsgiResponse{};
        response.status_code = 500;
        response.reason = std::string(reason_phrase(500));
        response.headers.add("Content-Type", "text/html; charset=utf-8");
        response.body = std::string(error_page(500));
        seen = scan_headers(response);
    }
    const int code = response.status_code;
    const bool http10 = head_.minor_version == 0;  // head_ still describes this request

    // Open the file before committing to a status line, so a vanished file is a 500.
    int file_fd = -1;
    const bool bodiless_status = code < 200 || code == 204 || code == 304;
    if (response.file && !bodiless_status && !head_request_) {
        file_fd = ::open(response.file->path.c_str(), O_RDONLY | O_CLOEXEC);
        if (file_fd < 0) {
            core_.log_error("flaskcpp server: cannot open " + response.file->path);
            if (response.on_close) response.on_close();
            response = wsgi::WsgiResponse{};
            response.status_code = 500;
            response.reason = std::string(reason_phrase(500));
            response.headers.add("Content-Type", "text/html; charset=utf-8");
            response.body = std::string(error_page(500));
            seen = scan_headers(response);
        }
    }

    Framing framing = Framing::length;
    std::uint64_t length = 0;
    if (bodiless_status) {
        framing = Framing::none;
    } else if (response.file) {
        length = response.file->length;
    } else if (response.generator) {
        // Never invent a Content-Length for a stream; trust the app's if it set one.
        if (seen.content_length) framing = Framing::length;
        else if (!http10) framing = Framing::chunked;
        else framing = Framing::until_close;
    } else {
        length = response.body.size();
    }
    if (seen.close || framing == Framing::until_close) keep_alive = false;

    std::string& out = out_;
    out.clear();
    out += "HTTP/1.1 ";
    append_number(out, static_cast<std::uint64_t>(code));
    out += ' ';
    out += response.reason;
    out += "\r\n";
    for (const auto& [name, value] : response.headers) {
        if (name.size() == 10 && iequals(name, "connection")) continue;  // ours below
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (!seen.date) {
        out += "Date: ";
        out += http_date_now();
        out += "\r\n";
    }
    if (!seen.server) out += "Server: flaskcpp\r\n";
    if (framing == Framing::length && !seen.content_length) {
        out += "Content-Length: ";
        append_number(out, length);
        out += "\r\n";
    }
    if (framing == Framing::chunked && !seen.transfer_encoding) out += "Transfer-Encoding: chunked\r\n";
    if (!keep_alive) out += "Connection: close\r\n";
    else if (http10) out += "Connection: keep-alive\r\n";
    out += "\r\n";

    WriteResult result;
    result.keep_alive = keep_alive;
    iovec iov[4];
    static constexpr char crlf[] = "\r\n";
    if (head_request_ || framing == Framing::none) {
        iov[0] = {out.data(), out.size()};
        result.ok = send_buffers(iov, 1);
        if (file_fd >= 0) ::close(file_fd);
        return result;
    }

    if (response.file) {
        iov[0] = {out.data(), out.size()};
        result.ok = send_buffers(iov, 1);
        if (result.ok && length > 0) {
            std::uint64_t sent = 0;
            IoStatus s = send_file(fd_, file_fd, response.file->offset, length,
                                   std::chrono::milliseconds(core_.options.limits.write_timeout), sent);
            result.body_bytes = sent;
            result.ok = s == IoStatus::ok;  // a short file leaves the framing broken: close
        }
        ::close(file_fd);
        return result;
    }

    if (!response.generator) {
        iov[0] = {out.data(), out.size()};
        iov[1] = {response.body.data(), response.body.size()};
        result.ok = send_buffers(iov, 2);
        if (result.ok) result.body_bytes = response.body.size();
        return result;
    }

    // A generator: the head goes out with the first chunk (one write), each
    // chunk as soon as it is produced.
    bool head_sent = false;
    std::string chunk;
    char size_line[24];
    try {
        while (response.generator(chunk)) {
            if (chunk.empty()) continue;  // an empty chunk would end a chunked body
            int n = 0;
            if (!head_sent) iov[n++] = {out.data(), out.size()};
            if (framing == Framing::chunked) {
                int len = std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
                iov[n++] = {size_line, static_cast<std::size_t>(len)};
            }
            iov[n++] = {chunk.data(), chunk.size()};
            if (framing == Framing::chunked) iov[n++] = {const_cast<char*>(crlf), 2};
            if (!send_buffers(iov, n)) {
                result.ok = false;
                return result;
            }
            head_sent = true;
            result.body_bytes += chunk.size();
        }
    } catch (const std::exception& e) {
        // Too late for an error page: cut the stream (no final chunk) so the
        // client sees an incomplete response rather than a truncated success.
        core_.log_error("Exception on " + request_line_ + " while streaming: " + e.what());
        if (!head_sent) {
            iov[0] = {out.data(), out.size()};
            send_buffers(iov, 1);
        }
        result.ok = false;
        return result;
    }
    int n = 0;
    if (!head_sent) iov[n++] = {out.data(), out.size()};
    static constexpr char last_chunk[] = "0\r\n\r\n";
    if (framing == Framing::chunked) iov[n++] = {const_cast<char*>(last_chunk), sizeof last_chunk - 1};
    if (n > 0) result.ok = send_buffers(iov, n);
    if (framing == Framing::length && seen.content_length) {
        // The app's Content-Length must match what it streamed, or the
        // connection's framing is broken.
        auto declared = response.headers.get("Content-Length");
        std::uint64_t value = 0;
        if (!declared || std::from_chars(declared->data(), declared->data() + declared->size(), value).ec !=
                             std::errc{} || value != result.body_bytes)
            result.keep_alive = false;
    }
    return result;
}

}  // namespace flask::server
