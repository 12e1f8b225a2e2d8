// Sans-I/O tests of the request-head parser and the chunked decoder.
#include <gtest/gtest.h>

#include "server/chunked_decoder.hpp"
#include "server/http_text.hpp"
#include "server/request_parser.hpp"

using namespace flask::server;

namespace {

struct Parsed {
    ParseStatus status;
    int error;
    RequestHead head;
};

Parsed parse(std::string_view text, flask::ServerLimits limits = {}) {
    HeadParser parser(limits);
    Parsed p{};
    p.status = parser.parse(text, p.head);
    p.error = parser.error_status();
    return p;
}

int status_of(std::string_view text, flask::ServerLimits limits = {}) {
    Parsed p = parse(text, limits);
    if (p.status == ParseStatus::complete) return 200;
    if (p.status == ParseStatus::incomplete) return 0;
    return p.error;
}

std::string decode_chunked(std::string_view wire, ChunkedDecoder::Status& status, std::size_t step = 1) {
    ChunkedDecoder d;
    std::string out;
    char buf[7];
    std::size_t offset = 0;
    status = ChunkedDecoder::Status::ok;
    while (offset < wire.size() && status == ChunkedDecoder::Status::ok) {
        std::size_t avail = std::min(step, wire.size() - offset);
        std::size_t consumed = 0, produced = 0;
        status = d.decode(wire.data() + offset, avail, consumed, buf, sizeof buf, produced);
        out.append(buf, produced);
        offset += consumed;
    }
    return out;
}

}  // namespace

TEST(HeadParser, ParsesRequestLineAndHeadersInOrder) {
    Parsed p = parse("GET /a%20b?x=1 HTTP/1.1\r\nHost: example.com\r\nX-B: 2\r\nX-A:  1 \r\n\r\nrest");
    ASSERT_EQ(p.status, ParseStatus::complete);
    EXPECT_EQ(p.head.method, "GET");
    EXPECT_EQ(p.head.target, "/a%20b?x=1");
    EXPECT_EQ(p.head.protocol, "HTTP/1.1");
    ASSERT_EQ(p.head.headers.size(), 3u);
    EXPECT_EQ(p.head.headers[1].name, "X-B");
    EXPECT_EQ(p.head.headers[2].value, "1");
    EXPECT_EQ(p.head.head_size, std::string_view("GET /a%20b?x=1 HTTP/1.1\r\nHost: example.com\r\nX-B: 2\r\nX-A:  1 \r\n\r\n").size());
    EXPECT_TRUE(p.head.keep_alive);
    EXPECT_EQ(p.head.body, BodyKind::none);
}

TEST(HeadParser, IncompleteUntilBlankLine) {
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: x\r\n"), 0);
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: x\r\n\r"), 0);
    EXPECT_EQ(status_of("GET / HTTP/1.1\nHost: x\n\n"), 200);  // bare LF is tolerated
    EXPECT_EQ(status_of("\r\nGET / HTTP/1.1\r\n\r\n"), 200);     // leading empty line ignored
}

TEST(HeadParser, IncrementalScanFindsTheEnd) {
    flask::ServerLimits limits;
    HeadParser parser(limits);
    RequestHead head;
    std::string text = "POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\n";
    ParseStatus st = ParseStatus::incomplete;
    for (std::size_t n = 1; n <= text.size(); ++n) {
        st = parser.parse(std::string_view(text).substr(0, n), head);
        if (n < text.size()) {
            ASSERT_EQ(st, ParseStatus::incomplete) << n;
        }
    }
    EXPECT_EQ(st, ParseStatus::complete);
    EXPECT_EQ(head.body, BodyKind::length);
    EXPECT_EQ(head.content_length, 3u);
}

TEST(HeadParser, RejectsSmugglingVectors) {
    // Content-Length together with Transfer-Encoding.
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
    // Conflicting Content-Length, in two fields or a list; identical ones are fine.
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"), 400);
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 3, 4\r\n\r\n"), 400);
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n"), 200);
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: +3\r\n\r\n"), 400);
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 0x3\r\n\r\n"), 400);
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n"), 400);
    // obs-fold, whitespace before the colon, bad names and values.
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n"), 400);
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n"), 400);
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nBad Name: 1\r\n\r\n"), 400);
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nNoColon\r\n\r\n"), 400);
    EXPECT_EQ(status_of(std::string_view("GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n", 29)), 400);
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n"), 400);
    // NUL / CR / controls in the request line.
    EXPECT_EQ(status_of(std::string_view("GET /\0 HTTP/1.1\r\n\r\n", 20)), 400);
    EXPECT_EQ(status_of("GET /\r HTTP/1.1\r\n\r\n"), 400);
    EXPECT_EQ(status_of("GET /a\tb HTTP/1.1\r\n\r\n"), 400);
    EXPECT_EQ(status_of("GET  / HTTP/1.1\r\n\r\n"), 400);
    // Transfer-Encoding variants.
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"), 400);
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), 501);
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n"), 501);
    EXPECT_EQ(status_of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"), 200);
    // Two Host fields.
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
}

