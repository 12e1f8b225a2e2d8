// Conditional responses (ETag / Last-Modified validators), as Werkzeug's
// Response.make_conditional and is_resource_modified.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flask/response.hpp"

namespace flask {

namespace {

struct ETags {
    std::vector<std::string> strong, weak;
    bool star = false;
    bool empty() const { return strong.empty() && weak.empty() && !star; }
};

/// werkzeug.http.parse_etags: a comma list of (W/)"tag" or *.
ETags parse_etags(std::string_view value) {
    ETags out;
    std::size_t i = 0;
    while (i < value.size()) {
        while (i < value.size() && (value[i] == ' ' || value[i] == '\t' || value[i] == ',')) ++i;
        if (i >= value.size()) break;
        if (value[i] == '*') {
            out.star = true;
            ++i;
            continue;
        }
        bool weak = false;
        if (value.substr(i, 2) == "W/" || value.substr(i, 2) == "w/") {
            weak = true;
            i += 2;
        }
        if (i < value.size() && value[i] == '"') {
            auto end = value.find('"', i + 1);
            if (end == std::string_view::npos) break;
            std::string tag(value.substr(i + 1, end - i - 1));
            (weak ? out.weak : out.strong).push_back(std::move(tag));
            i = end + 1;
        } else {
            auto end = value.find(',', i);
            std::string tag(value.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
            while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.pop_back();
            (weak ? out.weak : out.strong).push_back(std::move(tag));
            i = end == std::string_view::npos ? value.size() : end;
        }
    }
    return out;
}

/// The opaque tag of an ETag header value and whether it is weak.
std::pair<std::string, bool> unquote_etag(std::string_view etag) {
    bool weak = false;
    if (etag.substr(0, 2) == "W/" || etag.substr(0, 2) == "w/") {
        weak = true;
        etag.remove_prefix(2);
    }
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
    return {std::string(etag), weak};
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    for (const auto& x : v)
        if (x == s) return true;
    return false;
}

}  // namespace

Response& Response::make_conditional(const wsgi::Environ& environ) {
    if (environ.request_method != "GET" && environ.request_method != "HEAD") return *this;
    bool unmodified = false;
    auto etag_header = headers.get("ETag");
    auto if_none_match = parse_etags(environ.headers.get("If-None-Match", ""));
    auto if_match = parse_etags(environ.headers.get("If-Match", ""));
    if (etag_header) {
        auto [tag, weak] = unquote_etag(*etag_header);
        (void)weak;
        if (!if_none_match.empty())
            unmodified = if_none_match.star || contains(if_none_match.strong, tag) || contains(if_none_match.weak, tag);
        if (!if_match.empty()) unmodified = !(if_match.star || contains(if_match.strong, tag));
    }
    auto last_modified = headers.get("Last-Modified");
    auto if_modified_since = environ.headers.get("If-Modified-Since");
    if (last_modified && if_modified_since && if_none_match.empty() && *last_modified == *if_modified_since)
        unmodified = true;
    if (unmodified) set_status(if_match.empty() ? 304 : 412);
    return *this;
}

}  // namespace flask
