// ETags and conditional requests: generate_etag, quote_etag, unquote_etag,
// parse_etags, is_resource_modified, and the entity / hop-by-hop header sets.
#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

#include "flask/http.hpp"
#include "http/text_codec.hpp"

namespace flask {

using namespace http_detail;

std::string generate_etag(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha1(), nullptr) != 1)
        throw std::runtime_error("SHA-1 digest failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

std::string quote_etag(std::string_view etag, bool weak) {
    if (etag.find('"') != std::string_view::npos) throw jinja::ValueError("invalid etag");
    std::string out = weak ? "W/\"" : "\"";
    out += etag;
    out += '"';
    return out;
}

std::optional<UnquotedETag> unquote_etag(std::optional<std::string_view> etag) {
    if (!etag || etag->empty()) return std::nullopt;
    std::string_view e = py_strip(*etag);
    UnquotedETag out;
    if (e.substr(0, 2) == "W/" || e.substr(0, 2) == "w/") {
        out.weak = true;
        e.remove_prefix(2);
    }
    // etag[:1] == etag[-1:] == '"': a lone `"` counts too.
    if (!e.empty() && e.front() == '"' && e.back() == '"') e = e.size() >= 2 ? e.substr(1, e.size() - 2) : std::string_view();
    out.etag = std::string(e);
    return out;
}

ETags::ETags(std::vector<std::string> strong, std::vector<std::string> weak, bool star_tag) : star_(star_tag) {
    if (!star_tag) strong_.insert(strong.begin(), strong.end());
    weak_.insert(weak.begin(), weak.end());
}

bool ETags::is_weak(std::string_view etag) const { return weak_.find(etag) != weak_.end(); }
bool ETags::is_strong(std::string_view etag) const { return strong_.find(etag) != strong_.end(); }
bool ETags::contains_weak(std::string_view etag) const { return is_weak(etag) || contains(etag); }
bool ETags::contains(std::string_view etag) const { return star_ || is_strong(etag); }

bool ETags::contains_raw(std::string_view etag) const {
    auto tag = unquote_etag(etag);
    if (!tag) return false;  // Werkzeug compares None, which nothing equals
    return tag->weak ? contains_weak(tag->etag) : contains(tag->etag);
}

std::vector<std::string> ETags::as_set(bool include_weak) const {
    std::set<std::string, std::less<>> all = strong_;
    if (include_weak) all.insert(weak_.begin(), weak_.end());
    return {all.begin(), all.end()};
}

std::string ETags::to_header() const {
    if (star_) return "*";
    std::string out;
    for (const auto& s : strong_) out += (out.empty() ? "\"" : ", \"") + s + "\"";
    for (const auto& w : weak_) out += (out.empty() ? "W/\"" : ", W/\"") + w + "\"";
    return out;
}

namespace {

/// `$` without MULTILINE: the end, or just before a final newline.
bool at_end(std::string_view s, std::size_t i) { return i == s.size() || (i + 1 == s.size() && s[i] == '\n'); }

/// `(?:\s*,\s*|$)` at `i`: the end of the separator, or npos.
std::size_t match_separator(std::string_view s, std::size_t i) {
    std::size_t j = i;
    while (j < s.size() && re_space(s[j])) ++j;
    if (j < s.size() && s[j] == ',') {
        ++j;
        while (j < s.size() && re_space(s[j])) ++j;
        return j;
    }
    return at_end(s, i) ? i : std::string_view::npos;
}

}  // namespace

ETags parse_etags(std::optional<std::string_view> input) {
    ETags out;
    if (!input || input->empty()) return out;
    std::string_view value = *input;
    std::vector<std::string> strong, weak;
    bool null_tag = false;
    std::size_t pos = 0;
    // _etag_re = ([Ww]/)?(?:"(.*?)"|(.*?))(?:\s*,\s*|$), matched repeatedly.
    while (pos < value.size()) {
        bool matched = false;
        for (int with_prefix = 1; with_prefix >= 0 && !matched; --with_prefix) {
            std::size_t p = pos;
            bool is_weak = false;
            if (with_prefix) {
                if (!(p + 1 < value.size() && (value[p] == 'W' || value[p] == 'w') && value[p + 1] == '/')) continue;
                is_weak = true;
                p += 2;
            }
            std::optional<std::string> quoted, raw;
            std::size_t end = std::string_view::npos;
            if (p < value.size() && value[p] == '"') {
                for (std::size_t q = p + 1; q < value.size() && value[q] != '\n'; ++q) {
                    if (value[q] != '"') continue;
                    if (auto e = match_separator(value, q + 1); e != std::string_view::npos) {
                        quoted = std::string(value.substr(p + 1, q - p - 1));
                        end = e;
                        break;
                    }
                }
            }
            if (!quoted) {
                for (std::size_t q = p; q <= value.size(); ++q) {
                    if (auto e = match_separator(value, q); e != std::string_view::npos) {
                        raw = std::string(value.substr(p, q - p));
                        end = e;
                        break;
                    }
                    if (q < value.size() && value[q] == '\n') break;
                }
            }
            if (end == std::string_view::npos) continue;
            matched = true;
            if (raw && *raw == "*") return ETags::star();
            if (quoted && quoted->empty()) null_tag = true;  // Werkzeug keeps None for `""`
            else (is_weak ? weak : strong).push_back(quoted ? *quoted : *raw);
            if (end == pos) return ETags(std::move(strong), std::move(weak));  // no progress
            pos = end;
        }
        if (!matched) break;
    }
    out = ETags(std::move(strong), std::move(weak));
    out.null_tag_ = null_tag;
    return out;
}

bool is_resource_modified(const Headers& request_headers, std::optional<std::string_view> etag,
                          std::optional<std::string_view> data, std::optional<DateTime> last_modified,
                          bool ignore_if_range) {
    std::string generated;
    if (!etag && data) {
        generated = generate_etag(*data);
        etag = generated;
    } else if (data) {
        throw std::invalid_argument("both data and etag given");
    }
    bool unmodified = false;
    // HTTP has no microseconds; naive values are UTC.
    std::optional<std::pair<std::int64_t, int>> modified;
    if (last_modified) modified = std::make_pair(last_modified->timestamp(), 0);

    std::optional<IfRange> if_range;
    if (!ignore_if_range && request_headers.contains("Range"))
        if_range = parse_if_range_header(request_headers.get("If-Range"));

    std::optional<DateTime> modified_since;
    if (if_range && if_range->date) modified_since = if_range->date;
    else modified_since = parse_date(request_headers.get("If-Modified-Since"));

    if (modified_since && modified &&
        *modified <= std::make_pair(modified_since->timestamp(), modified_since->microsecond()))
        unmodified = true;

    if (etag && !etag->empty()) {
        std::string tag = unquote_etag(etag)->etag;
        if (if_range && if_range->etag) {
            unmodified = parse_etags(*if_range->etag).contains(tag);
        } else {
            auto if_none_match = parse_etags(request_headers.get("If-None-Match"));
            // RFC 7232 3.2: weak comparison for If-None-Match.
            if (if_none_match) unmodified = if_none_match.contains_weak(tag);
            // RFC 7232 3.1: strong comparison for If-Match.
            auto if_match = parse_etags(request_headers.get("If-Match"));
            if (if_match) unmodified = !if_match.is_strong(tag);
        }
    }
    return !unmodified;
}

bool is_resource_modified(const Headers& request_headers, std::optional<std::string_view> etag,
                          std::optional<std::string_view> data, std::string_view last_modified, bool ignore_if_range) {
    return is_resource_modified(request_headers, etag, data, parse_date(last_modified), ignore_if_range);
}

namespace {
constexpr std::string_view kEntityHeaders[] = {"allow",        "content-encoding", "content-language", "content-length",
                                               "content-location", "content-md5",  "content-range",    "content-type",
                                               "expires",      "last-modified"};
constexpr std::string_view kHopByHopHeaders[] = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                                                 "te",         "trailer",    "transfer-encoding",  "upgrade"};
}  // namespace

bool is_entity_header(std::string_view name) noexcept {
    for (auto h : kEntityHeaders)
        if (iequals(h, name)) return true;
    return false;
}

bool is_hop_by_hop_header(std::string_view name) noexcept {
    for (auto h : kHopByHopHeaders)
        if (iequals(h, name)) return true;
    return false;
}

void remove_entity_headers(Headers& headers, const std::vector<std::string_view>& allowed) {
    Headers kept;
    kept.reserve(headers.size());
    for (auto& [name, value] : headers) {
        bool allow = std::any_of(allowed.begin(), allowed.end(), [&](std::string_view a) { return iequals(a, name); });
        if (!is_entity_header(name) || allow) kept.add(std::move(name), std::move(value));
    }
    headers = std::move(kept);
}

}  // namespace flask
