#include "server/http_text.hpp"

#include <ctime>
#include <utility>
#include <vector>

#include "flask/exceptions.hpp"

namespace flask::server {
namespace {

constexpr const char* day_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void put2(char* p, int v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
}

// Fixed 29-byte layout "Sun, 06 Nov 1994 08:49:37 GMT".
void format_into(char* out, std::time_t t) {
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    std::string_view day = day_names[tm.tm_wday], mon = month_names[tm.tm_mon];
    out[0] = day[0], out[1] = day[1], out[2] = day[2], out[3] = ',', out[4] = ' ';
    put2(out + 5, tm.tm_mday);
    out[7] = ' ';
    out[8] = mon[0], out[9] = mon[1], out[10] = mon[2], out[11] = ' ';
    int year = tm.tm_year + 1900;
    put2(out + 12, year / 100 % 100);
    put2(out + 14, year % 100);
    out[16] = ' ';
    put2(out + 17, tm.tm_hour);
    out[19] = ':';
    put2(out + 20, tm.tm_min);
    out[22] = ':';
    put2(out + 23, tm.tm_sec);
    out[25] = ' ', out[26] = 'G', out[27] = 'M', out[28] = 'T';
}

}  // namespace

std::string_view http_date_now() {
    thread_local std::time_t cached_second = -1;
    thread_local char cached[29];
    std::time_t now = std::time(nullptr);  // vDSO: no syscall
    if (now != cached_second) {
        format_into(cached, now);
        cached_second = now;
    }
    return {cached, sizeof cached};
}

std::string format_http_date(long long unix_seconds) {
    char buf[29];
    format_into(buf, static_cast<std::time_t>(unix_seconds));
    return {buf, sizeof buf};
}

std::string_view reason_phrase(int status) noexcept {
    auto reason = status_reason(status);
    return reason.empty() ? std::string_view("Error") : reason;
}

std::string_view error_page(int status) noexcept {
    // The same pages the app layer renders (HTTPException::get_body), built
    // once for the statuses the server answers itself; anything else is a 400.
    static const auto pages = [] {
        std::vector<std::pair<int, std::string>> out;
        for (int code : {400, 408, 413, 414, 431, 500, 501, 503, 505})
            out.emplace_back(code, HTTPException(code).get_body());
        return out;
    }();
    for (const auto& [code, page] : pages)
        if (code == status) return page;
    return pages.front().second;
}

void build_error_response(std::string& out, int status, bool head_request) {
    std::string_view page = error_page(status);
    out.clear();
    out += "HTTP/1.1 ";
    out += std::to_string(status);
    out += ' ';
    out += reason_phrase(status);
    out += "\r\nDate: ";
    out += http_date_now();
    out += "\r\nServer: flaskcpp\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ";
    out += std::to_string(page.size());
    out += "\r\nConnection: close\r\n\r\n";
    if (!head_request) out += page;
}

}  // namespace flask::server
