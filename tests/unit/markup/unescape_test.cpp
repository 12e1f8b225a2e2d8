// html.unescape and Markup.striptags.
#include <gtest/gtest.h>

#include "jinja/html_entities.hpp"
#include "jinja/markup.hpp"

TEST(HtmlUnescape, DecodesNamedAndNumericReferences) {
    EXPECT_EQ(jinja::html_unescape("&amp;&lt;&gt;&quot;&#39;&#x41;&#X42;"), "&<>\"'AB");
    EXPECT_EQ(jinja::html_unescape("&raquo; &NotEqualTilde;"), "» ≂̸");
}

TEST(HtmlUnescape, AcceptsLegacyNamesWithoutSemicolon) {
    EXPECT_EQ(jinja::html_unescape("&ampx &lt"), "&x <");
    EXPECT_EQ(jinja::html_unescape("&notit;"), "¬it;");
}

TEST(HtmlUnescape, LeavesUnknownReferencesAlone) {
    EXPECT_EQ(jinja::html_unescape("&unknown; & &#; &#x;"), "&unknown; & &#; &#x;");
}

TEST(HtmlUnescape, MapsInvalidNumbersLikeHtml5) {
    EXPECT_EQ(jinja::html_unescape("&#128;"), "€");           // windows-1252
    EXPECT_EQ(jinja::html_unescape("&#0;"), "\xEF\xBF\xBD");   // U+FFFD
    EXPECT_EQ(jinja::html_unescape("&#xD800;"), "\xEF\xBF\xBD");
    EXPECT_EQ(jinja::html_unescape("&#99999999999999999999;"), "\xEF\xBF\xBD");
    EXPECT_EQ(jinja::html_unescape("a&#1;b"), "ab");  // control characters vanish
}

TEST(HtmlEntities, TableIsSortedAndComplete) {
    auto all = jinja::html5_entities();
    EXPECT_EQ(all.size(), 2231u);
    for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].name, all[i].name);
    EXPECT_EQ(jinja::html5_entity("amp;").value_or(""), "&");
    EXPECT_FALSE(jinja::html5_entity("nope;").has_value());
}

TEST(Striptags, RemovesCommentsThenTagsNaively) {
    EXPECT_EQ(jinja::striptags("a <!-- c <b>x</b> --> b"), "a b");
    EXPECT_EQ(jinja::striptags("<a href='x>y'>link</a>"), "y'>link");
    EXPECT_EQ(jinja::striptags("<<b>>"), ">");
    EXPECT_EQ(jinja::striptags("a <!-- unclosed <b>x</b> b"), "a x b");
}

TEST(Striptags, CollapsesPythonWhitespaceThenUnescapes) {
    EXPECT_EQ(jinja::striptags("  a \t\n b\xE3\x80\x80" "c\x1c" "d  "), "a b c d");
    EXPECT_EQ(jinja::striptags("&nbsp;x&nbsp;"), "\xC2\xA0x\xC2\xA0");
    EXPECT_EQ(jinja::striptags("&lt;b&gt;"), "<b>");
}
