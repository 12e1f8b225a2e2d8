#include <gtest/gtest.h>

#include "jinja/value.hpp"

using jinja::Value;

TEST(Value, PrintsAsPythonRepr) {
    EXPECT_EQ(Value().repr(), "None");
    EXPECT_EQ(Value(true).repr(), "True");
    EXPECT_EQ(Value(1.0).repr(), "1.0");
    EXPECT_EQ(Value(1e-05).repr(), "1e-05");
    EXPECT_EQ(Value(1e16).repr(), "1e+16");
    EXPECT_EQ(Value(1e15).repr(), "1000000000000000.0");
    EXPECT_EQ(Value(0.0001).repr(), "0.0001");
    EXPECT_EQ(Value(-1.75).repr(), "-1.75");
    EXPECT_EQ(Value(1.0 / 3).repr(), "0.3333333333333333");
    EXPECT_EQ(Value(5e-324).repr(), "5e-324");
    EXPECT_EQ(Value::list({"a", 1}).repr(), "['a', 1]");
    EXPECT_EQ(Value::tuple({1}).repr(), "(1,)");
    EXPECT_EQ(Value("it's").repr(), "\"it's\"");
}

TEST(Value, EqualityFollowsPython) {
    EXPECT_EQ(Value(1), Value(1.0));
    EXPECT_EQ(Value(1), Value(true));
    EXPECT_NE(Value("1"), Value(1));
    EXPECT_NE(Value::list({1}), Value::tuple({1}));
}

TEST(Value, ContainersShareLikePython) {
    Value d = jinja::Dict{{"items", Value::list({})}};
    Value alias = d;
    alias["items"].as_list().push_back("x");
    EXPECT_EQ(d.at("items").size(), 1u);
    EXPECT_EQ(d.repr(), "{'items': ['x']}");
}

TEST(Value, LenCountsCodePoints) { EXPECT_EQ(Value("héllo").size(), 5u); }
