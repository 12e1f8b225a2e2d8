#include "flask/response.hpp"

#include <algorithm>
#include <cctype>

#include "flask/exceptions.hpp"
#include "flask/http.hpp"

namespace flask {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string werkzeug_reason(int code) {
    auto reason = status_reason(code);
    return reason.empty() ? "UNKNOWN" : upper(reason);
}

}  // namespace

std::string get_content_type(std::string_view mimetype, std::string_view charset) {
    static constexpr std::string_view text_like[] = {
        "application/ecmascript", "application/javascript", "application/sql", "application/xml",
        "application/xml-dtd", "application/xml-external-parsed-entity"};
    bool text = mimetype.substr(0, 5) == "text/" ||
                (mimetype.size() >= 4 && mimetype.substr(mimetype.size() - 4) == "+xml") ||
                std::find(std::begin(text_like), std::end(text_like), mimetype) != std::end(text_like);
    if (text && mimetype.find("charset") == std::string_view::npos)
        return std::string(mimetype) + "; charset=" + std::string(charset);
    return std::string(mimetype);
}

Response::Response(std::string body, int status, Headers hdrs, std::string_view mimetype,
                   std::string_view content_type)
    : headers(std::move(hdrs)) {
    set_status(status);
    if (!headers.contains("Content-Type")) {
        if (!content_type.empty())
            headers.add("Content-Type", std::string(content_type));
        else
            headers.add("Content-Type", get_content_type(mimetype.empty() ? default_mimetype : mimetype));
    }
    set_data(std::move(body));
}

Response Response::stream(wsgi::BodyGenerator generator, int status, std::string_view mimetype) {
    Response r({}, status, {}, mimetype);
    r.set_generator(std::move(generator));
    return r;
}

void Response::set_status(int code) {
    status_code_ = code;
    reason_ = werkzeug_reason(code);
}

void Response::set_status(std::string_view status) {
    // Werkzeug: a status string is used verbatim; a bare code gets its phrase.
    auto trimmed = status;
    while (!trimmed.empty() && trimmed.front() == ' ') trimmed.remove_prefix(1);
    std::size_t digits = 0;
    while (digits < trimmed.size() && std::isdigit(static_cast<unsigned char>(trimmed[digits]))) ++digits;
    if (digits == 0) throw std::invalid_argument("Empty status argument");
    int code = std::stoi(std::string(trimmed.substr(0, digits)));
    if (digits == trimmed.size()) {
        set_status(code);
        return;
    }
    status_code_ = code;
    auto rest = trimmed.substr(digits);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    reason_ = std::string(rest);
}

std::string Response::get_data() {
    if (generator_) {
        std::string chunk;
        while (generator_(chunk)) {
            body_ += chunk;
            chunk.clear();
        }
        generator_ = nullptr;
        headers.set("Content-Length", std::to_string(body_.size()));
    }
    return body_;
}

void Response::set_data(std::string body) {
    body_ = std::move(body);
    generator_ = nullptr;
    file_.reset();
    headers.set("Content-Length", std::to_string(body_.size()));
}

void Response::set_generator(wsgi::BodyGenerator generator) {
    body_.clear();
    generator_ = std::move(generator);
    headers.remove("Content-Length");
}

void Response::set_file(wsgi::FileBody file) {
    body_.clear();
    generator_ = nullptr;
    headers.set("Content-Length", std::to_string(file.length));
    file_ = std::move(file);
}

std::string Response::mimetype() const {
    auto ct = headers.get("Content-Type", "");
    auto semi = ct.find(';');
    std::string m = ct.substr(0, semi);
    while (!m.empty() && m.back() == ' ') m.pop_back();
    for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return m;
}

void Response::set_mimetype(std::string_view mimetype) { headers.set("Content-Type", get_content_type(mimetype)); }

std::optional<std::uint64_t> Response::content_length() const {
    auto v = headers.get("Content-Length");
    if (!v) return std::nullopt;
    try {
        return std::stoull(std::string(*v));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

void Response::set_etag(std::string_view etag, bool weak) {
    std::string quoted = (weak ? "W/\"" : "\"") + std::string(etag) + "\"";
    headers.set("ETag", std::move(quoted));
}

wsgi::WsgiResponse Response::to_wsgi() && {
    // Werkzeug's get_wsgi_headers: no Content-Length on 1xx/204, no entity headers on 304.
    if ((status_code_ >= 100 && status_code_ < 200) || status_code_ == 204) headers.remove("Content-Length");
    else if (status_code_ == 304) remove_entity_headers(headers);
    wsgi::WsgiResponse out;
    out.status_code = status_code_;
    out.reason = std::move(reason_);
    out.headers = std::move(headers);
    out.body = std::move(body_);
    out.generator = std::move(generator_);
    out.file = std::move(file_);
    if (!on_close_.empty()) {
        out.on_close = [fns = std::move(on_close_)] {
            for (const auto& fn : fns) fn();
        };
    }
    return out;
}

}  // namespace flask
