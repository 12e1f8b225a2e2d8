// ETags, is_resource_modified and Response::make_conditional.
#include <gtest/gtest.h>

#include "flask/http.hpp"
#include "flask/response.hpp"

namespace {

using namespace flask;

TEST(ETag, GeneratesSha1Hex) {
    EXPECT_EQ(generate_etag(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(generate_etag("hello"), "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
}

TEST(ETag, QuotesAndUnquotes) {
    EXPECT_EQ(quote_etag("abc"), "\"abc\"");
    EXPECT_EQ(quote_etag("abc", true), "W/\"abc\"");
    EXPECT_THROW(quote_etag("a\"b"), jinja::ValueError);
    auto t = unquote_etag("  w/\"abc\"  ");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->etag, "abc");
    EXPECT_TRUE(t->weak);
    EXPECT_EQ(unquote_etag("\"unbalanced")->etag, "\"unbalanced");
    EXPECT_FALSE(unquote_etag(std::nullopt));
}

TEST(ETags, ParsesStrongWeakAndStar) {
    auto e = parse_etags("\"a\", W/\"b\", c, \"with,comma\"");
    EXPECT_EQ(e.as_set(), (std::vector<std::string>{"a", "c", "with,comma"}));
    EXPECT_EQ(e.as_set(true), (std::vector<std::string>{"a", "b", "c", "with,comma"}));
    EXPECT_TRUE(e.contains("a"));
    EXPECT_FALSE(e.contains("b"));
    EXPECT_TRUE(e.contains_weak("b"));
    EXPECT_TRUE(e.contains_raw("W/\"b\""));
    EXPECT_FALSE(e.contains_raw("\"b\""));
    EXPECT_TRUE(parse_etags("W/\"a\", *").star_tag());
    EXPECT_TRUE(parse_etags("*").contains("anything"));
    EXPECT_TRUE(parse_etags("").empty());
    EXPECT_EQ(parse_etags("\"a\" \"b\"").as_set(), std::vector<std::string>{"a\" \"b"});
    EXPECT_EQ(parse_etags("\"a\", , b").as_set(), (std::vector<std::string>{"", "a", "b"}));
    EXPECT_FALSE(parse_etags("\"\"").empty());  // Werkzeug keeps a None tag
}

Headers request(std::initializer_list<Headers::Item> items) { return Headers(items); }

TEST(ResourceModified, IfNoneMatchUsesTheWeakComparison) {
    EXPECT_TRUE(is_resource_modified(request({}), "abc"));
    EXPECT_FALSE(is_resource_modified(request({{"If-None-Match", "W/\"abc\""}}), "abc"));
    EXPECT_FALSE(is_resource_modified(request({{"If-None-Match", "\"abc\""}}), "W/\"abc\""));
    EXPECT_TRUE(is_resource_modified(request({{"If-None-Match", "\"xyz\""}}), "abc"));
    EXPECT_FALSE(is_resource_modified(request({{"If-None-Match", "\"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d\""}}),
                                      std::nullopt, "hello"));
}

TEST(ResourceModified, IfMatchUsesTheStrongComparison) {
    EXPECT_FALSE(is_resource_modified(request({{"If-Match", "\"xyz\""}}), "abc"));
    EXPECT_FALSE(is_resource_modified(request({{"If-Match", "W/\"abc\""}}), "abc"));
    EXPECT_TRUE(is_resource_modified(request({{"If-Match", "\"abc\""}}), "abc"));
}

TEST(ResourceModified, DatesIgnoreMicroseconds) {
    DateTime lm(2024, 1, 2, 3, 4, 5, 900000, 0);
    EXPECT_FALSE(is_resource_modified(request({{"If-Modified-Since", "Tue, 02 Jan 2024 03:04:05 GMT"}}), std::nullopt,
                                      std::nullopt, lm));
    EXPECT_TRUE(is_resource_modified(request({{"If-Modified-Since", "Tue, 02 Jan 2024 03:04:04 GMT"}}), std::nullopt,
                                     std::nullopt, lm));
    EXPECT_TRUE(is_resource_modified(request({{"If-Modified-Since", "garbage"}}), std::nullopt, std::nullopt, lm));
    EXPECT_FALSE(is_resource_modified(request({{"If-Modified-Since", "Tue, 02 Jan 2024 03:04:05 GMT"}}), std::nullopt,
                                      std::nullopt, std::string_view("Tue, 02 Jan 2024 03:04:05 GMT")));
}

TEST(ResourceModified, IfRangeOnlyCountsWithARangeHeader) {
    EXPECT_FALSE(is_resource_modified(request({{"Range", "bytes=0-1"}, {"If-Range", "\"abc\""}}), "abc", std::nullopt,
                                      std::nullopt, false));
    EXPECT_TRUE(is_resource_modified(request({{"Range", "bytes=0-1"}, {"If-Range", "\"xyz\""}}), "abc", std::nullopt,
                                     std::nullopt, false));
    EXPECT_TRUE(is_resource_modified(request({{"If-Range", "\"abc\""}}), "abc", std::nullopt, std::nullopt, false));
}

wsgi::Environ get(std::initializer_list<Headers::Item> headers, std::string method = "GET") {
    wsgi::Environ env;
    env.request_method = std::move(method);
    env.headers = Headers(headers);
    return env;
}

TEST(MakeConditional, AnswersNotModifiedForAMatchingETag) {
    Response r("body");
    r.add_etag();
    auto tag = std::string(*r.headers.get("ETag"));
    r.make_conditional(get({{"If-None-Match", tag}}));
    EXPECT_EQ(r.status_code(), 304);
    EXPECT_TRUE(r.headers.contains("Date"));
}

TEST(MakeConditional, AnswersPreconditionFailedForAFailedIfMatch) {
    Response r("body");
    r.set_etag("abc");
    r.make_conditional(get({{"If-Match", "\"xyz\""}}));
    EXPECT_EQ(r.status_code(), 412);
}

TEST(MakeConditional, LeavesOtherMethodsAlone) {
    Response r("body");
    r.set_etag("abc");
    r.make_conditional(get({{"If-None-Match", "\"abc\""}}, "POST"));
    EXPECT_EQ(r.status_code(), 200);
    EXPECT_FALSE(r.headers.contains("Date"));
}

TEST(MakeConditional, UsesLastModified) {
    Response r("body");
    r.headers.set("Last-Modified", "Tue, 02 Jan 2024 03:04:05 GMT");
    r.make_conditional(get({{"If-Modified-Since", "Tue, 02 Jan 2024 03:04:05 GMT"}}));
    EXPECT_EQ(r.status_code(), 304);
}

TEST(MakeConditional, ServesARangeWhenAccepted) {
    Response r("0123456789");
    r.make_conditional(get({{"Range", "bytes=2-4"}}), "bytes", 10);
    EXPECT_EQ(r.status_code(), 206);
    EXPECT_EQ(r.data(), "234");
    EXPECT_EQ(r.headers.get("Content-Range"), "bytes 2-4/10");
    EXPECT_EQ(r.headers.get("Content-Length"), "3");
    EXPECT_EQ(r.headers.get("Accept-Ranges"), "bytes");
}

TEST(MakeConditional, RejectsAnUnsatisfiableRange) {
    Response r("0123456789");
    EXPECT_THROW(r.make_conditional(get({{"Range", "bytes=20-30"}}), "bytes", 10), RequestedRangeNotSatisfiable);
}

TEST(MakeConditional, IgnoresTheRangeWhenIfRangeDoesNotMatch) {
    Response r("0123456789");
    r.set_etag("v2");
    r.make_conditional(get({{"Range", "bytes=2-4"}, {"If-Range", "\"v1\""}}), "bytes", 10);
    EXPECT_EQ(r.status_code(), 200);
    EXPECT_EQ(r.data(), "0123456789");
}

}  // namespace
