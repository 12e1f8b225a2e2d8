// markupsafe.escape and friends: what gets escaped, what passes through.
#include <gtest/gtest.h>

#include "jinja/markup.hpp"

using jinja::Value;

namespace {

struct Widget final : jinja::Object {
    std::string_view type_name() const override { return "Widget"; }
    std::string str() const override { return "Widget"; }
    std::optional<std::string> html() const override { return "<w>"; }
};

}  // namespace

TEST(EscapeHtml, ReplacesTheFiveSpecialCharactersWithNumericQuotes) {
    EXPECT_EQ(jinja::escape_html(R"(<a href="x">'&'</a>)"), "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(EscapeHtml, LeavesPlainAndNonAsciiTextUntouched) {
    EXPECT_EQ(jinja::escape_html(""), "");
    EXPECT_EQ(jinja::escape_html("plain text that is longer than a word"), "plain text that is longer than a word");
    EXPECT_EQ(jinja::escape_html("日本語 😀 é"), "日本語 😀 é");
}

TEST(EscapeHtml, FindsSpecialsAtEveryPositionOfALongRun) {
    // The fast path scans 8 bytes at a time; check every alignment.
    for (std::size_t i = 0; i < 20; ++i) {
        std::string text(20, 'x');
        text[i] = '<';
        std::string expected = std::string(i, 'x') + "&lt;" + std::string(19 - i, 'x');
        EXPECT_EQ(jinja::escape_html(text), expected) << i;
    }
}

TEST(EscapeHtml, AppendsToAnExistingBuffer) {
    std::string out = "prefix:";
    jinja::escape_html_to(out, "a&b");
    EXPECT_EQ(out, "prefix:a&amp;b");
}

TEST(Escape, ReturnsMarkupForStrings) {
    Value v = jinja::escape(Value("<i>"));
    EXPECT_TRUE(v.is_markup());
    EXPECT_EQ(v.as_string(), "&lt;i&gt;");
}

TEST(Escape, PassesMarkupAndHtmlObjectsThrough) {
    EXPECT_EQ(jinja::escape(Value::markup("<b>")).as_string(), "<b>");
    Value w(std::make_shared<Widget>());
    EXPECT_EQ(jinja::escape(w).as_string(), "<w>");
    EXPECT_TRUE(jinja::escape(w).is_markup());
}

TEST(Escape, StringifiesOtherValuesLikePython) {
    EXPECT_EQ(jinja::escape(Value()).as_string(), "None");
    EXPECT_EQ(jinja::escape(Value(true)).as_string(), "True");
    EXPECT_EQ(jinja::escape(Value(1e16)).as_string(), "1e+16");
    EXPECT_EQ(jinja::escape(Value::list({Value("<")})).as_string(), "[&#39;&lt;&#39;]");
}

TEST(EscapeSilent, TurnsNoneIntoEmptyMarkup) {
    EXPECT_EQ(jinja::escape_silent(Value()).as_string(), "");
    EXPECT_TRUE(jinja::escape_silent(Value()).is_markup());
    EXPECT_EQ(jinja::escape_silent(Value(0)).as_string(), "0");
}

TEST(SoftStr, KeepsMarkupAndStringifiesTheRest) {
    EXPECT_TRUE(jinja::soft_str(Value::markup("<b>")).is_markup());
    Value s = jinja::soft_str(Value(5));
    EXPECT_FALSE(s.is_markup());
    EXPECT_EQ(s.as_string(), "5");
}

TEST(MarkupConstructor, MarksTextSafeWithoutEscaping) {
    EXPECT_EQ(jinja::markup(Value("<u>")).as_string(), "<u>");
    EXPECT_EQ(jinja::markup(Value(std::make_shared<Widget>())).as_string(), "<w>");
    EXPECT_EQ(jinja::markup(Value(5)).as_string(), "5");
}
