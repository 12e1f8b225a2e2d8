#include "flask/testing.hpp"

#include <fstream>

#include "flask/app.hpp"
#include "flask/forms.hpp"
#include "flask/http.hpp"
#include "flask/json.hpp"
#include "flask/urls.hpp"

namespace flask {

wsgi::Environ make_test_environ(std::string_view path, std::string_view method, Headers headers, std::string body) {
    wsgi::Environ env;
    env.request_method = std::string(method);
    auto q = path.find('?');
    env.path_info = percent_decode(path.substr(0, q));
    env.query_string = q == std::string_view::npos ? std::string() : std::string(path.substr(q + 1));
    env.request_uri = std::string(path);
    env.server_name = "localhost";
    env.server_port = "80";
    env.remote_addr = "127.0.0.1";
    if (!headers.contains("Host")) headers.add("Host", "localhost");
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
        env.content_length = body.size();
        headers.set("Content-Length", std::to_string(body.size()));
    }
    env.headers = std::move(headers);
    env.input = std::make_shared<wsgi::StringInput>(std::move(body));
    return env;
}

TestResponse FlaskClient::open(std::string_view method, std::string_view path, const TestRequest& request) {
    std::string target(path);
    if (!request.query.empty()) {
        target += target.find('?') == std::string::npos ? '?' : '&';
        bool first = true;
        for (const auto& [k, v] : request.query) {
            if (!first) target += '&';
            first = false;
            target += url_quote_plus(k) + "=" + url_quote_plus(v);
        }
    }
    Headers headers = request.headers;
    std::string body;
    std::string content_type = request.content_type;
    if (request.json) {
        body = json::flask_dumps(*request.json);
        if (content_type.empty()) content_type = "application/json";
    } else if (!request.form.empty()) {
        bool first = true;
        for (const auto& [k, v] : request.form) {
            if (!first) body += '&';
            first = false;
            body += url_quote_plus(k) + "=" + url_quote_plus(v);
        }
        if (content_type.empty()) content_type = "application/x-www-form-urlencoded";
    } else if (request.data) {
        body = *request.data;
    }
    if (!content_type.empty()) headers.set("Content-Type", content_type);
    // An explicit Cookie header wins over the jar, so a test can send exactly what it means.
    if (use_cookies_ && !cookies_.empty() && !headers.contains("Cookie")) {
        std::string cookie;
        for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
        headers.add("Cookie", std::move(cookie));
    }

    wsgi::Environ env = make_test_environ(target, method, std::move(headers), std::move(body));
    wsgi::WsgiResponse raw = app_(env);

    if (use_cookies_) store_cookies(raw.headers);

    TestResponse out;
    out.status_code = raw.status_code;
    out.status = raw.status_line();
    out.headers = std::move(raw.headers);
    bool no_body = method == "HEAD" || raw.status_code == 204 || raw.status_code == 304 ||
                   (raw.status_code >= 100 && raw.status_code < 200);
    if (raw.generator) {
        std::string chunk;
        while (raw.generator(chunk)) {
            if (!no_body) out.data += chunk;
            chunk.clear();
        }
    } else if (raw.file && !no_body) {
        std::ifstream in(raw.file->path, std::ios::binary);
        in.seekg(static_cast<std::streamoff>(raw.file->offset));
        out.data.resize(raw.file->length);
        in.read(out.data.data(), static_cast<std::streamsize>(raw.file->length));
        out.data.resize(static_cast<std::size_t>(in.gcount()));
    } else if (!no_body) {
        out.data = std::move(raw.body);
    }
    if (raw.on_close) raw.on_close();
    return out;
}

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// Whether a Set-Cookie's attributes expire it now (how delete_cookie removes
/// one: Max-Age=0 and an Expires in 1970).
bool expires_now(std::string_view attributes) {
    while (!attributes.empty()) {
        auto semi = attributes.find(';');
        std::string_view attr = trim(attributes.substr(0, semi));
        attributes = semi == std::string_view::npos ? std::string_view() : attributes.substr(semi + 1);
        auto eq = attr.find('=');
        if (eq == std::string_view::npos) continue;
        std::string_view name = trim(attr.substr(0, eq)), value = trim(attr.substr(eq + 1));
        if (iequals(name, "Max-Age")) {
            if (!value.empty() && (value.front() == '-' || value.find_first_not_of('0') == std::string_view::npos))
                return true;
        } else if (iequals(name, "Expires")) {
            if (auto when = parse_date(value); when && when->timestamp() <= DateTime::now_utc().timestamp()) return true;
        }
    }
    return false;
}

}  // namespace

void FlaskClient::store_cookies(const Headers& response_headers) {
    for (const auto& line : response_headers.get_all("Set-Cookie")) {
        std::string_view text(line);
        auto semi = text.find(';');
        std::string_view pair = text.substr(0, semi);
        auto eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        std::string name(trim(pair.substr(0, eq)));
        if (name.empty()) continue;
        if (expires_now(semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1)))
            cookies_.erase(name);
        else
            cookies_[name] = std::string(trim(pair.substr(eq + 1)));
    }
}

std::optional<std::string> FlaskClient::get_cookie(std::string_view key) const {
    auto it = cookies_.find(key);
    if (it == cookies_.end()) return std::nullopt;
    return it->second;
}

void FlaskClient::set_cookie(std::string key, std::string value) { cookies_[std::move(key)] = std::move(value); }

void FlaskClient::delete_cookie(std::string_view key) {
    if (auto it = cookies_.find(key); it != cookies_.end()) cookies_.erase(it);
}

std::string TestResponse::mimetype() const {
    auto ct = headers.get("Content-Type", "");
    return ct.substr(0, ct.find(';'));
}

jinja::Value TestResponse::get_json() const {
    auto mt = mimetype();
    if (mt != "application/json" && !(mt.size() > 5 && mt.compare(mt.size() - 5, 5, "+json") == 0))
        return jinja::Value();
    return json::loads(data);
}

}  // namespace flask
