#include "flask/request.hpp"

#include <algorithm>
#include <cctype>

#include "flask/app.hpp"
#include "flask/base64.hpp"
#include "flask/context_state.hpp"
#include "flask/forms.hpp"
#include "flask/http.hpp"
#include "flask/iri.hpp"
#include "flask/json.hpp"
#include "flask/multipart.hpp"
#include "flask/urls.hpp"
#include "http/text_codec.hpp"

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

std::string_view trim(std::string_view s) { return http_detail::strip_chars(s, " \t"); }

/// werkzeug.sansio.utils.get_current_url: the quoted root path, path and query, as an IRI.
std::string current_url(const Request& r, bool with_root, bool with_path, bool with_query) {
    static constexpr const char* path_safe = "!$&'()*+,/:;=@%";
    std::string url = r.scheme() + "://" + r.host();
    auto as_iri = [](std::string uri) {
        try {
            return uri_to_iri(uri);
        } catch (const std::invalid_argument&) {
            return uri;
        }
    };
    if (!with_root) return as_iri(url + "/");
    std::string root = r.environ().script_name;
    while (!root.empty() && root.back() == '/') root.pop_back();
    url += url_quote(root, path_safe);
    url += "/";
    if (!with_path) return as_iri(std::move(url));
    std::string path = r.path();
    url += url_quote(std::string_view(path).substr(1), path_safe);
    if (with_query && !r.query_string().empty()) url += "?" + url_quote(r.query_string(), "!$&'()*+,/:;=?@%");
    return as_iri(std::move(url));
}

/// request.stream was requested: werkzeug's get_input_stream refuses a declared
/// Content-Length above MAX_CONTENT_LENGTH before anything is read.
void open_body(RequestState& s) {
    if (s.max_content_length && s.environ.content_length && *s.environ.content_length > *s.max_content_length)
        throw RequestEntityTooLarge();
}

/// Reads from request.stream: at most Content-Length bytes, or (chunked) up to
/// MAX_CONTENT_LENGTH, past which it is 413.  A body shorter than its
/// Content-Length is a client disconnect (400).
std::size_t read_body(RequestState& s, char* buffer, std::size_t size) {
    if (s.body_done || !s.environ.input || size == 0) return 0;
    const auto& declared = s.environ.content_length;
    if (declared) {
        size = static_cast<std::size_t>(std::min<std::uint64_t>(size, *declared - s.body_read));
        if (size == 0) {
            s.body_done = true;
            return 0;
        }
    }
    std::size_t n = 0;
    try {
        n = s.environ.input->read(buffer, size);
    } catch (const wsgi::ClientDisconnected&) {
        s.body_done = true;
        throw BadRequest();  // werkzeug's ClientDisconnected is a BadRequest
    }
    if (n == 0) {
        s.body_done = true;
        if (declared && s.body_read < *declared) throw BadRequest();  // werkzeug's ClientDisconnected
        return 0;
    }
    s.body_read += n;
    if (!declared && s.max_content_length && s.body_read > *s.max_content_length) throw RequestEntityTooLarge();
    return n;
}

std::optional<std::uint64_t> config_limit(const RequestState& s, std::string_view key, std::uint64_t fallback) {
    if (!s.app) return fallback;
    auto value = s.app->config.get_int(key);
    if (!value) return std::nullopt;
    return static_cast<std::uint64_t>(std::max<long long>(*value, 0));
}

