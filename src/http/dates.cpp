// HTTP dates: http_date for every accepted type, and parse_date as
// email.utils.parsedate_to_datetime parses (then made aware, as Werkzeug does).
#include <array>
#include <chrono>
#include <cmath>

#include "flask/http.hpp"
#include "http/text_codec.hpp"
#include "jinja/pystr.hpp"

namespace flask {

using namespace http_detail;
namespace pystr = jinja::pystr;

double unix_now() {
    using namespace std::chrono;
    return duration_cast<duration<double>>(system_clock::now().time_since_epoch()).count();
}

std::string http_date(double unix_seconds) {
    // datetime.fromtimestamp: microseconds rounded half-even, carried into the seconds.
    double whole = std::floor(unix_seconds);
    double us = std::nearbyint((unix_seconds - whole) * 1e6);
    auto seconds = static_cast<std::int64_t>(whole);
    if (us >= 1e6) ++seconds;
    return http_date(seconds);
}

std::string http_date(const DateTime& when) { return when.http_date(); }
std::string http_date(const Date& when) { return when.http_date(); }
std::string http_date() { return http_date(unix_now()); }

HttpTimestamp::HttpTimestamp(const DateTime& when) : value_(when.http_date()) {}
HttpTimestamp::HttpTimestamp(const Date& when) : value_(when.http_date()) {}

std::string HttpTimestamp::http_date() const {
    if (const auto* s = std::get_if<std::string>(&value_)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&value_)) return flask::http_date(*i);
    return flask::http_date(std::get<double>(value_));
}

