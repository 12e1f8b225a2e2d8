// Python % formatting, str.format and the format-spec mini-language.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "jinja/pyformat.hpp"

using jinja::Value;

TEST(FormatValue, AlignsAndTruncatesStrings) {
    EXPECT_EQ(jinja::format_value(Value("ab"), "^6"), "  ab  ");
    EXPECT_EQ(jinja::format_value(Value("ab"), "*>5"), "***ab");
    EXPECT_EQ(jinja::format_value(Value("héllo"), ".2"), "hé");
    EXPECT_EQ(jinja::format_value(Value("ab"), "05"), "ab000");
    EXPECT_THROW(jinja::format_value(Value("ab"), "+"), jinja::ValueError);
}

TEST(FormatValue, FormatsIntegersWithGroupingAndPrefixes) {
    EXPECT_EQ(jinja::format_value(Value(1234567), ","), "1,234,567");
    EXPECT_EQ(jinja::format_value(Value(1234), "08,"), "0,001,234");
    EXPECT_EQ(jinja::format_value(Value(255), "#010x"), "0x000000ff");
    EXPECT_EQ(jinja::format_value(Value(-5), "=+8"), "-      5");
    EXPECT_EQ(jinja::format_value(Value(65), "c"), "A");
    EXPECT_THROW(jinja::format_value(Value(5), ".2"), jinja::ValueError);
}

TEST(FormatValue, FormatsFloatsLikePython) {
    EXPECT_EQ(jinja::format_value(Value(1.5), ".2f"), "1.50");
    EXPECT_EQ(jinja::format_value(Value(1.0), ".3"), "1.0");
    EXPECT_EQ(jinja::format_value(Value(123.0), ".3"), "1.23e+02");
    EXPECT_EQ(jinja::format_value(Value(1e16), ""), "1e+16");
    EXPECT_EQ(jinja::format_value(Value(0.5), ".0%"), "50%");
    EXPECT_EQ(jinja::format_value(Value(-0.0001), "z.2f"), "0.00");
    EXPECT_EQ(jinja::format_value(Value(std::numeric_limits<double>::infinity()), "08.2f"), "00000inf");
    EXPECT_THROW(jinja::format_value(Value(1.5), "d"), jinja::ValueError);
}

TEST(FormatValue, OtherTypesOnlyTakeAnEmptySpec) {
    EXPECT_EQ(jinja::format_value(Value(true), ""), "True");
    EXPECT_EQ(jinja::format_value(Value(true), ">3"), "  1");
    EXPECT_EQ(jinja::format_value(Value(), ""), "None");
    EXPECT_THROW(jinja::format_value(Value(), ">5"), jinja::TypeError);
}

TEST(PercentFormat, HandlesFlagsWidthAndPrecision) {
    Value args = Value::tuple({Value(5), Value(3), Value(4), Value(255)});
    EXPECT_EQ(jinja::percent_format("%.3d|%+05d|%-5d|%#x", args), "005|+0003|4    |0xff");
    EXPECT_EQ(jinja::percent_format("%*d|%.*f", Value::tuple({Value(4), Value(1), Value(2), Value(3.14159)})),
              "   1|3.14");
    EXPECT_EQ(jinja::percent_format("%5.1f%%", Value(2.25)), "  2.2%");
}

TEST(PercentFormat, ReportsArgumentMismatches) {
    EXPECT_THROW(jinja::percent_format("%s %s", Value::tuple({Value(1)})), jinja::TypeError);
    EXPECT_THROW(jinja::percent_format("%s", Value::tuple({Value(1), Value(2)})), jinja::TypeError);
    EXPECT_THROW(jinja::percent_format("%d", Value("5")), jinja::TypeError);
    EXPECT_THROW(jinja::percent_format("%y", Value(1)), jinja::ValueError);
    EXPECT_THROW(jinja::percent_format("%(a)s", Value::tuple({})), jinja::TypeError);
}

TEST(PercentFormat, UsesMappingsForKeys) {
    jinja::Dict d{{"a", Value(1)}};
    EXPECT_EQ(jinja::percent_format("%(a)s %%", Value(d)), "1 %");
    EXPECT_EQ(jinja::percent_format("%s", Value(d)), "{'a': 1}");
}

TEST(StrFormat, ResolvesFieldsAttributesAndItems) {
    jinja::Dict d{{"k", Value("v")}};
    jinja::List args{Value("a"), Value(d), Value::list({Value(1), Value(2)})};
    EXPECT_EQ(jinja::str_format("{0}{1[k]}{2[1]}{{}}", args, {}), "av2{}");
    EXPECT_EQ(jinja::str_format("{}-{}", {Value(1), Value(2)}, {}), "1-2");
    EXPECT_EQ(jinja::str_format("{x!r:>5}", {}, {{"x", Value("a")}}), "  'a'");
    EXPECT_EQ(jinja::str_format("{0:{1}}", {Value(1), Value(">4")}, {}), "   1");
}

TEST(StrFormat, RaisesPythonErrors) {
    EXPECT_THROW(jinja::str_format("{1}", {Value(1)}, {}), jinja::IndexError);
    EXPECT_THROW(jinja::str_format("{a}", {}, {}), jinja::KeyError);
    EXPECT_THROW(jinja::str_format("{", {}, {}), jinja::ValueError);
    EXPECT_THROW(jinja::str_format("{}{0}", {Value(1)}, {}), jinja::ValueError);
    EXPECT_THROW(jinja::str_format("{0.x}", {Value(1)}, {}), jinja::AttributeError);
}

TEST(PythonNumbers, ParseLiteralsLikeIntAndFloat) {
    EXPECT_EQ(jinja::python_int(Value(" -1_000 ")), -1000);
    EXPECT_EQ(jinja::python_int(Value(3.9)), 3);
    EXPECT_THROW(jinja::python_int(Value("5.0")), jinja::ValueError);
    EXPECT_DOUBLE_EQ(jinja::python_float(Value("1e3")), 1000.0);
    EXPECT_TRUE(std::isinf(jinja::python_float(Value("-Infinity"))));
    EXPECT_THROW(jinja::python_float(Value("x")), jinja::ValueError);
}
