#include <gtest/gtest.h>

#include "flask/urls.hpp"

using namespace flask;
using jinja::Value;

TEST(UrlQuote, EncodesUtf8BytesWithUpperCaseHex) {
    EXPECT_EQ(url_quote("ünï", kPathSafe), "%C3%BCn%C3%AF");
    EXPECT_EQ(url_quote("a b/c?d#e%", kPathSafe), "a%20b/c%3Fd%23e%25");
    EXPECT_EQ(url_quote("~_.-!$&'()*+,;=:@", kPathSafe), "~_.-!$&'()*+,;=:@");
    EXPECT_EQ(url_quote("a/b", ""), "a%2Fb");
}

TEST(UrlQuote, PlusVariantTurnsSpacesIntoPlus) {
    EXPECT_EQ(url_quote_plus("a b+c", kQuerySafe), "a+b%2Bc");
}

TEST(UrlUnquote, DecodesValidEscapesAndKeepsInvalidOnes) {
    EXPECT_EQ(url_unquote("a%20b%zz%4"), "a b%zz%4");
    EXPECT_EQ(url_unquote("a+b", true), "a b");
    EXPECT_EQ(url_unquote("a+b"), "a+b");
}

TEST(UrlEncode, FollowsWerkzeugQueryRules) {
    QueryPairs pairs{{"q", "a b"}, {"plus", "a+b"}, {"n", Value()}, {"l", Value::list({1, Value(), 2})},
                     {"b", true}, {"f", 1e16}, {"safe", "!$'()*,/:;?@"}};
    EXPECT_EQ(url_encode(pairs), "q=a+b&plus=a%2Bb&l=1&l=2&b=True&f=1e%2B16&safe=!$'()*,/:;?@");
}

TEST(UrlEncode, SortsByKeyThenValueWhenAsked) {
    QueryPairs pairs{{"b", "2"}, {"a", "1"}, {"B", "0"}, {"k", Value::list({"b", "a"})}};
    EXPECT_EQ(url_encode(pairs, true), "B=0&a=1&b=2&k=a&k=b");
}

TEST(UrlJoin, ResolvesLikeUrllib) {
    EXPECT_EQ(url_join("http://h/app/", "foo/abc"), "http://h/app/foo/abc");
    EXPECT_EQ(url_join("http://h/app/", "/new/5"), "http://h/new/5");
    EXPECT_EQ(url_join("http://h/app/", "https://other.example/x"), "https://other.example/x");
    EXPECT_EQ(url_join("http://h/app/", "../x/./y"), "http://h/x/y");
    EXPECT_EQ(url_join("http://h/app/", "?q=1"), "http://h/app/?q=1");
    EXPECT_EQ(url_join("http://h/app/", "//o/p"), "http://o/p");
}

TEST(Idna, EncodesNonAsciiLabelsAsPunycode) {
    EXPECT_EQ(idna_encode_host("☃.example.com"), "xn--n3h.example.com");
    EXPECT_EQ(idna_encode_host("bücher.de:8080"), "xn--bcher-kva.de:8080");
    EXPECT_EQ(idna_encode_host("example.org"), "example.org");
    EXPECT_THROW(idna_encode_host("a..b"), std::invalid_argument);
}
