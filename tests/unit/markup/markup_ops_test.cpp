// Markup operators: the other side is escaped, safe values are not.
#include <gtest/gtest.h>

#include "jinja/markup.hpp"
#include "jinja/pystr.hpp"

using jinja::Value;

TEST(MarkupAdd, EscapesPlainStringsOnEitherSide) {
    Value b = Value::markup("<b>");
    EXPECT_EQ(jinja::markup_add(b, Value("<i>")).as_string(), "<b>&lt;i&gt;");
    EXPECT_EQ(jinja::markup_radd(b, Value("<i>")).as_string(), "&lt;i&gt;<b>");
    EXPECT_EQ(jinja::markup_add(b, Value::markup("<i>")).as_string(), "<b><i>");
}

TEST(MarkupAdd, RejectsNonStrings) { EXPECT_THROW(jinja::markup_add(Value::markup("a"), Value(5)), jinja::TypeError); }

TEST(MarkupMul, RepeatsAndRejectsNonInts) {
    EXPECT_EQ(jinja::markup_mul(Value::markup("<b>"), Value(2)).as_string(), "<b><b>");
    EXPECT_EQ(jinja::markup_mul(Value::markup("<b>"), Value(-1)).as_string(), "");
    EXPECT_THROW(jinja::markup_mul(Value::markup("a"), Value(1.5)), jinja::TypeError);
}

TEST(MarkupJoin, EscapesItemsButNotMarkup) {
    Value items = Value::list({Value("<a>"), Value::markup("<b>"), Value(3)});
    EXPECT_EQ(jinja::markup_join(Value::markup("<br>"), items).as_string(), "&lt;a&gt;<br><b><br>3");
}

TEST(MarkupMod, EscapesArgumentsBeforePadding) {
    EXPECT_EQ(jinja::markup_mod(Value::markup("%5s|"), Value("<")).as_string(), " &lt;|");
    Value args = Value::tuple({Value("<a>"), Value::markup("<b>")});
    EXPECT_EQ(jinja::markup_mod(Value::markup("%s and %s"), args).as_string(), "&lt;a&gt; and <b>");
}

TEST(MarkupMod, ConvertsStringsForNumericConversionsButNotForHex) {
    EXPECT_EQ(jinja::markup_mod(Value::markup("%d"), Value("5")).as_string(), "5");
    EXPECT_EQ(jinja::markup_mod(Value::markup("%r"), Value("<x>")).as_string(), "&#39;&lt;x&gt;&#39;");
    EXPECT_THROW(jinja::markup_mod(Value::markup("%x"), Value(255)), jinja::TypeError);
}

TEST(MarkupMod, UsesADictAsMapping) {
    jinja::Dict d{{"a", Value("&")}, {"b", Value::markup("&amp;")}};
    EXPECT_EQ(jinja::markup_mod(Value::markup("%(a)s %(b)s"), Value(d)).as_string(), "&amp; &amp;");
    EXPECT_THROW(jinja::markup_mod(Value::markup("%(zz)s"), Value(d)), jinja::KeyError);
}

TEST(MarkupFormat, PadsBeforeEscaping) {
    EXPECT_EQ(jinja::markup_format(Value::markup("{0:>5}"), {Value("<")}).as_string(), "    &lt;");
    EXPECT_EQ(jinja::markup_format(Value::markup("{name}"), {}, {{"name", Value("<x>")}}).as_string(), "&lt;x&gt;");
}

TEST(MarkupFormat, RejectsASpecOnMarkup) {
    EXPECT_THROW(jinja::markup_format(Value::markup("{0:^7}"), {Value::markup("<b>")}), jinja::ValueError);
    EXPECT_EQ(jinja::markup_format(Value::markup("{0}"), {Value::markup("<b>")}).as_string(), "<b>");
}

TEST(MarkupFormat, EscapesConvertedMarkup) {
    // !s makes a plain str, which is then escaped.
    EXPECT_EQ(jinja::markup_format(Value::markup("{0!s}"), {Value::markup("<b>")}).as_string(), "&lt;b&gt;");
}

TEST(MarkupMethods, ReplaceEscapesOnlyTheReplacement) {
    jinja::CallArgs args{{Value("&amp;"), Value("<")}, {}};
    Value r = jinja::pystr::call_str_method(Value::markup("a &amp; b"), "replace", args);
    EXPECT_TRUE(r.is_markup());
    EXPECT_EQ(r.as_string(), "a &lt; b");
}

TEST(MarkupMethods, SplitAndPartitionReturnMarkup) {
    jinja::CallArgs args{{Value(",")}, {}};
    Value parts = jinja::pystr::call_str_method(Value::markup("a,<b>"), "split", args);
    ASSERT_EQ(parts.as_list().size(), 2u);
    EXPECT_TRUE(parts.as_list()[1].is_markup());
    Value t = jinja::pystr::call_str_method(Value::markup("a,<b>"), "partition", args);
    EXPECT_TRUE(t.is_tuple());
    EXPECT_TRUE(t.as_list()[2].is_markup());
}

TEST(MarkupMethods, FillCharacterIsEscapedSoSpecialFillsFail) {
    jinja::CallArgs args{{Value(7), Value("<")}, {}};
    EXPECT_THROW(jinja::pystr::call_str_method(Value::markup("x"), "center", args), jinja::TypeError);
    jinja::CallArgs star{{Value(5), Value("*")}, {}};
    EXPECT_EQ(jinja::pystr::call_str_method(Value::markup("x"), "center", star).as_string(), "**x**");
}

TEST(MarkupMethods, QueriesReturnPlainValues) {
    jinja::CallArgs args{{Value("&")}, {}};
    EXPECT_EQ(jinja::pystr::call_str_method(Value::markup("x&amp;y"), "count", args), Value(1));
    EXPECT_EQ(jinja::pystr::call_str_method(Value::markup("x&amp;y"), "find", args), Value(1));
}

TEST(MarkupClass, WrapsTheFreeFunctions) {
    jinja::Markup m("<b>%s</b>");
    EXPECT_EQ((m % Value("<")).str(), "<b>&lt;</b>");
    EXPECT_EQ((jinja::Markup("<b>") + Value("&")).str(), "<b>&amp;");
    EXPECT_EQ(jinja::Markup::escape(Value("<")).str(), "&lt;");
    EXPECT_EQ(jinja::Markup("a <b>b</b>").striptags(), "a b");
    Value v = jinja::Markup("<i>");
    EXPECT_TRUE(v.is_markup());
}
