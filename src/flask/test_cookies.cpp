// The test client's cookie jar, with Werkzeug's rules: cookies are stored per
// (domain, path, decoded key) in the order first set, sent to matching hosts
// and paths, and dropped only by Max-Age=0 or an Expires at the epoch (an
// Expires merely in the past keeps a cookie, as in Werkzeug's client).
#include <algorithm>
#include <charconv>

#include "flask/http.hpp"
#include "flask/testing.hpp"
#include "http/text_codec.hpp"
#include "jinja/errors.hpp"

namespace flask {
namespace {

using http_detail::ascii_lower;
// Werkzeug strips with str.strip(): any whitespace.
std::string_view trim(std::string_view s) { return http_detail::py_strip(s); }

}  // namespace

std::string FlaskClient::request_host(const Headers& headers) {
    // As urlsplit's hostname reads Host: lower case, no port, no IPv6 brackets.
    const std::string value = headers.get("Host", "localhost");
    std::string_view host = value;
    if (host.starts_with('[')) host = host.substr(1, host.find(']') - 1);
    else host = host.substr(0, host.find(':'));
    return host.empty() ? "localhost" : ascii_lower(host);
}

bool TestCookie::matches_request(std::string_view server_name, std::string_view request_path) const {
    const bool host = server_name == domain ||
                      (!origin_only && server_name.ends_with(domain) &&
                       server_name.substr(0, server_name.size() - domain.size()).ends_with('.'));
    if (!host) return false;
    if (request_path == path) return true;
    // Below the path: "/admin" covers "/admin/x" but not "/adminx"; "/admin/" covers "/admin/x".
    if (request_path.substr(0, path.size()) != path) return false;
    const std::size_t from = path.size() - (path.ends_with('/') ? 1 : 0);
    return request_path.substr(from).starts_with('/');
}

std::optional<TestCookie> TestCookie::from_response_header(std::string_view server_name,
                                                           std::string_view request_path, std::string_view header) {
    const std::size_t semi = header.find(';');
    const std::string_view pair = header.substr(0, semi);
    std::string_view attributes = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    const std::size_t eq = pair.find('=');
    TestCookie c;
    c.key = std::string(trim(pair.substr(0, eq)));
    c.value = eq == std::string_view::npos ? std::string() : std::string(trim(pair.substr(eq + 1)));
    try {
        MultiDict decoded = parse_cookie(pair);
        if (decoded.empty()) return std::nullopt;  // no name: nothing a client could send back
        c.decoded_key = decoded.items().front().first;
        c.decoded_value = decoded.items().front().second;
    } catch (const std::exception&) {
        c.decoded_key = c.key;
        c.decoded_value = c.value;
    }
    std::optional<std::string> domain, path, expires, max_age;
    bool has_domain = false;
    while (!attributes.empty()) {
        const std::size_t next = attributes.find(';');
        const std::string_view item = attributes.substr(0, next);
        attributes = next == std::string_view::npos ? std::string_view() : attributes.substr(next + 1);
        const std::size_t sep = item.find('=');
        const std::string name = ascii_lower(trim(item.substr(0, sep)));
        std::optional<std::string> value;
        if (sep != std::string_view::npos) value = std::string(trim(item.substr(sep + 1)));
        // Later attributes of one name win, as in Werkzeug's dict of parameters.
        if (name == "domain") {
            has_domain = true;
            domain = value;
        } else if (name == "path") {
            path = value;
        } else if (name == "expires") {
            expires = value;
        } else if (name == "max-age") {
            max_age = value.value_or("");
        } else if (name == "secure") {
            c.secure = true;
        } else if (name == "httponly") {
            c.http_only = true;
        } else if (name == "samesite") {
            c.same_site = value;
        }
    }
    if (expires) c.expires = parse_date(*expires);
    if (max_age) {
        long long seconds = 0;
        const std::string& text = *max_age;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), seconds);
        if (text.empty() || (r.ec == std::errc() && r.ptr == text.data() + text.size())) c.max_age = seconds;
    }
    c.domain = domain && !domain->empty() ? *domain : std::string(server_name);
    c.origin_only = !has_domain;
    if (path && !path->empty()) {
        c.path = *path;
    } else {
        // The setting request's directory: "/admin/set" -> "/admin", "/set" -> "/".
        const std::size_t slash = request_path.rfind('/');
        c.path = slash == std::string_view::npos || slash == 0 ? "/" : std::string(request_path.substr(0, slash));
    }
    return c;
}

bool TestCookie::should_delete() const {
    return (max_age && *max_age == 0) || (expires && expires->timestamp() == 0);
}

void FlaskClient::require_cookies() const {
    if (!use_cookies_) throw jinja::TypeError("Cookies are disabled. Create a client with 'use_cookies=True'.");
}

void FlaskClient::store(TestCookie cookie) {
    auto same = std::find_if(cookies_.begin(), cookies_.end(), [&](const TestCookie& c) {
        return c.domain == cookie.domain && c.path == cookie.path && c.decoded_key == cookie.decoded_key;
    });
    if (cookie.should_delete()) {
        if (same != cookies_.end()) cookies_.erase(same);
    } else if (same != cookies_.end()) {
        *same = std::move(cookie);  // keeps its place, as a dict key does
    } else {
        cookies_.push_back(std::move(cookie));
    }
}

std::string FlaskClient::cookie_header(std::string_view server_name, std::string_view path) const {
    std::string header;
    for (const TestCookie& c : cookies_) {
        if (!c.matches_request(server_name, path)) continue;
        if (!header.empty()) header += "; ";
        header += c.key + "=" + c.value;
    }
    return header;
}

std::optional<TestCookie> FlaskClient::get_cookie(std::string_view key, std::string_view domain,
                                                  std::string_view path) const {
    require_cookies();
    for (const TestCookie& c : cookies_)
        if (c.domain == domain && c.path == path && c.decoded_key == key) return c;
    return std::nullopt;
}

void FlaskClient::set_cookie(std::string_view key, std::string_view value, const ClientCookieOptions& options) {
    require_cookies();
    CookieOptions attributes = options.attributes;
    attributes.domain = options.domain;
    attributes.path = options.path;
    auto cookie = TestCookie::from_response_header(options.domain, "/", dump_cookie(key, value, attributes));
    if (!cookie) return;
    cookie->origin_only = options.origin_only;
    store(std::move(*cookie));
}

void FlaskClient::delete_cookie(std::string_view key, std::string_view domain, std::string_view path) {
    require_cookies();
    std::erase_if(cookies_, [&](const TestCookie& c) { return c.domain == domain && c.path == path && c.decoded_key == key; });
}

}  // namespace flask
