#include "flask/request.hpp"

#include <algorithm>
#include <cctype>

#include "flask/app.hpp"
#include "flask/context_state.hpp"
#include "flask/forms.hpp"
#include "flask/json.hpp"
#include "flask/urls.hpp"

namespace flask {

namespace {

struct RequestEntityTooLarge : HTTPException {
    RequestEntityTooLarge() : HTTPException(413) {}
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// werkzeug.sansio.utils.get_current_url: quoted root path and path, optional query.
std::string current_url(const Request& r, bool with_root, bool with_path, bool with_query) {
    std::string url = r.scheme() + "://" + r.host();
    if (!with_root) return url + "/";
    std::string root = r.environ().script_name;
    while (!root.empty() && root.back() == '/') root.pop_back();
    url += url_quote(root, "/");
    url += "/";
    if (!with_path) return url;
    std::string path = r.path();
    url += url_quote(std::string_view(path).substr(1), "/");
    if (with_query && !r.query_string().empty()) url += "?" + url_quote(r.query_string(), ":&%=+$!*'(),");
    return url;
}

}  // namespace

RequestState& Request::state() const {
    if (bound_) return *bound_;
    return detail::require_request_context().request;
}

const wsgi::Environ& Request::environ() const { return state().environ; }
const std::string& Request::method() const { return state().environ.request_method; }

std::string Request::path() const {
    std::string_view p = state().environ.path_info;
    while (!p.empty() && p.front() == '/') p.remove_prefix(1);
    return "/" + std::string(p);
}

std::string Request::full_path() const { return path() + "?" + query_string(); }

std::string Request::script_root() const {
    std::string root = state().environ.script_name;
    while (!root.empty() && root.back() == '/') root.pop_back();
    return root;
}

std::string Request::url() const { return current_url(*this, true, true, true); }
std::string Request::base_url() const { return current_url(*this, true, true, false); }
std::string Request::url_root() const { return current_url(*this, true, false, false); }
std::string Request::host_url() const { return current_url(*this, false, false, false); }

std::string Request::host() const {
    const auto& env = state().environ;
    std::string host = env.host();
    const auto& scheme = env.url_scheme;
    auto strip_port = [&](std::string_view port) {
        if (host.size() > port.size() && host.compare(host.size() - port.size(), port.size(), port) == 0)
            host.resize(host.size() - port.size());
    };
    if (scheme == "http" || scheme == "ws") strip_port(":80");
    if (scheme == "https" || scheme == "wss") strip_port(":443");
    return host;
}

const std::string& Request::scheme() const { return state().environ.url_scheme; }
const std::string& Request::query_string() const { return state().environ.query_string; }
const std::string& Request::remote_addr() const { return state().environ.remote_addr; }

std::vector<std::string> Request::access_route() const {
    std::vector<std::string> out;
    if (auto forwarded = headers().get("X-Forwarded-For")) {
        std::string_view rest = *forwarded;
        while (!rest.empty()) {
            auto comma = rest.find(',');
            auto part = trim(rest.substr(0, comma));
            if (!part.empty()) out.emplace_back(part);
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
        return out;
    }
    if (!remote_addr().empty()) out.push_back(remote_addr());
    return out;
}

const Headers& Request::headers() const { return state().environ.headers; }

const MultiDict& Request::args() const {
    auto& s = state();
    if (!s.args) {
        try {
            s.args = url_decode(s.environ.query_string);
        } catch (const InvalidUtf8&) {
            throw BadRequest();
        }
    }
    return *s.args;
}

const MultiDict& Request::form() const {
    auto& s = state();
    if (!s.form) {
        s.form = MultiDict();
        if (mimetype() == "application/x-www-form-urlencoded") {
            std::string body = get_data();
            try {
                s.form = url_decode(body);
            } catch (const InvalidUtf8&) {
                s.form = MultiDict();  // Werkzeug gives an empty form for undecodable bodies
            }
            // The form parser consumed the stream: request.data is empty afterwards.
            s.data = std::string();
        }
    }
    return *s.form;
}

MultiDict Request::values() const {
    MultiDict out = args();
    if (method() != "GET")
        for (const auto& [k, v] : form()) out.add(k, v);
    return out;
}

const MultiDict& Request::cookies() const {
    auto& s = state();
    if (!s.cookies) {
        s.cookies = MultiDict();
        for (const auto& header : s.environ.headers.get_all("Cookie")) {
            std::string_view rest = header;
            while (!rest.empty()) {
                auto semi = rest.find(';');
                auto pair = trim(rest.substr(0, semi));
                rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
                auto eq = pair.find('=');
                auto key = trim(pair.substr(0, eq));
                if (key.empty()) continue;
                auto value = eq == std::string_view::npos ? std::string_view() : trim(pair.substr(eq + 1));
                if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                    value = value.substr(1, value.size() - 2);
                s.cookies->add(std::string(key), std::string(value));
            }
        }
    }
    return *s.cookies;
}

std::optional<Authorization> Request::authorization() const {
    auto header = headers().get("Authorization");
    if (!header) return std::nullopt;
    std::string_view h = trim(*header);
    auto space = h.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    Authorization auth;
    auth.type = lower(h.substr(0, space));
    if (auth.type != "basic") return auth;
    std::string decoded;
    {
        // Standard base64 decoding, strict about the alphabet.
        static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        unsigned buffer = 0;
        int bits = 0;
        for (char c : trim(h.substr(space + 1))) {
            if (c == '=') break;
            auto pos = alphabet.find(c);
            if (pos == std::string::npos) return std::nullopt;
            buffer = (buffer << 6) | static_cast<unsigned>(pos);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                decoded += static_cast<char>((buffer >> bits) & 0xFF);
            }
        }
    }
    auto colon = decoded.find(':');
    if (colon == std::string::npos) return std::nullopt;
    auth.username = decoded.substr(0, colon);
    auth.password = decoded.substr(colon + 1);
    return auth;
}

std::string Request::content_type() const { return headers().get("Content-Type", ""); }

std::string Request::mimetype() const {
    auto ct = content_type();
    return lower(trim(std::string_view(ct).substr(0, ct.find(';'))));
}

std::optional<std::uint64_t> Request::content_length() const { return state().environ.content_length; }

bool Request::is_json() const {
    auto mt = mimetype();
    return mt == "application/json" ||
           (mt.rfind("application/", 0) == 0 && mt.size() >= 5 && mt.compare(mt.size() - 5, 5, "+json") == 0);
}

const std::string& Request::get_data() const {
    auto& s = state();
    if (s.data) return *s.data;
    auto limit = s.max_content_length;
    if (limit && s.environ.content_length && *s.environ.content_length > *limit) throw RequestEntityTooLarge();
    std::string body;
    if (s.environ.input) {
        char buffer[16384];
        while (std::size_t n = s.environ.input->read(buffer, sizeof buffer)) {
            body.append(buffer, n);
            if (limit && body.size() > *limit) throw RequestEntityTooLarge();
        }
    }
    s.data = std::move(body);
    return *s.data;
}

jinja::Value Request::get_json(bool force, bool silent) const {
    auto& s = state();
    if (s.json) return *s.json;
    if (!force && !is_json()) {
        if (silent) return jinja::Value();
        throw HTTPException(415,
                            "Did not attempt to load JSON data because the request Content-Type was not "
                            "'application/json'.");
    }
    try {
        s.json = json::loads(get_data());
    } catch (const jinja::ValueError& e) {  // JSONDecodeError and UnicodeDecodeError
        if (silent) return jinja::Value();
        // Flask hides the parser's message outside debug mode.
        if (s.debug) throw BadRequest(std::string("Failed to decode JSON object: ") + e.what());
        throw BadRequest();
    }
    return *s.json;
}

std::optional<std::string> Request::endpoint() const { return state().endpoint; }

const std::vector<std::pair<std::string, jinja::Value>>& Request::view_args() const { return state().view_args; }

std::string Request::url_rule() const { return state().rule_string; }

}  // namespace flask
