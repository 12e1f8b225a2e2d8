// Malformed input, smuggling vectors, limits, timeouts and body draining.
#include <gtest/gtest.h>

#include <atomic>

#include "server_test_support.hpp"

using namespace server_test;

namespace {

flask::wsgi::App ok_app() {
    return [](Environ&) { return text("ok"); };
}

// Send raw bytes, expect `status`, then the server closes the connection.
void expect_rejected(std::uint16_t port, std::string_view raw, int status) {
    Client c(port);
    c.send(raw);
    auto r = c.read_response();
    ASSERT_TRUE(r.ok) << raw;
    EXPECT_EQ(r.status, status) << raw;
    EXPECT_EQ(r.header("connection"), "close") << raw;
    EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
    EXPECT_TRUE(c.closed_by_peer()) << raw;
}

}  // namespace

TEST(ServerLimits, GarbageIs400WithWerkzeugPage) {
    RunningServer server(ok_app());
    Client c(server.port());
    c.send("\x01\x02garbage garbage\r\n\r\n");
    auto r = c.read_response();
    EXPECT_EQ(r.status_line, "HTTP/1.1 400 Bad Request");
    EXPECT_EQ(r.body,
              "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n"
              "<p>The browser (or proxy) sent a request that this server could not understand.</p>\n");
    // The server is still fine.
    EXPECT_EQ(roundtrip(server.port(), "GET / HTTP/1.1\r\n\r\n").body, "ok");
}

TEST(ServerLimits, SmugglingVectorsAre400AndClose) {
    std::atomic<int> calls{0};
    RunningServer server([&](Environ&) {
        ++calls;
        return text("ok");
    });
    expect_rejected(server.port(),
                    "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    expect_rejected(server.port(), "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400);
    expect_rejected(server.port(), "GET / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n", 400);
    expect_rejected(server.port(), "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400);
    expect_rejected(server.port(), std::string("GET /\0x HTTP/1.1\r\n\r\n", 21), 400);
    expect_rejected(server.port(), "GET /\rx HTTP/1.1\r\n\r\n", 400);
    expect_rejected(server.port(), "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", 400);
    expect_rejected(server.port(), "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    expect_rejected(server.port(), "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501);
    expect_rejected(server.port(), "GET / HTTP/2.0\r\n\r\n", 505);
    EXPECT_EQ(calls.load(), 0);
}

TEST(ServerLimits, LongRequestLineIs414) {
    RunningServer server(ok_app());
    expect_rejected(server.port(), "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n", 414);
}

TEST(ServerLimits, TooManyOrTooLargeHeadersAre431) {
    flask::ServerOptions options;
    options.limits.max_header_count = 10;
    options.limits.max_header_bytes = 4096;
    RunningServer server(ok_app(), options);
    std::string many = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 11; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
    expect_rejected(server.port(), many + "\r\n", 431);
    expect_rejected(server.port(), "GET / HTTP/1.1\r\nX-Big: " + std::string(5000, 'b') + "\r\n\r\n", 431);
}

TEST(ServerLimits, MaxBodySizeIs413BeforeTheApp) {
    flask::ServerOptions options;
    options.limits.max_body_size = 100;
    RunningServer server(ok_app(), options);
    expect_rejected(server.port(), "POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", 413);
}

TEST(ServerLimits, UnreadBodyIsDrainedAndTheConnectionReused) {
    RunningServer server([](Environ& env) { return text("ignored " + env.path_info, 413, "REQUEST ENTITY TOO LARGE"); });
    Client c(server.port());
    std::string body(1 << 20, 'x');  // 1 MiB the app never reads
    c.send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n");
    std::thread sender([&] { c.send(body); });
    auto r = c.read_response();
    sender.join();
    EXPECT_EQ(r.status, 413);
    EXPECT_FALSE(r.has("connection"));
    c.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(c.read_response().body, "ignored /b");
}

TEST(ServerLimits, BodyBeyondDrainLimitGetsTheResponseThenClose) {
    flask::ServerOptions options;
    options.limits.max_drain = 1024;
    RunningServer server([](Environ&) { return text("too big", 413, "REQUEST ENTITY TOO LARGE"); }, options);
    Client c(server.port());
    std::string body(4 << 20, 'x');
    c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n");
    std::thread sender([&] { c.send(body); });  // may fail once the server closes
    auto r = c.read_response();
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.header("connection"), "close");
    EXPECT_EQ(r.body, "too big");
    c.shutdown_write();
    sender.join();
}

TEST(ServerLimits, LargeUploadStreamsThroughSmallReads) {
    // 64 MiB read in 64 KiB pieces: the server never holds the body.
    std::atomic<std::uint64_t> total{0};
    RunningServer server([&](Environ& env) {
        std::vector<char> buf(65536);
        std::uint64_t n = 0;
        while (std::size_t got = env.input->read(buf.data(), buf.size())) n += got;
        total = n;
        return text(std::to_string(n));
    });
    Client c(server.port());
    const std::size_t size = 64u << 20;
    c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n");
    std::string piece(1 << 20, 'u');
    for (std::size_t sent = 0; sent < size; sent += piece.size()) ASSERT_TRUE(c.send(piece));
    auto r = c.read_response();
    EXPECT_EQ(r.body, std::to_string(size));
}

TEST(ServerLimits, IdleKeepAliveConnectionsTimeOut) {
    flask::ServerOptions options;
    options.limits.idle_timeout = std::chrono::seconds(1);
    RunningServer server(ok_app(), options);
    Client c(server.port());
    c.send("GET / HTTP/1.1\r\n\r\n");
    EXPECT_EQ(c.read_response().body, "ok");
    auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(c.closed_by_peer());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
}

TEST(ServerLimits, SlowHeadersGet408) {
    flask::ServerOptions options;
    options.limits.read_timeout = std::chrono::seconds(1);
    RunningServer server(ok_app(), options);
    Client c(server.port());
    c.send("GET / HTTP/1.1\r\nX-Slow: ");
    auto r = c.read_response();
    EXPECT_EQ(r.status, 408);
    EXPECT_TRUE(c.closed_by_peer());
}

TEST(ServerLimits, MaxConnectionsRejectsExtraOnesWith503) {
    flask::ServerOptions options;
    options.limits.max_connections = 2;
    options.io_threads = 1;
    RunningServer server(ok_app(), options);
    Client a(server.port()), b(server.port());
    a.send("GET / HTTP/1.1\r\n\r\n");
    b.send("GET / HTTP/1.1\r\n\r\n");
    EXPECT_EQ(a.read_response().body, "ok");
    EXPECT_EQ(b.read_response().body, "ok");
    Client c(server.port());
    EXPECT_EQ(c.read_response().status, 503);
}
