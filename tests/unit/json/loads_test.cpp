#include <gtest/gtest.h>

#include <cmath>

#include "flask/json.hpp"

using flask::json::JSONDecodeError;
using flask::json::loads;
using jinja::Value;

namespace {
std::string error_of(std::string_view text) {
    try {
        loads(text);
    } catch (const JSONDecodeError& e) {
        return e.what();
    } catch (const jinja::ValueError& e) {
        return std::string("ValueError: ") + e.what();
    }
    return "no error";
}
}  // namespace

TEST(JsonLoads, ParsesScalars) {
    EXPECT_TRUE(loads("null").is_none());
    EXPECT_EQ(loads(" true "), Value(true));
    EXPECT_EQ(loads("-0").as_int(), 0);
    EXPECT_TRUE(loads("-0").is_int());
    EXPECT_TRUE(std::signbit(loads("-0.0").as_float()));
    EXPECT_EQ(loads("1E+2").as_float(), 100.0);
    EXPECT_EQ(loads("9223372036854775807").as_int(), INT64_MAX);
    EXPECT_EQ(loads("-9223372036854775808").as_int(), INT64_MIN);
    EXPECT_TRUE(std::isinf(loads("1e400").as_float()));
    EXPECT_TRUE(std::isnan(loads("NaN").as_float()));
    EXPECT_EQ(loads("-Infinity").as_float(), -INFINITY);
}

TEST(JsonLoads, KeepsBigIntegersAsRawNumbers) {
    Value v = loads("[18446744073709551616]");
    EXPECT_EQ(v.at(0).type_name(), "int");
    EXPECT_EQ(v.at(0).str(), "18446744073709551616");
    EXPECT_EQ(flask::json::dumps(v), "[18446744073709551616]");
}

TEST(JsonLoads, DecodesEscapesAndSurrogatePairs) {
    EXPECT_EQ(loads(R"("\u00e9\n\/")").as_string(), "\xc3\xa9\n/");
    EXPECT_EQ(loads(R"("\ud83d\ude00")").as_string(), "\xf0\x9f\x98\x80");
    EXPECT_EQ(loads(R"("\ud83dx")").as_string(), "\xed\xa0\xbdx");
    EXPECT_EQ(loads(R"("\ud83d\u0041")").as_string(), "\xed\xa0\xbd" "A");
    EXPECT_EQ(flask::json::dumps(loads(R"("\ude00\ud83d")")), R"("\ude00\ud83d")");
}

TEST(JsonLoads, KeepsKeyOrderAndLastDuplicateInFirstPosition) {
    Value v = loads(R"({"b":1,"a":2,"b":3})");
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v.as_dict().items()[0].first.as_string(), "b");
    EXPECT_EQ(v.at("b"), Value(3));
    std::string big = "{";
    for (int i = 0; i < 100; ++i) big += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    big += "\"k5\":-1}";
    Value w = loads(big);
    EXPECT_EQ(w.size(), 100u);
    EXPECT_EQ(w.at("k5"), Value(-1));
    EXPECT_EQ(w.as_dict().items()[5].first.as_string(), "k5");
}

TEST(JsonLoads, ReportsErrorsLikePython) {
    EXPECT_EQ(error_of(""), "Expecting value: line 1 column 1 (char 0)");
    EXPECT_EQ(error_of("[1,]"), "Expecting value: line 1 column 4 (char 3)");
    EXPECT_EQ(error_of("{\"a\":1,}"), "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)");
    EXPECT_EQ(error_of("{\"a\" 1}"), "Expecting ':' delimiter: line 1 column 6 (char 5)");
    EXPECT_EQ(error_of("[1 2]"), "Expecting ',' delimiter: line 1 column 4 (char 3)");
    EXPECT_EQ(error_of("\"abc"), "Unterminated string starting at: line 1 column 1 (char 0)");
    EXPECT_EQ(error_of("\"a\\x\""), "Invalid \\escape: line 1 column 3 (char 2)");
    EXPECT_EQ(error_of("\"a\\u12\""), "Invalid \\uXXXX escape: line 1 column 4 (char 3)");
    EXPECT_EQ(error_of("\"\\ud83d\\u12\""), "Invalid \\uXXXX escape: line 1 column 9 (char 8)");
    EXPECT_EQ(error_of("\"\t\""), "Invalid control character at: line 1 column 2 (char 1)");
    EXPECT_EQ(error_of("01"), "Extra data: line 1 column 2 (char 1)");
    EXPECT_EQ(error_of("[-]"), "Expecting value: line 1 column 2 (char 1)");
    EXPECT_EQ(error_of("[1,\n2,\n x]"), "Expecting value: line 3 column 2 (char 8)");
    EXPECT_EQ(error_of("\"\xc3\xa9\"x"), "Extra data: line 1 column 4 (char 3)");
}

TEST(JsonLoads, RejectsInvalidUtf8AndSkipsBom) {
    EXPECT_EQ(error_of("\xff"), "ValueError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
    EXPECT_EQ(error_of("\"a\xe9\""),
              "ValueError: 'utf-8' codec can't decode byte 0xe9 in position 2: invalid continuation byte");
    EXPECT_EQ(loads("\xef\xbb\xbf[1]").size(), 1u);
    EXPECT_EQ(loads("\"\xed\xa0\x80\"").as_string(), "\xed\xa0\x80");  // surrogatepass
}

TEST(JsonLoads, LimitsNestingDepth) {
    EXPECT_THROW(loads(std::string(100000, '[')), flask::json::RecursionError);
    EXPECT_NO_THROW(loads(std::string(500, '[') + std::string(500, ']')));
}

TEST(JsonLoads, RoundTripsThroughDumps) {
    std::string text = R"({"a": [1, 2.5, "x\u00e9", null, true, {"b": -1e-05}], "c": {}})";
    EXPECT_EQ(flask::json::dumps(loads(text)), text);
}
