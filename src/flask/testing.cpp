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
    const std::string host = request_host(headers);
    const std::string_view url_path = std::string_view(target).substr(0, target.find('?'));
    if (use_cookies_) {
        // As Werkzeug's client: the jar's matching cookies replace any Cookie header given.
        headers.remove("Cookie");
        if (std::string cookie = cookie_header(host, url_path); !cookie.empty()) headers.add("Cookie", std::move(cookie));
    }

    wsgi::Environ env = make_test_environ(target, method, std::move(headers), std::move(body));
    wsgi::WsgiResponse raw = app_(env);

    if (use_cookies_)
        for (const auto& line : raw.headers.get_all("Set-Cookie"))
            if (auto cookie = TestCookie::from_response_header(host, url_path, line)) store(std::move(*cookie));

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
