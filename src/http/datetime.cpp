#include "flask/datetime.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace flask {

namespace {

constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

void check_date(int y, int m, int d) {
    if (y < 1 || y > 9999) throw jinja::ValueError("year " + std::to_string(y) + " is out of range");
    if (m < 1 || m > 12) throw jinja::ValueError("month must be in 1..12");
    if (d < 1 || d > days_in_month(y, m)) throw jinja::ValueError("day is out of range for month");
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// "Tue, 02 Jan 2024 03:04:05 GMT" from days since the epoch and seconds of day.
std::string format_http(std::int64_t days, int sod) {
    int y, m, d;
    civil_from_days(days, y, m, d);
    int wd = static_cast<int>(((days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday (3)
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kWeekdays[wd], d, kMonths[m - 1], y,
                  sod / 3600, sod / 60 % 60, sod % 60);
    return buf;
}

// Reads exactly n digits at text[pos]; -1 if they are not all digits.
int digits(std::string_view text, std::size_t pos, std::size_t n) {
    if (pos + n > text.size()) return -1;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        v = v * 10 + (text[i] - '0');
    }
    return v;
}

// Parses YYYY-MM-DD or YYYYMMDD at the start; returns the length used (0 on failure).
std::size_t parse_date_part(std::string_view text, int& y, int& m, int& d) {
    y = digits(text, 0, 4);
    if (y < 0) return 0;
    if (text.size() > 4 && text[4] == '-') {
        m = digits(text, 5, 2);
        if (m < 0 || text.size() < 8 || text[7] != '-') return 0;
        d = digits(text, 8, 2);
        return d < 0 ? 0 : 10;
    }
    m = digits(text, 4, 2);
    d = digits(text, 6, 2);
    return m < 0 || d < 0 ? 0 : 8;
}

std::string offset_text(int offset) {
    char sign = offset < 0 ? '-' : '+';
    int a = std::abs(offset);
    char buf[16];
    if (a % 60)
        std::snprintf(buf, sizeof buf, "%c%02d:%02d:%02d", sign, a / 3600, a / 60 % 60, a % 60);
    else
        std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, a / 3600, a / 60 % 60);
    return buf;
}

}  // namespace

std::int64_t days_from_civil(int year, int month, int day) noexcept {
    // Shift the year to start in March so the leap day is last.
    std::int64_t y = year - (month <= 2 ? 1 : 0);
    std::int64_t era = floor_div(y, 400);
    std::int64_t yoe = y - era * 400;
    std::int64_t mp = (month + 9) % 12;  // March = 0
    std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
    std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t days, int& year, int& month, int& day) noexcept {
    days += 719468;
    std::int64_t era = floor_div(days, 146097);
    std::int64_t doe = days - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

std::string http_date(std::int64_t unix_seconds) {
    std::int64_t days = floor_div(unix_seconds, 86400);
    return format_http(days, static_cast<int>(unix_seconds - days * 86400));
}

// ---- DateTime ---------------------------------------------------------------

DateTime::DateTime(int year, int month, int day, int hour, int minute, int second, int microsecond,
                   std::optional<int> utc_offset_seconds)
    : year_(year),
      month_(month),
      day_(day),
      hour_(hour),
      minute_(minute),
      second_(second),
      microsecond_(microsecond),
      offset_(utc_offset_seconds) {
    check_date(year, month, day);
    if (hour < 0 || hour > 23) throw jinja::ValueError("hour must be in 0..23");
    if (minute < 0 || minute > 59) throw jinja::ValueError("minute must be in 0..59");
    if (second < 0 || second > 59) throw jinja::ValueError("second must be in 0..59");
    if (microsecond < 0 || microsecond > 999999) throw jinja::ValueError("microsecond must be in 0..999999");
    if (offset_ && (*offset_ <= -86400 || *offset_ >= 86400))
        throw jinja::ValueError("offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).");
}

DateTime DateTime::from_timestamp(std::int64_t seconds, int microsecond) {
    std::int64_t days = floor_div(seconds, 86400);
    auto sod = static_cast<int>(seconds - days * 86400);
    int y, m, d;
    civil_from_days(days, y, m, d);
    return DateTime(y, m, d, sod / 3600, sod / 60 % 60, sod % 60, microsecond, 0);
}

DateTime DateTime::from_timestamp(double seconds) {
    double whole = std::floor(seconds);
    auto us = static_cast<int>(std::lround((seconds - whole) * 1e6));  // Python rounds half-even; close enough
    auto s = static_cast<std::int64_t>(whole);
    if (us >= 1000000) {
        us -= 1000000;
        ++s;
    }
    return from_timestamp(s, us);
}

DateTime DateTime::now_utc() {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
    std::int64_t s = floor_div(us, 1000000);
    return from_timestamp(s, static_cast<int>(us - s * 1000000));
}

std::optional<DateTime> DateTime::fromisoformat(std::string_view text) {
    int y, mo, d;
    std::size_t pos = parse_date_part(text, y, mo, d);
    if (!pos) return std::nullopt;
    int h = 0, mi = 0, s = 0, us = 0;
    std::optional<int> offset;
    if (pos < text.size()) {
        ++pos;  // any one-character separator
        h = digits(text, pos, 2);
        if (h < 0) return std::nullopt;
        pos += 2;
        bool extended = pos < text.size() && text[pos] == ':';
        auto field = [&](int& out) {
            std::size_t at = pos + (extended ? 1 : 0);
            if (extended ? (pos < text.size() && text[pos] == ':') : (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')) {
                out = digits(text, at, 2);
                if (out < 0) return false;
                pos = at + 2;
            }
            return true;
        };
        if (!field(mi) || !field(s)) return std::nullopt;
        if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
            ++pos;
            std::size_t n = 0;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                if (n < 6) us = us * 10 + (text[pos] - '0');
                ++n;
                ++pos;
            }
            if (n == 0) return std::nullopt;
            for (; n < 6; ++n) us *= 10;
        }
        if (pos < text.size()) {
            char sign = text[pos];
            if (sign == 'Z') {
                offset = 0;
                ++pos;
            } else if (sign == '+' || sign == '-') {
                ++pos;
                int oh = digits(text, pos, 2);
                if (oh < 0) return std::nullopt;
                pos += 2;
                int om = 0, os = 0;
                bool colon = pos < text.size() && text[pos] == ':';
                for (int* part : {&om, &os}) {
                    if (pos >= text.size()) break;
                    std::size_t at = pos + (colon ? 1 : 0);
                    *part = digits(text, at, 2);
                    if (*part < 0) return std::nullopt;
                    pos = at + 2;
                }
                offset = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60 + os);
            } else {
                return std::nullopt;
            }
        }
        if (pos != text.size()) return std::nullopt;
    }
    try {
        return DateTime(y, mo, d, h, mi, s, us, offset);
    } catch (const jinja::ValueError&) {
        return std::nullopt;
    }
}

