// flask::DateTime and flask::Date: Python's datetime.datetime / datetime.date as
// jinja::Objects, for JSON (an HTTP date), sessions, templates and http_date().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "jinja/value.hpp"

namespace flask {

class Date;

/// datetime.datetime with microseconds; naive, or aware with a fixed UTC
/// offset in seconds (UTC is offset 0).  Out-of-range fields throw jinja::ValueError.
class DateTime final : public jinja::Object {
public:
    DateTime(int year, int month, int day, int hour = 0, int minute = 0, int second = 0, int microsecond = 0,
             std::optional<int> utc_offset_seconds = std::nullopt);
    /// datetime.fromtimestamp(seconds, timezone.utc).
    static DateTime from_timestamp(std::int64_t seconds, int microsecond = 0);
    static DateTime from_timestamp(double seconds);
    /// datetime.now(timezone.utc).
    static DateTime now_utc();
    /// datetime.fromisoformat for the usual spellings: YYYY-MM-DD[THH[:MM[:SS[.f+]]]]
    /// (any one-character separator; basic YYYYMMDD too) with Z or +HH[:MM[:SS]] offsets.
    static std::optional<DateTime> fromisoformat(std::string_view text);

    int year() const noexcept { return year_; }
    int month() const noexcept { return month_; }
    int day() const noexcept { return day_; }
    int hour() const noexcept { return hour_; }
    int minute() const noexcept { return minute_; }
    int second() const noexcept { return second_; }
    int microsecond() const noexcept { return microsecond_; }
    bool aware() const noexcept { return offset_.has_value(); }
    std::optional<int> utc_offset() const noexcept { return offset_; }

    /// POSIX seconds (floor); a naive value counts as UTC, as Werkzeug does.
    std::int64_t timestamp() const noexcept;
    /// The same instant in UTC (naive values are taken as UTC).
    DateTime to_utc() const;
    Date date() const;
    /// isoformat(sep): "2024-01-02T03:04:05.123456+00:00" (fraction only when non-zero).
    std::string isoformat(char sep = 'T') const;
    /// Werkzeug's http_date: "Tue, 02 Jan 2024 03:04:05 GMT".
    std::string http_date() const;

    std::string_view type_name() const override { return "datetime"; }
    std::string str() const override { return isoformat(' '); }
    std::string repr() const override;
    jinja::Value get_attr(std::string_view name) const override;
    bool equals(const jinja::Object& other) const override;
    std::optional<jinja::Value> json() const override { return jinja::Value(http_date()); }
    jinja::Value to_value() const;

private:
    int year_, month_, day_, hour_, minute_, second_, microsecond_;
    std::optional<int> offset_;
};

/// datetime.date.
class Date final : public jinja::Object {
public:
    Date(int year, int month, int day);
    /// date.fromisoformat: YYYY-MM-DD or YYYYMMDD.
    static std::optional<Date> fromisoformat(std::string_view text);
    static Date today_utc();

    int year() const noexcept { return year_; }
    int month() const noexcept { return month_; }
    int day() const noexcept { return day_; }
    /// 0 = Monday, as date.weekday().
    int weekday() const noexcept;
    std::string isoformat() const;
    /// Midnight UTC as an HTTP date.
    std::string http_date() const;

    std::string_view type_name() const override { return "date"; }
    std::string str() const override { return isoformat(); }
    std::string repr() const override;
    jinja::Value get_attr(std::string_view name) const override;
    bool equals(const jinja::Object& other) const override;
    std::optional<jinja::Value> json() const override { return jinja::Value(http_date()); }
    jinja::Value to_value() const;

private:
    int year_, month_, day_;
};

/// Werkzeug's http_date for POSIX seconds: "Thu, 01 Jan 1970 00:00:00 GMT".
std::string http_date(std::int64_t unix_seconds);

/// Days since 1970-01-01 of a proleptic Gregorian date, and back.
std::int64_t days_from_civil(int year, int month, int day) noexcept;
void civil_from_days(std::int64_t days, int& year, int& month, int& day) noexcept;

}  // namespace flask
