// HTTP/1.1 behaviour over real loopback sockets: framing, keep-alive,
// pipelining, bodies in and out, the environ.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <vector>

#include "server_test_support.hpp"

using namespace server_test;

namespace {

flask::wsgi::App echo_path_app() {
    return [](Environ& env) { return text(env.request_method + " " + env.path_info + "?" + env.query_string); };
}

}  // namespace

TEST(ServerHttp, KeepAliveServesSeveralRequestsOnOneConnection) {
    RunningServer server(echo_path_app());
    Client c(server.port());
    for (int i = 0; i < 3; ++i) {
        c.send("GET /n" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        auto r = c.read_response();
        ASSERT_TRUE(r.ok);
        EXPECT_EQ(r.status_line, "HTTP/1.1 200 OK");
        EXPECT_EQ(r.body, "GET /n" + std::to_string(i) + "?");
        EXPECT_FALSE(r.has("connection"));
    }
}

TEST(ServerHttp, PipelinedRequestsAreAnsweredInOrder) {
    RunningServer server([](Environ& env) {
        // Make the first one slowest: order must still hold.
        if (env.path_info == "/1") std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return text(env.path_info + ":" + read_all(env));
    });
    Client c(server.port());
    std::string batch;
    for (int i = 1; i <= 5; ++i)
        batch += "POST /" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nb" +
                 std::to_string(i);
    c.send(batch);
    for (int i = 1; i <= 5; ++i) {
        auto r = c.read_response();
        ASSERT_TRUE(r.ok) << i;
        EXPECT_EQ(r.body, "/" + std::to_string(i) + ":b" + std::to_string(i));
    }
}

TEST(ServerHttp, LongPipelinedBatchIsAnsweredInOrder) {
    // More requests than the server serves back to back before yielding to
    // the loop's other connections: the rest must follow, in order.
    flask::ServerOptions options;
    options.io_threads = 1;
    RunningServer server([](Environ& env) { return text(env.path_info); }, options);
    Client c(server.port());
    std::string batch;
    for (int i = 0; i < 40; ++i) batch += "GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
    c.send(batch);
    for (int i = 0; i < 40; ++i) {
        auto r = c.read_response();
        ASSERT_TRUE(r.ok) << i;
        EXPECT_EQ(r.body, "/" + std::to_string(i));
    }
}

TEST(ServerHttp, Http10ClosesUnlessKeepAlive) {
    RunningServer server(echo_path_app());
    {
        Client c(server.port());
        c.send("GET /a HTTP/1.0\r\n\r\n");
        auto r = c.read_response();
        EXPECT_EQ(r.body, "GET /a?");
        EXPECT_EQ(r.header("connection"), "close");
        EXPECT_TRUE(c.closed_by_peer());
    }
    {
        Client c(server.port());
        c.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        auto r = c.read_response();
        EXPECT_EQ(r.header("connection"), "keep-alive");
        c.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        EXPECT_EQ(c.read_response().body, "GET /b?");
    }
    {
        Client c(server.port());
        c.send("GET /a HTTP/1.1\r\nConnection: close\r\n\r\n");
        EXPECT_EQ(c.read_response().header("connection"), "close");
        EXPECT_TRUE(c.closed_by_peer());
    }
}

TEST(ServerHttp, ChunkedRequestBody) {
    RunningServer server([](Environ& env) {
        return text((env.content_length ? "length:" : "chunked:") + read_all(env));
    });
    Client c(server.port());
    c.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;name=v\r\nhello\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    c.send("7\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n");
    auto r = c.read_response();
    EXPECT_EQ(r.body, "chunked:hello, world");
    // The connection stays usable after the trailer.
    c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
    EXPECT_EQ(c.read_response().body, "length:abc");
}

TEST(ServerHttp, BadChunkSizeIs400AndCloses) {
    RunningServer server([](Environ& env) { return text(read_all(env)); });
    Client c(server.port());
    c.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
    auto r = c.read_response();
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.header("connection"), "close");
    EXPECT_TRUE(c.closed_by_peer());
}

TEST(ServerHttp, ContentLengthBodyArrivingInPieces) {
    RunningServer server([](Environ& env) {
        EXPECT_EQ(env.content_length, std::optional<std::uint64_t>(10));
        return text(read_all(env));
    });
    Client c(server.port());
    c.send("PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123");
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    c.send("456789");
    EXPECT_EQ(c.read_response().body, "0123456789");
}

