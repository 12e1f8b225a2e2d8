// Range, Content-Range and If-Range headers (werkzeug.http.parse_range_header,
// parse_content_range_header and werkzeug.datastructures.Range / ContentRange).
#include "flask/http.hpp"
#include "http/text_codec.hpp"
#include "jinja/pystr.hpp"

namespace flask {

using namespace http_detail;

bool is_byte_range_valid(std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
                         std::optional<std::int64_t> length) noexcept {
    if (start.has_value() != stop.has_value()) return false;
    if (!start) return !length || *length >= 0;
    if (!length) return 0 <= *start && *start < *stop;
    if (*start >= *stop) return false;
    return 0 <= *start && *start < *length;
}

std::string ContentRange::to_header() const {
    if (!units) return "";
    std::string length_text = length ? std::to_string(*length) : "*";
    if (!start) return *units + " */" + length_text;
    return *units + " " + std::to_string(*start) + "-" + std::to_string(stop.value_or(0) - 1) + "/" + length_text;
}

std::optional<std::pair<std::int64_t, std::int64_t>> Range::range_for_length(std::optional<std::int64_t> length) const {
    if (units != "bytes" || !length || ranges.size() != 1) return std::nullopt;
    auto [start, end] = ranges.front();
    if (!end) {
        end = *length;
        if (start < 0) start += *length;
    }
    if (is_byte_range_valid(start, end, length)) return std::make_pair(start, std::min(*end, *length));
    return std::nullopt;
}

std::optional<ContentRange> Range::make_content_range(std::optional<std::int64_t> length) const {
    auto rng = range_for_length(length);
    if (!rng) return std::nullopt;
    return ContentRange{units, rng->first, rng->second, length};
}

std::string Range::to_header() const {
    std::string out = units + "=";
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        if (i) out += ',';
        auto [begin, end] = ranges[i];
        if (!end) out += begin >= 0 ? std::to_string(begin) + "-" : std::to_string(begin);
        else out += std::to_string(begin) + "-" + std::to_string(*end - 1);
    }
    return out;
}

std::optional<std::string> Range::to_content_range_header(std::optional<std::int64_t> length) const {
    auto rng = range_for_length(length);
    if (!rng) return std::nullopt;
    return units + " " + std::to_string(rng->first) + "-" + std::to_string(rng->second - 1) + "/" +
           std::to_string(*length);
}

std::optional<Range> parse_range_header(std::optional<std::string_view> value) {
    if (!value || value->empty()) return std::nullopt;
    auto eq = value->find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    Range out;
    out.units = jinja::pystr::lower(py_strip(value->substr(0, eq)));
    std::string_view rng = value->substr(eq + 1);
    long long last_end = 0;
    while (true) {
        auto comma = rng.find(',');
        std::string_view item = py_strip(rng.substr(0, comma));
        if (item.find('-') == std::string_view::npos) return std::nullopt;
        long long begin = 0;
        std::optional<std::int64_t> end;
        if (item.front() == '-') {
            if (last_end < 0) return std::nullopt;
            if (!plain_int(item, begin)) return std::nullopt;
            last_end = -1;
        } else {
            auto dash = item.find('-');
            if (!plain_int(item.substr(0, dash), begin)) return std::nullopt;
            if (begin < last_end || last_end < 0) return std::nullopt;
            std::string_view end_text = py_strip(item.substr(dash + 1));
            if (!end_text.empty()) {
                long long e = 0;
                if (!plain_int(end_text, e)) return std::nullopt;
                end = e + 1;
                if (begin >= *end) return std::nullopt;
            }
            last_end = end ? *end : -1;
        }
        out.ranges.emplace_back(begin, end);
        if (comma == std::string_view::npos) break;
        rng.remove_prefix(comma + 1);
    }
    return out;
}

std::optional<ContentRange> parse_content_range_header(std::optional<std::string_view> value) {
    if (!value) return std::nullopt;
    auto parts = jinja::pystr::split(py_strip(*value), std::nullopt, 1);
    if (parts.size() != 2) return std::nullopt;
    const std::string& units = parts[0];
    std::string_view rangedef = parts[1];
    auto slash = rangedef.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    std::string_view rng = rangedef.substr(0, slash), length_text = rangedef.substr(slash + 1);
    std::optional<std::int64_t> length;
    if (length_text != "*") {
        long long l = 0;
        if (!plain_int(length_text, l)) return std::nullopt;
        length = l;
    }
    if (rng == "*") {
        if (!is_byte_range_valid(std::nullopt, std::nullopt, length)) return std::nullopt;
        return ContentRange{units, std::nullopt, std::nullopt, length};
    }
    auto dash = rng.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    long long start = 0, stop = 0;
    if (!plain_int(rng.substr(0, dash), start) || !plain_int(rng.substr(dash + 1), stop)) return std::nullopt;
    stop += 1;
    if (is_byte_range_valid(start, stop, length)) return ContentRange{units, start, stop, length};
    return std::nullopt;
}

Headers RequestedRangeNotSatisfiable::get_headers() const {
    Headers headers = HTTPException::get_headers();
    if (length_) headers.add("Content-Range", units_ + " */" + std::to_string(*length_));
    return headers;
}

std::string IfRange::to_header() const {
    if (date) return http_date(*date);
    if (etag) return quote_etag(*etag);
    return "";
}

IfRange parse_if_range_header(std::optional<std::string_view> value) {
    IfRange out;
    if (!value || value->empty()) return out;
    if (auto date = parse_date(value)) {
        out.date = std::move(date);
        return out;
    }
    // Ranges always use strong comparison: the weakness is dropped.
    if (auto tag = unquote_etag(value)) out.etag = tag->etag;
    return out;
}

}  // namespace flask
