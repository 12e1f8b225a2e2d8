#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "flask/json.hpp"

using flask::json::DumpOptions;
using flask::json::dumps;
using flask::json::flask_dumps;
using jinja::Dict;
using jinja::Value;

TEST(JsonDumps, WritesScalarsAsPython) {
    EXPECT_EQ(dumps(Value()), "null");
    EXPECT_EQ(dumps(Value(true)), "true");
    EXPECT_EQ(dumps(Value(-42)), "-42");
    EXPECT_EQ(dumps(Value(INT64_MIN)), "-9223372036854775808");
    EXPECT_EQ(dumps(Value(1.0)), "1.0");
    EXPECT_EQ(dumps(Value(-0.0)), "-0.0");
    EXPECT_EQ(dumps(Value(1e16)), "1e+16");
    EXPECT_EQ(dumps(Value(1e15)), "1000000000000000.0");
    EXPECT_EQ(dumps(Value(1e-5)), "1e-05");
    EXPECT_EQ(dumps(Value(0.0001)), "0.0001");
    EXPECT_EQ(dumps(Value(123456789.123456789)), "123456789.12345679");
    EXPECT_EQ(dumps(Value(5e-324)), "5e-324");
    EXPECT_EQ(dumps(Value(1.5e300)), "1.5e+300");
}

TEST(JsonDumps, WritesNonFiniteFloatsAsJavaScriptLiterals) {
    EXPECT_EQ(dumps(Value(std::numeric_limits<double>::quiet_NaN())), "NaN");
    EXPECT_EQ(dumps(Value(std::numeric_limits<double>::infinity())), "Infinity");
    EXPECT_EQ(dumps(Value(-std::numeric_limits<double>::infinity())), "-Infinity");
    DumpOptions strict;
    strict.allow_nan = false;
    EXPECT_THROW(dumps(Value(std::nan("")), strict), jinja::ValueError);
}

TEST(JsonDumps, EscapesNonAsciiWithLowerCaseHexAndSurrogatePairs) {
    EXPECT_EQ(dumps(Value("\xc3\xa9")), "\"\\u00e9\"");
    EXPECT_EQ(dumps(Value("\xf0\x9f\x98\x80")), "\"\\ud83d\\ude00\"");
    EXPECT_EQ(dumps(Value("\x7f")), "\"\\u007f\"");
    EXPECT_EQ(dumps(Value(std::string("\0\x01\x1f", 3))), "\"\\u0000\\u0001\\u001f\"");
    EXPECT_EQ(dumps(Value("\n\r\t\b\f\"\\/")), "\"\\n\\r\\t\\b\\f\\\"\\\\/\"");
    EXPECT_EQ(dumps(Value("\xe2\x80\xa8")), "\"\\u2028\"");
}

TEST(JsonDumps, KeepsUtf8WhenEnsureAsciiIsOff) {
    DumpOptions o;
    o.ensure_ascii = false;
    EXPECT_EQ(dumps(Value("\xc3\xa9\x7f\n"), o), "\"\xc3\xa9\x7f\\n\"");
}

TEST(JsonDumps, WritesLoneSurrogatesAndReplacesInvalidBytes) {
    EXPECT_EQ(dumps(Value("\xed\xa0\x80")), "\"\\ud800\"");
    EXPECT_EQ(dumps(Value("a\xff")), "\"a\\ufffd\"");
}

TEST(JsonDumps, SortsKeysAndUsesPythonSeparators) {
    Value d(Dict{{"b", 1}, {"a", Value::list({1, 2})}});
    EXPECT_EQ(flask_dumps(d), "{\"a\": [1, 2], \"b\": 1}");
    EXPECT_EQ(dumps(d), "{\"b\": 1, \"a\": [1, 2]}");
}

TEST(JsonDumps, SortsNumericKeysNumericallyBeforeConvertingThem) {
    Dict d;
    d.set(Value(10), Value("ten"));
    d.set(Value(9), Value("nine"));
    d.set(Value(1.5), Value("x"));
    d.set(Value(true), Value("t"));
    EXPECT_EQ(flask_dumps(Value(d)), "{\"true\": \"t\", \"1.5\": \"x\", \"9\": \"nine\", \"10\": \"ten\"}");
    Dict n;
    n.set(Value(), Value(1));
    EXPECT_EQ(flask_dumps(Value(n)), "{\"null\": 1}");
}