TEST(ServerHttp, HeadSendsGetHeadersWithoutBody) {
    RunningServer server([](Environ&) { return text("twelve bytes"); });
    Client c(server.port());
    c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
    auto r = c.read_response(true);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-length"), "12");
    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");  // would be misread if HEAD had sent a body
    auto g = c.read_response();
    EXPECT_EQ(g.body, "twelve bytes");
}

TEST(ServerHttp, DateAndServerHeadersUnlessTheAppSetThem) {
    RunningServer server([](Environ& env) {
        auto r = text("x");
        if (env.path_info == "/own") {
            r.headers.add("Server", "mine");
            r.headers.add("Date", "Thu, 01 Jan 1970 00:00:00 GMT");
        }
        return r;
    });
    auto r = roundtrip(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(r.header("server"), "flaskcpp");
    EXPECT_EQ(r.header("date").size(), 29u);
    EXPECT_EQ(r.header("date").substr(26), "GMT");
    auto own = roundtrip(server.port(), "GET /own HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(own.header("server"), "mine");
    EXPECT_EQ(own.headers.count("server"), 1u);
    EXPECT_EQ(own.header("date"), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(ServerHttp, StatusLineIsVerbatimAndBodilessStatusesHaveNoLength) {
    RunningServer server([](Environ& env) {
        if (env.path_info == "/404") return text("nope", 404, "NOT FOUND");
        if (env.path_info == "/299") return text("fine", 299, "Everything Fine");
        return text("", 204, "NO CONTENT");
    });
    EXPECT_EQ(roundtrip(server.port(), "GET /404 HTTP/1.1\r\n\r\n").status_line, "HTTP/1.1 404 NOT FOUND");
    EXPECT_EQ(roundtrip(server.port(), "GET /299 HTTP/1.1\r\n\r\n").status_line, "HTTP/1.1 299 Everything Fine");
    auto r = roundtrip(server.port(), "GET /204 HTTP/1.1\r\n\r\n");
    EXPECT_EQ(r.status_line, "HTTP/1.1 204 NO CONTENT");
    EXPECT_FALSE(r.has("content-length"));
}

TEST(ServerHttp, GeneratorStreamsChunkedOn11AndUntilCloseOn10) {
    RunningServer server([](Environ&) {
        WsgiResponse r;
        auto n = std::make_shared<int>(0);
        r.generator = [n](std::string& chunk) {
            if (*n == 4) return false;
            chunk = (*n == 1) ? "" : "part" + std::to_string(*n) + ";";  // empty chunks are skipped
            ++*n;
            return true;
        };
        return r;
    });
    Client c(server.port());
    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    auto r = c.read_response();
    EXPECT_TRUE(r.chunked);
    EXPECT_FALSE(r.has("content-length"));
    EXPECT_EQ(r.body, "part0;part2;part3;");
    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");  // still keep-alive
    EXPECT_EQ(c.read_response().body, "part0;part2;part3;");

    Client old(server.port());
    old.send("GET / HTTP/1.0\r\n\r\n");
    auto r10 = old.read_response();
    EXPECT_FALSE(r10.chunked);
    EXPECT_FALSE(r10.has("content-length"));
    EXPECT_EQ(r10.header("connection"), "close");
    EXPECT_EQ(r10.body, "part0;part2;part3;");
}

TEST(ServerHttp, FileBodySendsTheRegion) {
    std::string path = ::testing::TempDir() + "flaskcpp_server_file.txt";
    {
        std::ofstream f(path, std::ios::binary);
        f << "0123456789abcdef";
    }
    RunningServer server([path](Environ&) {
        WsgiResponse r;
        r.file = flask::wsgi::FileBody{path, 4, 6};
        return r;
    });
    auto r = roundtrip(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(r.header("content-length"), "6");
    EXPECT_EQ(r.body, "456789");
    std::remove(path.c_str());
}

TEST(ServerHttp, EnvironDescribesTheRequest) {
    std::mutex m;
    Environ seen;
    RunningServer server([&](Environ& env) {
        std::lock_guard lock(m);
        seen = env;
        seen.input.reset();
        return text("ok");
    });
    roundtrip(server.port(), "GET /a%2Fb%20c?x=%41&y HTTP/1.1\r\nHost: h:1\r\nX-Z: 1\r\nX-A: 2\r\n\r\n");
    std::lock_guard lock(m);
    EXPECT_EQ(seen.request_method, "GET");
    EXPECT_EQ(seen.path_info, "/a/b c");
    EXPECT_EQ(seen.query_string, "x=%41&y");
    EXPECT_EQ(seen.request_uri, "/a%2Fb%20c?x=%41&y");
    EXPECT_EQ(seen.server_protocol, "HTTP/1.1");
    EXPECT_EQ(seen.server_name, "127.0.0.1");
    EXPECT_EQ(seen.server_port, std::to_string(server.port()));
    EXPECT_EQ(seen.remote_addr, "127.0.0.1");
    EXPECT_NE(seen.remote_port, 0);
    ASSERT_EQ(seen.headers.size(), 3u);
    EXPECT_EQ(seen.headers.items()[1].first, "X-Z");
    EXPECT_EQ(seen.headers.items()[2].first, "X-A");
    EXPECT_FALSE(seen.content_length.has_value());
}

TEST(ServerHttp, AbsoluteFormTargetSetsHost) {
    std::mutex m;
    std::string host, path, query;
    RunningServer server([&](Environ& env) {
        std::lock_guard lock(m);
        host = env.host();
        path = env.path_info;
        query = env.query_string;
        return text("ok");
    });
    roundtrip(server.port(), "GET http://example.com:81/p%41th?q=1 HTTP/1.1\r\nHost: other\r\n\r\n");
    std::lock_guard lock(m);
    EXPECT_EQ(host, "example.com:81");
    EXPECT_EQ(path, "/pAth");
    EXPECT_EQ(query, "q=1");
}

TEST(ServerHttp, ExpectContinueIsSentWhenTheAppReads) {
    RunningServer server([](Environ& env) { return text(read_all(env)); });
    Client c(server.port());
    c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    auto interim = c.read_response();
    EXPECT_EQ(interim.status_line, "HTTP/1.1 100 Continue");
    c.send("data");
    EXPECT_EQ(c.read_response().body, "data");
}

TEST(ServerHttp, AppExceptionIs500AndInvalidHeadersAreRefused) {
    flask::ServerOptions options;
    options.error_log = [](std::string_view) {};
    RunningServer server(
        [](Environ& env) -> WsgiResponse {
            if (env.path_info == "/throw") throw std::runtime_error("boom");
            auto r = text("x");
            r.headers.add("X-Evil", "a\r\nSet-Cookie: injected=1");
            return r;
        },
        options);
    auto r = roundtrip(server.port(), "GET /throw HTTP/1.1\r\n\r\n");
    EXPECT_EQ(r.status, 500);
    EXPECT_NE(r.body.find("<title>500 Internal Server Error</title>"), std::string::npos);
    auto evil = roundtrip(server.port(), "GET /evil HTTP/1.1\r\n\r\n");
    EXPECT_EQ(evil.status, 500);
    EXPECT_FALSE(evil.has("set-cookie"));
}

TEST(ServerHttp, AccessLogGetsOneEntryPerRequest) {
    std::mutex m;
    std::vector<std::string> lines;
    flask::ServerOptions options;
    options.access_log = [&](const flask::AccessLogEntry& e) {
        std::lock_guard lock(m);
        lines.push_back(std::string(e.remote_addr) + " \"" + std::string(e.method) + " " + std::string(e.target) +
                        " " + std::string(e.protocol) + "\" " + std::to_string(e.status) + " " +
                        std::to_string(e.bytes_sent) + " [" + std::string(e.request_line) + "]");
    };
    RunningServer server([](Environ&) { return text("abc", 404, "NOT FOUND"); }, options);
    roundtrip(server.port(), "GET /x?y=1 HTTP/1.1\r\n\r\n");
    roundtrip(server.port(), "BROKEN\r\n\r\n");
    server.stop();
    std::lock_guard lock(m);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "127.0.0.1 \"GET /x?y=1 HTTP/1.1\" 404 3 [GET /x?y=1 HTTP/1.1]");
    EXPECT_NE(lines[1].find("\" 400 "), std::string::npos);
    EXPECT_NE(lines[1].find("[BROKEN]"), std::string::npos);
}

TEST(ServerHttp, ExpectContinueIgnoredByTheAppAnswersAndCloses) {
    RunningServer server([](Environ&) { return text("no thanks", 417, "EXPECTATION FAILED"); });
    Client c(server.port());
    c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n");
    auto r = c.read_response();
    EXPECT_EQ(r.status, 417);  // no "100 Continue" first: the app never read
    EXPECT_EQ(r.header("connection"), "close");
    EXPECT_TRUE(c.closed_by_peer());
}