TEST(HeadParser, RejectsBadRequestLines) {
    EXPECT_EQ(status_of("GET /\r\n\r\n"), 400);  // HTTP/0.9
    EXPECT_EQ(status_of("GET / HTTP/1.1 x\r\n\r\n"), 400);
    EXPECT_EQ(status_of("GET / HTTP/11\r\n\r\n"), 400);
    EXPECT_EQ(status_of("GET / http/1.1\r\n\r\n"), 400);
    EXPECT_EQ(status_of("GET / HTTP/2.0\r\n\r\n"), 505);
    EXPECT_EQ(status_of("G(T / HTTP/1.1\r\n\r\n"), 400);
    EXPECT_EQ(status_of("GET foo HTTP/1.1\r\n\r\n"), 400);
    EXPECT_EQ(status_of("OPTIONS * HTTP/1.1\r\n\r\n"), 200);
    EXPECT_EQ(status_of("GET http://example.com/x HTTP/1.1\r\n\r\n"), 200);
    EXPECT_EQ(status_of("\x16\x03\x01\x02\x05\x01\r\n\r\n"), 400);  // a TLS hello
}

TEST(HeadParser, EnforcesLimits) {
    flask::ServerLimits limits;
    limits.max_request_line = 64;
    limits.max_header_bytes = 128;
    limits.max_header_count = 3;
    std::string long_target = "GET /" + std::string(100, 'a') + " HTTP/1.1\r\n\r\n";
    EXPECT_EQ(status_of(long_target, limits), 414);
    EXPECT_EQ(status_of(long_target.substr(0, 80), limits), 414);  // before the line ends
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", limits), 431);
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits), 200);
    std::string big = "GET / HTTP/1.1\r\nA: " + std::string(200, 'x');
    EXPECT_EQ(status_of(big, limits), 431);  // before the head ends
    EXPECT_EQ(status_of(big + "\r\n\r\n", limits), 431);
    limits.max_body_size = 10;
    EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", limits), 413);
}

TEST(HeadParser, KeepAliveRules) {
    EXPECT_TRUE(parse("GET / HTTP/1.1\r\n\r\n").head.keep_alive);
    EXPECT_FALSE(parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").head.keep_alive);
    EXPECT_FALSE(parse("GET / HTTP/1.0\r\n\r\n").head.keep_alive);
    EXPECT_TRUE(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").head.keep_alive);
    EXPECT_TRUE(parse("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n").head.expect_continue);
}

TEST(SplitTarget, DecodesPathKeepsQueryRaw) {
    std::string path, query;
    std::string_view authority;
    split_target("/a%20b%2Fc/%E2%82%AC?x=%20&y", path, query, authority);
    EXPECT_EQ(path, "/a b/c/\xE2\x82\xAC");
    EXPECT_EQ(query, "x=%20&y");
    EXPECT_TRUE(authority.empty());
    split_target("/bad%zz%4", path, query, authority);
    EXPECT_EQ(path, "/bad%zz%4");
    EXPECT_EQ(query, "");
    split_target("http://example.com:8080/p%41th?q=1", path, query, authority);
    EXPECT_EQ(path, "/pAth");
    EXPECT_EQ(query, "q=1");
    EXPECT_EQ(authority, "example.com:8080");
    split_target("https://example.com", path, query, authority);
    EXPECT_EQ(path, "/");
    split_target("//double/slash", path, query, authority);
    EXPECT_EQ(path, "//double/slash");
}

TEST(ChunkedDecoder, DecodesAcrossArbitrarySplits) {
    std::string wire = "5;ext=1\r\nhello\r\nA\r\n, world!!!\r\n0\r\nTrailer: x\r\n\r\n";
    for (std::size_t step : {1u, 2u, 3u, 7u, 100u}) {
        ChunkedDecoder::Status st;
        EXPECT_EQ(decode_chunked(wire, st, step), "hello, world!!!") << step;
        EXPECT_EQ(st, ChunkedDecoder::Status::done) << step;
    }
}

TEST(ChunkedDecoder, RejectsBadFraming) {
    for (std::string_view bad : {"-1\r\n", "0x5\r\nhello\r\n0\r\n\r\n", " 5\r\nhello\r\n", "5\nhello\r\n0\r\n\r\n",
                                 "5\r\nhelloX\r\n", "5\r\nhello\r\n0\r\n\n", "g\r\n",
                                 "11111111111111111\r\n", "5;a\nb\r\nhello\r\n", "\r\n"}) {
        ChunkedDecoder::Status st;
        decode_chunked(bad, st);
        EXPECT_EQ(st, ChunkedDecoder::Status::error) << bad;
    }
}

TEST(HttpText, DateAndPages) {
    EXPECT_EQ(format_http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_EQ(http_date_now().size(), 29u);
    EXPECT_EQ(error_page(400),
              "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n"
              "<p>The browser (or proxy) sent a request that this server could not understand.</p>\n");
}