TEST(JsonDumps, RejectsMixedKeyTypesWhenSorting) {
    Dict d;
    d.set(Value(1), Value("a"));
    d.set(Value("b"), Value(2));
    try {
        flask_dumps(Value(d));
        FAIL();
    } catch (const jinja::TypeError& e) {
        EXPECT_STREQ(e.what(), "'<' not supported between instances of 'str' and 'int'");
    }
    EXPECT_EQ(dumps(Value(d)), "{\"1\": \"a\", \"b\": 2}");  // unsorted: fine
}

TEST(JsonDumps, RejectsKeysJsonCannotName) {
    Dict d;
    d.set(Value::tuple({1, 2}), Value(3));
    EXPECT_THROW(dumps(Value(d)), jinja::TypeError);
}

TEST(JsonDumps, IndentsLikePython) {
    Value d(Dict{{"a", Value::list({1, Value(Dict{})})}, {"b", Value(jinja::List{})}});
    EXPECT_EQ(flask_dumps(d, 2), "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}");
    EXPECT_EQ(flask_dumps(d, 0), "{\n\"a\": [\n1,\n{}\n],\n\"b\": []\n}");
}

TEST(JsonDumps, JsonifyIsCompactWithNewlineOrIndentedInDebug) {
    Value d(Dict{{"b", Value::list({1, 2})}, {"a", Value()}});
    EXPECT_EQ(flask::json::jsonify_body(d), "{\"a\":null,\"b\":[1,2]}\n");
    EXPECT_EQ(flask::json::jsonify_body(d, true), "{\n  \"a\": null,\n  \"b\": [\n    1,\n    2\n  ]\n}\n");
}

TEST(JsonDumps, JsonifyValueFollowsArgsAndKwargs) {
    using flask::json::jsonify_value;
    EXPECT_TRUE(jsonify_value({}).is_none());
    EXPECT_EQ(jsonify_value({Value(1)}), Value(1));
    EXPECT_EQ(flask::json::jsonify_body(jsonify_value({1, 2})), "[1,2]\n");
    EXPECT_EQ(flask::json::jsonify_body(jsonify_value({}, {{"x", 1}})), "{\"x\":1}\n");
    EXPECT_THROW(jsonify_value({1}, {{"x", 1}}), jinja::TypeError);
}

TEST(JsonDumps, HtmlSafeEscapesMarkupCharacters) {
    EXPECT_EQ(flask::json::htmlsafe_dumps(Value("</script>&'")), "\"\\u003c/script\\u003e\\u0026\\u0027\"");
    EXPECT_EQ(flask::json::htmlsafe_dumps(Value::markup("<b>")), "\"\\u003cb\\u003e\"");
}

TEST(JsonDumps, RejectsBytesAndUnknownObjectsWithPythonMessage) {
    try {
        flask_dumps(Value::bytes("ab"));
        FAIL();
    } catch (const jinja::TypeError& e) {
        EXPECT_STREQ(e.what(), "Object of type bytes is not JSON serializable");
    }
    struct Opaque : jinja::Object {
        std::string_view type_name() const override { return "Opaque"; }
    };
    EXPECT_THROW(flask_dumps(Value(std::make_shared<Opaque>())), jinja::TypeError);
}

TEST(JsonDumps, UsesObjectJsonHookThenHtml) {
    struct Html : jinja::Object {
        std::string_view type_name() const override { return "Html"; }
        std::optional<std::string> html() const override { return "<i>x</i>"; }
    };
    EXPECT_EQ(flask_dumps(Value(std::make_shared<Html>())), "\"<i>x</i>\"");
    DumpOptions o;
    o.default_fn = [](const Value&) { return Value("custom"); };
    EXPECT_EQ(dumps(Value::bytes("x"), o), "\"custom\"");
}

TEST(JsonDumps, DetectsCircularContainers) {
    Value list(jinja::List{});
    list.as_list().push_back(list);
    EXPECT_THROW(dumps(list), jinja::ValueError);
    list.as_list().clear();  // break the cycle so it can be freed
}

TEST(JsonDumps, WritesBigIntegersVerbatim) {
    EXPECT_EQ(dumps(flask::json::RawNumber::make("18446744073709551616")), "18446744073709551616");
}
