// Header value grammars: quoting, lists, dicts and options (RFC 2231).
#include <gtest/gtest.h>

#include "flask/http.hpp"

namespace {

using namespace flask;

std::vector<std::pair<std::string, std::string>> options(std::string_view header) {
    auto parsed = parse_options_header(header);
    return parsed.options.items();
}
using Items = std::vector<std::pair<std::string, std::string>>;

TEST(OptionsHeader, SplitsTheValueFromLowerCasedParameters) {
    auto parsed = parse_options_header("text/html; Charset=UTF-8");
    EXPECT_EQ(parsed.value, "text/html");
    EXPECT_EQ(parsed.options.items(), (Items{{"charset", "UTF-8"}}));
    EXPECT_EQ(parse_options_header(std::nullopt).value, "");
}

TEST(OptionsHeader, SkipsInvalidParametersAndKeepsTheLastDuplicate) {
    EXPECT_EQ(options("a; b=c d; e=f"), (Items{{"b", "c"}, {"e", "f"}}));
    EXPECT_EQ(options("text/html ; charset = utf-8"), Items{});
    EXPECT_EQ(options("text/plain; a=1; a=2"), (Items{{"a", "2"}}));
}

TEST(OptionsHeader, UnescapesQuotedValues) {
    EXPECT_EQ(options(R"(a; B="x\"y")"), (Items{{"b", "x\"y"}}));
    EXPECT_EQ(options(R"(form-data; name="a%22b")"), (Items{{"name", "a\"b"}}));
    EXPECT_EQ(options(R"(attachment; filename="a\\"b"; x=1)"), (Items{{"filename", "a\\"}, {"x", "1"}}));
}

TEST(OptionsHeader, DecodesRfc2231CharsetsAndContinuations) {
    EXPECT_EQ(options("attachment; filename*=UTF-8''%E2%82%AC%20rates.txt"), (Items{{"filename", "\xE2\x82\xAC rates.txt"}}));
    EXPECT_EQ(options("attachment; filename*=iso-8859-1''%E9t%E9"), (Items{{"filename", "\xC3\xA9t\xC3\xA9"}}));
    EXPECT_EQ(options("attachment; filename*=unknown''x%20y"), (Items{{"filename", "x%20y"}}));
    EXPECT_EQ(options("attachment; filename*0*=UTF-8''%E2%82%AC; filename*1*=%20rates"),
              (Items{{"filename", "\xE2\x82\xAC rates"}}));
    // The last charset seen carries over, even an unusable one.
    EXPECT_EQ(options("text/plain; a*=utf-8''x; b*=bogus''y; c*=%E9"), (Items{{"a", "x"}, {"b", "y"}, {"c", "%E9"}}));
}

TEST(DumpOptionsHeader, QuotesNonTokensAndSkipsNone) {
    EXPECT_EQ(dump_options_header("form-data", {{"name", "f"}, {"filename", "a\"b\\c.txt"}}),
              R"(form-data; name=f; filename="a\"b\\c.txt")");
    EXPECT_EQ(dump_options_header("x", {{"a", jinja::none}, {"b", ""}, {"q", 0.5}, {"k*", "UTF-8''%E2"}}),
              "x; b=\"\"; q=0.5; k*=UTF-8''%E2");
}

TEST(QuoteHeaderValue, KeepsTokensUnlessAskedAndEscapesQuotes) {
    EXPECT_EQ(quote_header_value("token"), "token");
    EXPECT_EQ(quote_header_value("token", false), "\"token\"");
    EXPECT_EQ(quote_header_value(""), "\"\"");
    EXPECT_EQ(quote_header_value("a\"b\\"), R"("a\"b\\")");
    EXPECT_EQ(unquote_header_value(R"("a\"b\\")"), "a\"b\\");
    EXPECT_EQ(unquote_header_value("bare"), "bare");
}

TEST(ListHeader, DropsEmptyItemsAndFailsOnUnclosedQuotes) {
    EXPECT_EQ(parse_list_header("a, \"b, c\",, d"), (std::vector<std::string>{"a", "b, c", "d"}));
    EXPECT_EQ(parse_list_header("\"unclosed, x"), std::vector<std::string>{});
    EXPECT_EQ(parse_list_header("part\"q\"part"), std::vector<std::string>{"part\"q\"part"});
    EXPECT_EQ(dump_header(std::vector<std::string>{"foo", "bar baz"}), "foo, \"bar baz\"");
}

TEST(DictHeader, KeysWithoutValuesAreNone) {
    auto d = parse_dict_header("a=\"b, c\", d, e=f*, =x, key*=UTF-8''%E2%82%AC");
    ASSERT_EQ(d.size(), 4u);
    EXPECT_EQ(d[0], (std::pair<std::string, std::optional<std::string>>{"a", "b, c"}));
    EXPECT_EQ(d[1].second, std::nullopt);
    EXPECT_EQ(d[2].second, "f*");
    EXPECT_EQ(d[3], (std::pair<std::string, std::optional<std::string>>{"key", "\xE2\x82\xAC"}));
    EXPECT_EQ(dump_header(HeaderParams{{"foo", "bar baz"}, {"flag", jinja::none}}), "foo=\"bar baz\", flag");
}

TEST(AcceptHeader, SortsBySpecificityThenQualityAndMatchesOffers) {
    auto a = parse_accept_header<MIMEAccept>("text/html;level=1;q=0.5, text/*, */*;q=0.1, bad;q=.5, x/y;q=2");
    EXPECT_EQ(a.items(), (std::vector<Accept::Item>{{"text/html; level=1", 0.5}, {"text/*", 1}, {"*/*", 0.1}}));
    EXPECT_EQ(a.to_header(), "text/html; level=1;q=0.5,text/*,*/*;q=0.1");
    EXPECT_EQ(a.quality("text/plain"), 1);
    EXPECT_EQ(a.best_match({"application/json", "text/plain"}), "text/plain");
    EXPECT_TRUE(a.accept_html());
    EXPECT_THROW((void)a.quality("nonsense"), jinja::ValueError);
    EXPECT_FALSE(parse_accept_header<MIMEAccept>("").provided());
}

TEST(AcceptHeader, LanguagesFallBackToPrimaryTags) {
    auto a = parse_accept_header<LanguageAccept>("de-CH, fr;q=0.5");
    EXPECT_EQ(a.best_match({"fr", "de"}), "fr");
    EXPECT_EQ(parse_accept_header<LanguageAccept>("en").best_match({"en-US", "en-GB"}), "en-US");
    EXPECT_EQ(parse_accept_header<LanguageAccept>("en_us").best_match({"en-US"}), "en-US");
    EXPECT_EQ(parse_accept_header<LanguageAccept>("").best_match({"en"}, "de"), "de");
}

}  // namespace