std::int64_t DateTime::timestamp() const noexcept {
    return days_from_civil(year_, month_, day_) * 86400 + hour_ * 3600 + minute_ * 60 + second_ - offset_.value_or(0);
}

DateTime DateTime::to_utc() const { return from_timestamp(timestamp(), microsecond_); }

Date DateTime::date() const { return Date(year_, month_, day_); }

std::string DateTime::isoformat(char sep) const {
    char buf[48];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d", year_, month_, day_, sep, hour_, minute_,
                          second_);
    std::string out(buf, static_cast<std::size_t>(n));
    if (microsecond_) {
        std::snprintf(buf, sizeof buf, ".%06d", microsecond_);
        out += buf;
    }
    if (offset_) out += offset_text(*offset_);
    return out;
}

std::string DateTime::http_date() const { return flask::http_date(timestamp()); }

std::string DateTime::repr() const {
    std::string out = "datetime.datetime(" + std::to_string(year_) + ", " + std::to_string(month_) + ", " +
                      std::to_string(day_) + ", " + std::to_string(hour_) + ", " + std::to_string(minute_);
    if (second_ || microsecond_) out += ", " + std::to_string(second_);
    if (microsecond_) out += ", " + std::to_string(microsecond_);
    if (offset_) {
        if (*offset_ == 0) {
            out += ", tzinfo=datetime.timezone.utc";
        } else {
            int off = *offset_;
            std::string td = off < 0 ? "days=-1, seconds=" + std::to_string(off + 86400) : "seconds=" + std::to_string(off);
            out += ", tzinfo=datetime.timezone(datetime.timedelta(" + td + "))";
        }
    }
    return out + ")";
}

jinja::Value DateTime::get_attr(std::string_view name) const {
    if (name == "year") return year_;
    if (name == "month") return month_;
    if (name == "day") return day_;
    if (name == "hour") return hour_;
    if (name == "minute") return minute_;
    if (name == "second") return second_;
    if (name == "microsecond") return microsecond_;
    return Object::get_attr(name);
}

bool DateTime::equals(const jinja::Object& other) const {
    auto* o = dynamic_cast<const DateTime*>(&other);
    if (!o || aware() != o->aware()) return false;
    if (aware()) return timestamp() == o->timestamp() && microsecond_ == o->microsecond_;
    return year_ == o->year_ && month_ == o->month_ && day_ == o->day_ && hour_ == o->hour_ &&
           minute_ == o->minute_ && second_ == o->second_ && microsecond_ == o->microsecond_;
}

jinja::Value DateTime::to_value() const { return jinja::Value(std::make_shared<DateTime>(*this)); }

// ---- Date -------------------------------------------------------------------

Date::Date(int year, int month, int day) : year_(year), month_(month), day_(day) { check_date(year, month, day); }

std::optional<Date> Date::fromisoformat(std::string_view text) {
    int y, m, d;
    std::size_t n = parse_date_part(text, y, m, d);
    if (!n || n != text.size()) return std::nullopt;
    try {
        return Date(y, m, d);
    } catch (const jinja::ValueError&) {
        return std::nullopt;
    }
}

Date Date::today_utc() { return DateTime::now_utc().date(); }

int Date::weekday() const noexcept {
    std::int64_t days = days_from_civil(year_, month_, day_);
    return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

std::string Date::isoformat() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year_, month_, day_);
    return buf;
}

std::string Date::http_date() const { return format_http(days_from_civil(year_, month_, day_), 0); }

std::string Date::repr() const {
    return "datetime.date(" + std::to_string(year_) + ", " + std::to_string(month_) + ", " + std::to_string(day_) + ")";
}

jinja::Value Date::get_attr(std::string_view name) const {
    if (name == "year") return year_;
    if (name == "month") return month_;
    if (name == "day") return day_;
    return Object::get_attr(name);
}

bool Date::equals(const jinja::Object& other) const {
    auto* o = dynamic_cast<const Date*>(&other);
    return o && year_ == o->year_ && month_ == o->month_ && day_ == o->day_;
}

jinja::Value Date::to_value() const { return jinja::Value(std::make_shared<Date>(*this)); }

}  // namespace flask
