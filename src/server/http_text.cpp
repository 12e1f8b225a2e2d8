#include "server/http_text.hpp"

#include <ctime>

namespace flask::server {
namespace {

#define FLASKPP_PAGE(code, title, text) \
    "<!doctype html>\n<html lang=en>\n<title>" #code " " title "</title>\n<h1>" title "</h1>\n<p>" text "</p>\n"

constexpr std::string_view page_400 = FLASKPP_PAGE(
    400, "Bad Request", "The browser (or proxy) sent a request that this server could not understand.");
constexpr std::string_view page_408 = FLASKPP_PAGE(
    408, "Request Timeout",
    "The server closed the network connection because the browser didn&#39;t finish the request within the "
    "specified time.");
constexpr std::string_view page_413 = FLASKPP_PAGE(
    413, "Request Entity Too Large", "The data value transmitted exceeds the capacity limit.");
constexpr std::string_view page_414 = FLASKPP_PAGE(
    414, "Request URI Too Long",
    "The length of the requested URL exceeds the capacity limit for this server. The request cannot be "
    "processed.");
constexpr std::string_view page_431 = FLASKPP_PAGE(
    431, "Request Header Fields Too Large", "One or more header fields exceeds the maximum size.");
constexpr std::string_view page_500 = FLASKPP_PAGE(
    500, "Internal Server Error",
    "The server encountered an internal error and was unable to complete your request. Either the server is "
    "overloaded or there is an error in the application.");
constexpr std::string_view page_501 = FLASKPP_PAGE(
    501, "Not Implemented", "The server does not support the action requested by the browser.");
constexpr std::string_view page_503 = FLASKPP_PAGE(
    503, "Service Unavailable",
    "The server is temporarily unable to service your request due to maintenance downtime or capacity "
    "problems. Please try again later.");
constexpr std::string_view page_505 = FLASKPP_PAGE(
    505, "HTTP Version Not Supported",
    "The server does not support the HTTP protocol version used in the request.");

#undef FLASKPP_PAGE

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
    switch (status) {
        case 400: return "Bad Request";
        case 408: return "Request Timeout";
        case 413: return "Request Entity Too Large";
        case 414: return "Request URI Too Long";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 503: return "Service Unavailable";
        case 505: return "HTTP Version Not Supported";
        default: return "Error";
    }
}

std::string_view error_page(int status) noexcept {
    switch (status) {
        case 408: return page_408;
        case 413: return page_413;
        case 414: return page_414;
        case 431: return page_431;
        case 500: return page_500;
        case 501: return page_501;
        case 503: return page_503;
        case 505: return page_505;
        default: return page_400;
    }
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
