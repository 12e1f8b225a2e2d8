// Helpers for server tests: a server on an ephemeral port running in a
// thread, and a tiny blocking HTTP client over raw loopback sockets.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <future>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "flask/server.hpp"

namespace server_test {

using flask::wsgi::Environ;
using flask::wsgi::WsgiResponse;

inline WsgiResponse text(std::string body, int status = 200, std::string reason = "OK") {
    WsgiResponse r;
    r.status_code = status;
    r.reason = std::move(reason);
    r.headers.add("Content-Type", "text/plain; charset=utf-8");
    r.body = std::move(body);
    return r;
}

inline std::string read_all(Environ& env) {
    std::string body;
    char buf[4096];
    while (std::size_t n = env.input->read(buf, sizeof buf)) body.append(buf, n);
    return body;
}

/// A Server running on 127.0.0.1:<ephemeral> in a background thread.
class RunningServer {
public:
    explicit RunningServer(flask::wsgi::App app, flask::ServerOptions options = {}) {
        options.host = "127.0.0.1";
        options.port = 0;
        if (!options.io_threads) options.io_threads = 2;
        server_ = std::make_unique<flask::Server>(std::move(app), std::move(options));
        done_ = std::async(std::launch::async, [this] { server_->run(); });
    }
    ~RunningServer() { stop(); }
    std::uint16_t port() const { return server_->port(); }
    flask::Server& server() { return *server_; }
    /// Graceful stop; true when run() returned within the timeout.
    bool stop(std::chrono::seconds timeout = std::chrono::seconds(10)) {
        if (!done_.valid()) return true;
        server_->stop();
        bool ok = done_.wait_for(timeout) == std::future_status::ready;
        if (ok) done_.get();
        return ok;
    }
    std::future<void>& done() { return done_; }

private:
    std::unique_ptr<flask::Server> server_;
    std::future<void> done_;
};

/// A blocking client socket with a receive timeout so a broken test fails instead of hanging.
class Client {
public:
    explicit Client(std::uint16_t port, int timeout_seconds = 5) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        timeval tv{timeout_seconds, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            throw std::runtime_error("connect failed");
    }
    ~Client() {
        if (fd_ >= 0) ::close(fd_);
    }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool send(std::string_view data) {
        while (!data.empty()) {
            ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }
    void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

    /// Read more bytes into the buffer; false on EOF, error or timeout.
    bool fill() {
        char buf[65536];
        ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) return false;
        buffer_.append(buf, static_cast<std::size_t>(n));
        return true;
    }
    /// Everything until the server closes (or the timeout).
    std::string read_to_close() {
        while (fill()) {
        }
        return std::exchange(buffer_, {});
    }
    /// True when the server has closed the connection (EOF) within the timeout.
    bool closed_by_peer() {
        char c;
        ssize_t n = ::recv(fd_, &c, 1, 0);
        if (n > 0) buffer_.push_back(c);
        return n == 0 || (n < 0 && errno == ECONNRESET);
    }

    struct Response {
        bool ok = false;
        std::string raw_head;
        std::string status_line;
        int status = 0;
        std::multimap<std::string, std::string> headers;  // lower-case names
        std::string body;
        bool chunked = false;
        std::string header(const std::string& name) const {
            auto it = headers.find(name);
            return it == headers.end() ? std::string() : it->second;
        }
        bool has(const std::string& name) const { return headers.count(name) > 0; }
    };

    /// Parse one response; `head_request` means no body follows.
    Response read_response(bool head_request = false) {
        Response r;
        std::size_t end;
        while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
            if (!fill()) return r;
        r.raw_head = buffer_.substr(0, end + 2);
        buffer_.erase(0, end + 4);
        std::size_t eol = r.raw_head.find("\r\n");
        r.status_line = r.raw_head.substr(0, eol);
        r.status = std::atoi(r.status_line.substr(9, 3).c_str());
        std::size_t pos = eol + 2;
        while (pos < r.raw_head.size()) {
            std::size_t next = r.raw_head.find("\r\n", pos);
            std::string line = r.raw_head.substr(pos, next - pos);
            pos = next + 2;
            std::size_t colon = line.find(':');
            std::string name = line.substr(0, colon);
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            r.headers.emplace(name, value);
        }
        if (head_request || r.status < 200 || r.status == 204 || r.status == 304) {
            r.ok = true;
            return r;
        }
        if (r.header("transfer-encoding") == "chunked") {
            r.chunked = true;
            while (true) {
                std::size_t line_end;
                while ((line_end = buffer_.find("\r\n")) == std::string::npos)
                    if (!fill()) return r;
                std::size_t size = std::stoul(buffer_.substr(0, line_end), nullptr, 16);
                while (buffer_.size() < line_end + 2 + size + 2)
                    if (!fill()) return r;
                r.body += buffer_.substr(line_end + 2, size);
                buffer_.erase(0, line_end + 2 + size + 2);
                if (size == 0) break;
            }
        } else if (r.has("content-length")) {
            std::size_t size = std::stoul(r.header("content-length"));
            while (buffer_.size() < size)
                if (!fill()) return r;
            r.body = buffer_.substr(0, size);
            buffer_.erase(0, size);
        } else {
            r.body = read_to_close();
        }
        r.ok = true;
        return r;
    }

    int fd() const { return fd_; }

private:
    int fd_ = -1;
    std::string buffer_;
};

/// One request on a fresh connection.
inline Client::Response roundtrip(std::uint16_t port, std::string_view raw, bool head_request = false) {
    Client c(port);
    c.send(raw);
    return c.read_response(head_request);
}

}  // namespace server_test