namespace {

constexpr std::array<std::string_view, 24> kMonthNames = {
    "jan",     "feb",      "mar",   "apr",   "may",  "jun",  "jul",    "aug",       "sep",     "oct",      "nov",      "dec",
    "january", "february", "march", "april", "may",  "june", "july",   "august",    "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kDayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

struct Zone {
    std::string_view name;
    int offset;  // as written: -500 is five hours west
};
constexpr std::array<Zone, 14> kZones = {{{"UT", 0},
                                          {"UTC", 0},
                                          {"GMT", 0},
                                          {"Z", 0},
                                          {"AST", -400},
                                          {"ADT", -300},
                                          {"EST", -500},
                                          {"EDT", -400},
                                          {"CST", -600},
                                          {"CDT", -500},
                                          {"MST", -700},
                                          {"MDT", -600},
                                          {"PST", -800},
                                          {"PDT", -700}}};

int month_index(std::string_view lowered) {
    for (std::size_t i = 0; i < kMonthNames.size(); ++i)
        if (kMonthNames[i] == lowered) return static_cast<int>(i);
    return -1;
}

bool ends_with(std::string_view s, char c) { return !s.empty() && s.back() == c; }

std::optional<long long> py_int(std::string_view s) { return python_int(s); }

}  // namespace

std::optional<DateTime> parse_date(std::optional<std::string_view> input) {
    if (!input || input->empty()) return std::nullopt;
    std::vector<std::string> data = pystr::split(*input);
    if (data.empty()) return std::nullopt;
    // An optional day name (the weekday is ignored).
    if (ends_with(data[0], ',') || [&] {
            auto l = pystr::lower(data[0]);
            for (auto d : kDayNames)
                if (l == d) return true;
            return false;
        }()) {
        data.erase(data.begin());
    } else if (auto i = data[0].rfind(','); i != std::string::npos) {
        data[0] = data[0].substr(i + 1);
    }
    if (data.size() == 3) {  // RFC 850: dd-mon-yy
        std::vector<std::string> stuff;
        std::string_view d0 = data[0];
        std::size_t start = 0;
        while (true) {
            auto dash = d0.find('-', start);
            stuff.emplace_back(d0.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start));
            if (dash == std::string_view::npos) break;
            start = dash + 1;
        }
        if (stuff.size() == 3) {
            stuff.push_back(data[1]);
            stuff.push_back(data[2]);
            data = std::move(stuff);
        }
    }
    if (data.size() == 4) {
        std::string s = data[3];
        auto i = s.find('+');
        if (i == std::string::npos) i = s.find('-');
        if (i != std::string::npos && i > 0) {
            data[3] = s.substr(0, i);
            data.push_back(s.substr(i));
        } else {
            data.emplace_back();  // dummy zone
        }
    }
    if (data.size() < 5) return std::nullopt;
    std::string dd = data[0], mm = data[1], yy = data[2], tm = data[3], tz = data[4];
    if (dd.empty() || mm.empty() || yy.empty()) return std::nullopt;
    mm = pystr::lower(mm);
    int month = month_index(mm);
    if (month < 0) {
        std::string lowered_dd = pystr::lower(dd);
        dd = mm;
        mm = lowered_dd;
        month = month_index(mm);
        if (month < 0) return std::nullopt;
    }
    month = month % 12 + 1;
    if (ends_with(dd, ',')) dd.pop_back();
    if (auto colon = yy.find(':'); colon != std::string::npos && colon > 0) std::swap(yy, tm);
    if (ends_with(yy, ',')) {
        yy.pop_back();
        if (yy.empty()) return std::nullopt;
    }
    {
        std::size_t p = 0;
        char32_t first = yy.empty() ? 0 : pystr::decode_utf8(yy, p);
        bool digit = first >= '0' && first <= '9';
        if (!digit) std::swap(yy, tz);
    }
    if (ends_with(tm, ',')) tm.pop_back();
    std::vector<std::string> parts = pystr::split(tm, std::string_view(":"));
    std::string thh, tmm, tss = "0";
    if (parts.size() == 2) {
        thh = parts[0];
        tmm = parts[1];
    } else if (parts.size() == 3) {
        thh = parts[0];
        tmm = parts[1];
        tss = parts[2];
    } else if (parts.size() == 1 && parts[0].find('.') != std::string::npos) {
        auto dotted = pystr::split(parts[0], std::string_view("."));
        if (dotted.size() == 2) {
            thh = dotted[0];
            tmm = dotted[1];
        } else if (dotted.size() == 3) {
            thh = dotted[0];
            tmm = dotted[1];
            tss = dotted[2];
        } else {
            return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    auto year = py_int(yy), day = py_int(dd), hour = py_int(thh), minute = py_int(tmm), second = py_int(tss);
    if (!year || !day || !hour || !minute || !second) return std::nullopt;
    long long y = *year;
    if (y < 100) y += y > 68 ? 1900 : 2000;

    std::optional<long long> offset;
    std::string zone = pystr::upper(tz);
    bool named = false;
    for (const auto& z : kZones) {
        if (z.name == zone) {
            offset = z.offset;
            named = true;
        }
    }
    if (!named) {
        offset = py_int(zone);
        if (offset && *offset == 0 && !zone.empty() && zone.front() == '-') offset.reset();
    }
    std::optional<long long> offset_seconds;
    if (offset) {
        long long v = *offset;
        long long sign = v < 0 ? -1 : 1;
        if (v < 0) v = -v;
        offset_seconds = sign * ((v / 100) * 3600 + (v % 100) * 60);
    }
    // No zone (or -0000): naive, which Werkzeug marks as UTC.
    long long off = offset_seconds.value_or(0);
    auto fits = [](long long v, long long lo, long long hi) { return v >= lo && v <= hi; };
    if (!fits(y, 1, 9999) || !fits(*day, 1, 31) || !fits(*hour, 0, 23) || !fits(*minute, 0, 59) ||
        !fits(*second, 0, 59) || off <= -86400 || off >= 86400)
        return std::nullopt;
    try {
        return DateTime(static_cast<int>(y), month, static_cast<int>(*day), static_cast<int>(*hour),
                        static_cast<int>(*minute), static_cast<int>(*second), 0, static_cast<int>(off));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace flask
