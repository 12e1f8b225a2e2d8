#include <gtest/gtest.h>

#include "flask/datetime.hpp"
#include "flask/decimal.hpp"
#include "flask/json.hpp"

using flask::Date;
using flask::DateTime;

TEST(DateTime, FormatsHttpDatesInGmt) {
    EXPECT_EQ(DateTime(2024, 1, 2, 3, 4, 5).http_date(), "Tue, 02 Jan 2024 03:04:05 GMT");
    EXPECT_EQ(DateTime::fromisoformat("2024-06-30T23:30:00+05:30")->http_date(), "Sun, 30 Jun 2024 18:00:00 GMT");
    EXPECT_EQ(DateTime::fromisoformat("1969-07-20T20:17:40-04:00")->http_date(), "Mon, 21 Jul 1969 00:17:40 GMT");
    EXPECT_EQ(Date(2024, 2, 29).http_date(), "Thu, 29 Feb 2024 00:00:00 GMT");
    EXPECT_EQ(flask::http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(DateTime(1, 1, 1).http_date(), "Mon, 01 Jan 0001 00:00:00 GMT");
}

TEST(DateTime, ParsesIsoFormat) {
    auto d = DateTime::fromisoformat("2024-01-02T03:04:05.123456+00:00");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->microsecond(), 123456);
    EXPECT_TRUE(d->aware());
    EXPECT_EQ(d->str(), "2024-01-02 03:04:05.123456+00:00");
    EXPECT_EQ(d->repr(), "datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone.utc)");
    auto naive = DateTime::fromisoformat("2024-01-02 03:04");
    ASSERT_TRUE(naive);
    EXPECT_FALSE(naive->aware());
    EXPECT_EQ(naive->isoformat(), "2024-01-02T03:04:00");
    EXPECT_FALSE(DateTime::fromisoformat("2024-02-30"));
    EXPECT_FALSE(DateTime::fromisoformat("nope"));
    EXPECT_EQ(Date::fromisoformat("2024-01-02")->repr(), "datetime.date(2024, 1, 2)");
}

TEST(DateTime, JsonIsTheHttpDate) {
    EXPECT_EQ(flask::json::flask_dumps(DateTime(2024, 1, 2, 3, 4, 5, 999999, 0).to_value()),
              "\"Tue, 02 Jan 2024 03:04:05 GMT\"");
    EXPECT_EQ(flask::json::flask_dumps(Date(2030, 1, 1).to_value()), "\"Tue, 01 Jan 2030 00:00:00 GMT\"");
}

TEST(DateTime, RoundTripsTimestamps) {
    EXPECT_EQ(DateTime::from_timestamp(std::int64_t{1704164645}).isoformat(), "2024-01-02T03:04:05+00:00");
    EXPECT_EQ(DateTime::from_timestamp(std::int64_t{-1}).isoformat(), "1969-12-31T23:59:59+00:00");
    EXPECT_EQ(DateTime(2024, 1, 2, 3, 4, 5).timestamp(), 1704164645);
}

TEST(Decimal, PrintsLikePythonStr) {
    auto s = [](std::string_view t) { return flask::Decimal::parse(t)->str(); };
    EXPECT_EQ(s("1.10"), "1.10");
    EXPECT_EQ(s("1e2"), "1E+2");
    EXPECT_EQ(s("-0"), "-0");
    EXPECT_EQ(s("0.000001"), "0.000001");
    EXPECT_EQ(s("0.0000001"), "1E-7");
    EXPECT_EQ(s("123E-10"), "1.23E-8");
    EXPECT_EQ(s("100e-2"), "1.00");
    EXPECT_EQ(s("0.00"), "0.00");
    EXPECT_EQ(s("007"), "7");
    EXPECT_EQ(s(" 1_000 "), "1000");
    EXPECT_EQ(s("0E+3"), "0E+3");
    EXPECT_EQ(s("-inf"), "-Infinity");
    EXPECT_EQ(s("nan"), "NaN");
    EXPECT_EQ(s(".5"), "0.5");
    EXPECT_FALSE(flask::Decimal::parse("1e"));
    EXPECT_FALSE(flask::Decimal::parse("abc"));
    EXPECT_EQ(flask::json::flask_dumps(flask::Decimal::parse("9.99")->to_value()), "\"9.99\"");
}
