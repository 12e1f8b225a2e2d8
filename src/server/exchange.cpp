// One request/response exchange, run inline by the thread that parsed the
// head: environ, app call, response, draining the unread body.
#include <exception>

#include "server/compensator.hpp"
#include "server/connection.hpp"
#include "server/http_text.hpp"

namespace flask::server {

namespace {

/// wsgi.input of requests without a body; stateless, so one is shared.
class EmptyInput final : public wsgi::InputStream {
public:
    std::size_t read(char*, std::size_t) override { return 0; }
};

const std::shared_ptr<wsgi::InputStream>& empty_input() {
    static const std::shared_ptr<wsgi::InputStream> input = std::make_shared<EmptyInput>();
    return input;
}

wsgi::WsgiResponse error_response(int status) {
    wsgi::WsgiResponse r;
    r.status_code = status;
    r.reason = std::string(reason_phrase(status));
    r.headers.add("Content-Type", "text/html; charset=utf-8");
    r.body = std::string(error_page(status));
    return r;
}

}  // namespace

bool Connection::serve() {
    // Tells the compensator this thread is inside a request until it returns:
    // body reads and response writes may block as much as the view.
    RequestScope in_request;
    try {
        return serve_one();
    } catch (const std::exception& e) {
        core_.log_error(std::string("flaskcpp server: ") + e.what());
        return false;
    }
}

bool Connection::serve_one() {
    // Only the access log needs the duration: skip the clock read otherwise.
    clock::time_point started = core_.access_log_enabled() ? clock::now() : clock::time_point{};
    request_line_.assign(head_.request_line);
    method_size_ = head_.method.size();
    target_size_ = head_.target.size();
    head_request_ = head_.method == "HEAD";
    request_keep_alive_ = head_.keep_alive;

    wsgi::Environ env;
    fill_environ(env);
    in_.consume(head_.head_size);  // head_ views are invalid from here on
    begin_body();
    if (!body_done_) env.input = body_reader_;

    wsgi::WsgiResponse response;
    bool failed = false;
    call_app(env, response, failed);

    bool keep_alive = request_keep_alive_ && !core_.stopping && !body_broken_ && !failed;
    if (!body_done_) {
        // Too much left to drain, or a client still waiting for "100 Continue"
        // that may never send the body: answer, then close.
        if (body_kind_ == BodyKind::length && body_remaining_ > core_.options.limits.max_drain) keep_alive = false;
        if (expect_continue_ && !continue_sent_) keep_alive = false;
    }
    WriteResult written = write_response(response, keep_alive);
    if (response.on_close) {
        try {
            response.on_close();
        } catch (const std::exception& e) {
            core_.log_error(std::string("flaskcpp server: on_close: ") + e.what());
        } catch (...) {
        }
    }
    keep_alive = keep_alive && written.ok && written.keep_alive;
    if (keep_alive && !body_done_) keep_alive = drain_body();
    if (body_reader_) body_reader_->connection_ = nullptr;
    log_access(response.status_code, written.body_bytes, started);
    return keep_alive;
}

void Connection::fill_environ(wsgi::Environ& env) {
    env.request_method.assign(head_.method);
    std::string_view authority;
    split_target(head_.target, env.path_info, env.query_string, authority);
    env.request_uri.assign(head_.target);
    env.server_protocol.assign(head_.protocol);
    env.server_name = core_.server_name;
    env.server_port = core_.server_port;
    env.remote_addr = remote_addr_;
    env.remote_port = remote_port_;
    env.url_scheme = secure_ ? "https" : "http";
    env.headers.reserve(head_.headers.size());
    for (const HeaderView& h : head_.headers) env.headers.add(std::string(h.name), std::string(h.value));
    // RFC 9112 §3.2.2: the authority of an absolute-form target replaces Host.
    if (!authority.empty()) env.headers.set("Host", std::string(authority));
    if (head_.has_content_length) env.content_length = head_.content_length;
    env.input = empty_input();
}

void Connection::call_app(wsgi::Environ& env, wsgi::WsgiResponse& response, bool& failed) {
    try {
        response = core_.app(env);
        return;
    } catch (const wsgi::ClientDisconnected& e) {
        // Body framing errors reach the app as ClientDisconnected (Werkzeug's
        // is a BadRequest); if it lets one escape, answer for it.
        if (body_error_status_ == 0) {
            failed = true;  // the client is gone: nothing to answer
            response = error_response(400);
            return;
        }
        response = error_response(body_error_status_);
        return;
    } catch (const std::exception& e) {
        core_.log_error(std::string("Exception on ") + request_line_ + ": " + e.what());
    } catch (...) {
        core_.log_error("Exception on " + request_line_ + ": unknown exception");
    }
    response = error_response(500);
}

void Connection::log_access(int status, std::uint64_t bytes, clock::time_point started) {
    if (!core_.access_log_enabled()) return;
    std::string_view line = request_line_;
    AccessLogEntry entry;
    entry.remote_addr = remote_addr_;
    entry.remote_port = remote_port_;
    entry.request_line = line;
    entry.method = line.substr(0, method_size_);
    entry.target = line.substr(method_size_ + 1, target_size_);
    entry.protocol = line.substr(method_size_ + target_size_ + 2);
    entry.status = status;
    entry.bytes_sent = bytes;
    entry.duration = std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - started);
    core_.log_access(entry);
}

}  // namespace flask::server
