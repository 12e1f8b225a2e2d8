#include "flask/exceptions.hpp"

#include "flask/response.hpp"
#include "http/status_table.hpp"
#include "jinja/markup.hpp"

namespace flask {

std::string_view status_reason(int code) noexcept {
    const auto* info = detail::find_status(code);
    return info ? std::string_view(info->reason) : std::string_view();
}

namespace {
std::string what_for(int code) {
    auto reason = status_reason(code);
    return std::to_string(code) + " " + (reason.empty() ? "Unknown Error" : std::string(reason));
}
}  // namespace

HTTPException::HTTPException(int code, std::optional<std::string> description)
    : std::runtime_error(what_for(code)), code_(code), description_(std::move(description)) {}

std::string HTTPException::name() const {
    auto reason = status_reason(code_);
    return reason.empty() ? "Unknown Error" : std::string(reason);
}

std::string HTTPException::description() const {
    if (description_) return *description_;
    const auto* info = detail::find_status(code_);
    return (info && info->description) ? info->description : "";
}

std::string HTTPException::get_body() const {
    // Werkzeug escapes the description (it may hold user text) but not the name.
    std::string body = "<!doctype html>\n<html lang=en>\n<title>";
    body += std::to_string(code_) + " " + jinja::escape_html(name()) + "</title>\n<h1>" + jinja::escape_html(name()) +
            "</h1>\n";
    body += "<p>" + jinja::escape_html(description()) + "</p>\n";
    return body;
}

Headers HTTPException::get_headers() const { return Headers{{"Content-Type", "text/html; charset=utf-8"}}; }

Response HTTPException::get_response() const {
    if (response_) return *response_;
    Response r(get_body(), code_, get_headers());
    return r;
}

Headers MethodNotAllowed::get_headers() const {
    Headers h = HTTPException::get_headers();
    if (!valid_methods_.empty()) {
        std::string allow;
        for (const auto& m : valid_methods_) {
            if (!allow.empty()) allow += ", ";
            allow += m;
        }
        h.add("Allow", allow);
    }
    return h;
}

}  // namespace flask
