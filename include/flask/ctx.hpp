// Context locals: current_app, g, after_this_request, stream_with_context.
//
// Flask keeps per-request state in contexts so views can reach `request`,
// `session` and `g` without parameters.  Here each worker thread has a stack
// of contexts; the server runs a whole request (view, hooks, and a streamed
// body wrapped in stream_with_context) on one thread, so a context is never
// shared between concurrent requests.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "flask/response.hpp"
#include "flask/wsgi.hpp"
#include "jinja/value.hpp"

namespace flask {

class Flask;

namespace detail {
struct RequestContextState;
struct AppContextState;
}  // namespace detail

/// Raised when a context local is used with no context pushed.
struct RuntimeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The application handling the current request (or pushed app context).
Flask& current_app();
bool has_request_context() noexcept;
bool has_app_context() noexcept;

/// `flask::g`: a namespace for data during one app context.
class G {
public:
    jinja::Value get(std::string_view name, jinja::Value fallback = jinja::Value()) const;
    jinja::Value& operator[](std::string_view name) const;
    void set(std::string_view name, jinja::Value value) const;
    bool contains(std::string_view name) const;
    jinja::Value pop(std::string_view name, jinja::Value fallback = jinja::Value()) const;
    jinja::Dict& dict() const;
};
inline const G g{};

/// Runs `fn` on this request's response, before the after_request hooks.
void after_this_request(std::function<Response(Response)> fn);
void after_this_request(std::function<void(Response&)> fn);

/// Keeps the request context available while a streamed body is generated.
wsgi::BodyGenerator stream_with_context(wsgi::BodyGenerator generator);

/// A pushed request context (RAII): test_request_context() and request dispatch.
class RequestContext {
public:
    RequestContext(Flask& app, wsgi::Environ environ);
    ~RequestContext();
    RequestContext(const RequestContext&) = delete;
    RequestContext& operator=(const RequestContext&) = delete;
    RequestContext(RequestContext&&) noexcept;

    void push();
    void pop();
    detail::RequestContextState& state() noexcept { return *state_; }

private:
    std::shared_ptr<detail::RequestContextState> state_;
    bool pushed_ = false;
};

/// A pushed application context (RAII), for code that runs outside a request.
class AppContext {
public:
    explicit AppContext(Flask& app);
    ~AppContext();
    AppContext(const AppContext&) = delete;
    AppContext& operator=(const AppContext&) = delete;

private:
    std::unique_ptr<detail::AppContextState> state_;
};

}  // namespace flask
