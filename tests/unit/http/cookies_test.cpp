// Cookie parsing and Set-Cookie output, checked against Werkzeug 3.1.8.
#include <gtest/gtest.h>

#include "flask/forms.hpp"
#include "flask/http.hpp"
#include "flask/response.hpp"

namespace {

using flask::CookieOptions;
using flask::dump_cookie;
using flask::MultiDict;
using flask::parse_cookie;
using flask::parse_request_cookies;

std::vector<std::pair<std::string, std::string>> items(const MultiDict& d) { return {d.begin(), d.end()}; }
using Items = std::vector<std::pair<std::string, std::string>>;

TEST(ParseCookie, SplitsOnSemicolonsOnlyAndKeepsDuplicatesInOrder) {
    EXPECT_EQ(items(parse_cookie("a=1; b=2,c=3; a=4")), (Items{{"a", "1"}, {"b", "2,c=3"}, {"a", "4"}}));
    EXPECT_EQ(parse_cookie("a=1; a=2").get("a"), "1");
}

TEST(ParseCookie, DropsNamelessPairsAndGivesBareNamesAnEmptyValue) {
    EXPECT_EQ(items(parse_cookie(" ; =; a")), (Items{{"a", ""}}));
    EXPECT_EQ(items(parse_cookie("a=b;c")), (Items{{"a", "b"}, {"c", ""}}));
}

TEST(ParseCookie, QuotedValuesDecodeEscapesAndMayHoldSemicolons) {
    EXPECT_EQ(items(parse_cookie("a = \"x;y\" ; z=1")), (Items{{"a", "x;y"}, {"z", "1"}}));
    EXPECT_EQ(parse_cookie(R"(a="\341\210\264")").get("a"), "\xE1\x88\xB4");
    EXPECT_EQ(parse_cookie(R"(a="\400")").get("a"), "400");  // \4 is not an octal escape
    EXPECT_EQ(parse_cookie(R"(a="\377\376")").get("a"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(parse_cookie(R"(a="\q\")").get("a"), "q\\");
}

TEST(ParseCookie, AQuoteFollowedByTextIsNotAQuotedValue) {
    EXPECT_EQ(items(parse_cookie("a=\"x\" y; b=2")), (Items{{"a", "\"x\" y"}, {"b", "2"}}));
}

TEST(ParseCookie, StripsUnicodeWhitespaceBeforeUnquoting) {
    EXPECT_EQ(parse_cookie("a=\xC2\xA0\"x\"").get("a"), "x");
}

TEST(ParseCookie, ANewlineInsideAValueRestartsTheScanAsPythonsFindallDoes) {
    EXPECT_EQ(items(parse_cookie("a=1\n2; b=3")), (Items{{"1\n2", ""}, {"b", "3"}}));
}

TEST(ParseCookie, RejectsInvalidUtf8) { EXPECT_THROW(parse_cookie("a=\xFF"), flask::InvalidUtf8); }

TEST(RequestCookies, RawBytesBecomeLatin1Characters) {
    EXPECT_EQ(parse_request_cookies("a=\xC3\xA9").get("a"), "\xC3\x83\xC2\xA9");
    EXPECT_EQ(parse_request_cookies("a=\xFF").get("a"), "\xC3\xBF");
    EXPECT_EQ(parse_request_cookies(R"(a="\303\251")").get("a"), "\xC3\xA9");  // escapes still decode as UTF-8
}

TEST(DumpCookie, QuotesWithOctalEscapesOnlyWhenNeeded) {
    EXPECT_EQ(dump_cookie("a", "1"), "a=1; Path=/");
    EXPECT_EQ(dump_cookie("a", "a b"), "a=\"a b\"; Path=/");
    EXPECT_EQ(dump_cookie("a", "semi;colon,\"\\"), R"(a="semi\073colon\054\"\\"; Path=/)");
    EXPECT_EQ(dump_cookie("a", "\xC3\xA9\x7F\x1A"), "a=\"\\303\\251\\177\x1A\"; Path=/");
}

TEST(DumpCookie, WritesAttributesInWerkzeugsOrder) {
    CookieOptions o;
    o.max_age = 10;
    o.path = std::nullopt;
    o.domain = ".Ex.COM:8080";
    o.httponly = true;
    o.samesite = "lax";
    o.partitioned = true;
    o.now = 1700000000;
    EXPECT_EQ(dump_cookie("k", "v", o),
              "k=v; Domain=Ex.COM; Expires=Tue, 14 Nov 2023 22:13:30 GMT; Max-Age=10; Secure; HttpOnly; SameSite=Lax; "
              "Partitioned");
}

TEST(DumpCookie, ExplicitExpiresWinsOverMaxAge) {
    CookieOptions o;
    o.max_age = 5;
    o.expires = "Wed, 21 Oct 2015 07:28:00 GMT";
    EXPECT_EQ(dump_cookie("k", "v", o), "k=v; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=5; Path=/");
    o.expires = 1700000000.75;
    EXPECT_EQ(dump_cookie("k", "v", o), "k=v; Expires=Tue, 14 Nov 2023 22:13:20 GMT; Max-Age=5; Path=/");
    o.expires = flask::DateTime(2030, 1, 1, 12, 0, 0, 0, 7200);
    EXPECT_EQ(dump_cookie("k", "v", o), "k=v; Expires=Tue, 01 Jan 2030 10:00:00 GMT; Max-Age=5; Path=/");
}

TEST(DumpCookie, QuotesThePathAndEncodesTheDomain) {
    CookieOptions o;
    o.path = "/a b;c/\xC3\xBC%20";
    o.domain = "b\xC3\xBC" "cher.example";
    EXPECT_EQ(dump_cookie("a", "1", o), "a=1; Domain=xn--bcher-kva.example; Path=/a%20b%3Bc/%C3%BC%20");
}

TEST(DumpCookie, RejectsAnUnknownSameSite) {
    CookieOptions o;
    o.samesite = "bogus";
    EXPECT_THROW(dump_cookie("a", "1", o), jinja::ValueError);
}

TEST(ResponseCookies, SetCookieAddsOneHeaderPerCookie) {
    flask::Response r;
    r.set_cookie("a", "1");
    r.set_cookie("b", "2", {.httponly = true});
    EXPECT_EQ(r.headers.get_all("Set-Cookie"), (std::vector<std::string>{"a=1; Path=/", "b=2; HttpOnly; Path=/"}));
}

TEST(ResponseCookies, DeleteCookieExpiresItWithTheSameScope) {
    flask::Response r;
    r.delete_cookie("a", "/x", "example.com", true, false, "Lax");
    EXPECT_EQ(r.headers.get("Set-Cookie"),
              "a=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; Path=/x; SameSite=Lax");
}

}  // namespace