/// werkzeug's Request._load_form_data with Flask's limits.
void load_form_data(RequestState& s) {
    if (s.form) return;
    MultiDict form;
    FileMultiDict files;
    auto header = s.environ.headers.get("Content-Type");
    if (header && !header->empty()) {  // want_form_data_parsed
        // The form is parsed from get_data()'s cache when the body was read already.
        std::string_view cached;
        std::size_t cached_offset = 0;
        if (s.data)
            cached = *s.data;
        else
            open_body(s);
        multipart::Reader read = [&](char* buffer, std::size_t size) -> std::size_t {
            if (!s.data) return read_body(s, buffer, size);
            std::size_t n = std::min(size, cached.size() - cached_offset);
            std::copy_n(cached.data() + cached_offset, n, buffer);
            cached_offset += n;
            return n;
        };
        auto content_type = parse_options_header(*header);
        auto mimetype = lower(content_type.value);
        auto max_form_memory_size = config_limit(s, "MAX_FORM_MEMORY_SIZE", 500000);
        if (mimetype == "multipart/form-data") {
            auto boundary = content_type.options.get("boundary").value_or("");
            bool ascii = std::all_of(boundary.begin(), boundary.end(),
                                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
            if (!boundary.empty() && ascii) {  // else werkzeug's ValueError: an empty form
                multipart::FormLimits limits;
                limits.max_form_memory_size = max_form_memory_size;
                limits.max_form_parts = config_limit(s, "MAX_FORM_PARTS", 1000);
                try {
                    auto parsed = multipart::parse_multipart_form(read, boundary, limits);
                    form = std::move(parsed.form);
                    files = std::move(parsed.files);
                } catch (const multipart::MultipartError&) {
                    // Werkzeug's parser is silent: malformed bodies give an empty form.
                }
            }
        } else if (mimetype == "application/x-www-form-urlencoded") {
            if (max_form_memory_size && s.environ.content_length && *s.environ.content_length > *max_form_memory_size)
                throw RequestEntityTooLarge();
            std::string body;
            char buffer[16384];
            while (std::size_t n = read(buffer, sizeof buffer)) body.append(buffer, n);
            try {
                form = url_decode(body);
            } catch (const InvalidUtf8&) {
                // Werkzeug gives an empty form for undecodable bodies.
            }
        }
    }
    s.form = std::move(form);
    s.files = std::move(files);
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
    load_form_data(s);
    return *s.form;
}

const FileMultiDict& Request::files() const {
    auto& s = state();
    load_form_data(s);
    return *s.files;
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
        // Werkzeug 3.1.8's request.cookies: raw bytes as latin-1 (see parse_request_cookies).
        for (const auto& header : s.environ.headers.get_all("Cookie"))
            for (const auto& [key, value] : parse_request_cookies(header)) s.cookies->add(key, value);
    }
    return *s.cookies;
}

std::optional<Authorization> Request::authorization() const {
    // werkzeug's Authorization.from_header.
    auto header = headers().get("Authorization");
    if (!header || header->empty()) return std::nullopt;
    std::string_view h = *header;
    auto space = h.find(' ');
    Authorization auth;
    auth.type = lower(h.substr(0, space));
    if (auth.type != "basic") return auth;
    std::string_view rest = space == std::string_view::npos ? std::string_view() : trim(h.substr(space + 1));
    auto decoded_bytes = base64_decode_python(rest);  // base64.b64decode(rest).decode()
    if (!decoded_bytes || !is_valid_utf8(*decoded_bytes)) return std::nullopt;
    const std::string& decoded = *decoded_bytes;
    auto colon = decoded.find(':');
    auth.username = decoded.substr(0, colon);
    auth.password = colon == std::string::npos ? std::string() : decoded.substr(colon + 1);
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

const std::string& Request::get_data(bool parse_form_data) const {
    auto& s = state();
    if (s.data) return *s.data;
    if (parse_form_data) load_form_data(s);
    open_body(s);
    std::string body;
    char buffer[16384];
    while (std::size_t n = read_body(s, buffer, sizeof buffer)) body.append(buffer, n);
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

std::optional<std::string> Request::blueprint() const {
    const auto& endpoint = state().endpoint;
    if (!endpoint) return std::nullopt;
    auto dot = endpoint->rfind('.');
    if (dot == std::string::npos) return std::nullopt;
    std::string name = endpoint->substr(0, dot);
    // Default endpoints are rule strings ("/robots.txt"): only real blueprints count.
    if (!state().app || !state().app->blueprints().count(name)) return std::nullopt;
    return name;
}

std::vector<std::string> Request::blueprints() const {
    std::vector<std::string> out;
    auto name = blueprint();
    if (!name) return out;
    out.push_back(*name);
    for (auto dot = name->rfind('.'); dot != std::string::npos; dot = name->rfind('.')) {
        name->resize(dot);
        out.push_back(*name);
    }
    return out;
}

const std::vector<std::pair<std::string, jinja::Value>>& Request::view_args() const { return state().view_args; }

std::string Request::url_rule() const { return state().rule_string; }

}  // namespace flask
