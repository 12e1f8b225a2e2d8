// The state behind the context locals (internal to the flask layer).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flask/ctx.hpp"
#include "flask/datastructures.hpp"
#include "flask/file_storage.hpp"
#include "flask/request.hpp"
#include "flask/response.hpp"
#include "flask/sessions.hpp"
#include "flask/wsgi.hpp"
#include "jinja/value.hpp"

namespace flask {

namespace routing {
class MapAdapter;
class Rule;
}  // namespace routing

struct RequestState {
    Flask* app = nullptr;
    wsgi::Environ environ;
    std::optional<std::uint64_t> max_content_length;
    bool debug = false;

    // Parsed on first use.
    std::optional<MultiDict> args;
    std::optional<MultiDict> form;
    std::optional<FileMultiDict> files;  // set together with form
    std::optional<MultiDict> cookies;
    std::optional<std::string> data;  // get_data()'s cache
    // request.stream: bytes of environ.input read so far, and whether it was opened.
    std::uint64_t body_read = 0;
    bool body_done = false;
    std::optional<jinja::Value> json;

    // Set by URL matching.
    const routing::Rule* rule = nullptr;
    std::string rule_string;
    std::optional<std::string> endpoint;
    std::vector<std::pair<std::string, jinja::Value>> view_args;
    std::exception_ptr routing_exception;
};

namespace detail {

struct AppContextState {
    Flask* app = nullptr;
    jinja::Dict g;
    AppContextState* previous = nullptr;
};

struct RequestContextState {
    std::weak_ptr<RequestContextState> self;  // lets stream_with_context keep it alive
    RequestState request;
    AppContextState app_ctx;
    std::shared_ptr<routing::MapAdapter> adapter;
    std::vector<std::function<Response(Response)>> after_this_request;
    std::shared_ptr<SessionData> session;
    std::optional<jinja::Value> flashes;  // get_flashed_messages' cache for this request
    RequestContextState* previous = nullptr;
};

std::shared_ptr<RequestContextState> make_request_context_state(Flask& app, wsgi::Environ environ);
void push_request_context(RequestContextState& state);
/// Opens the session (Flask does it when the request context is pushed).
void open_session(Flask& app, RequestContextState& state);
void pop_request_context(RequestContextState& state);
void push_app_context(AppContextState& state);
void pop_app_context(AppContextState& state);

/// Pushes a request context for the lifetime of the scope.
class ScopedRequestContext {
public:
    explicit ScopedRequestContext(RequestContextState& state) : state_(state) { push_request_context(state_); }
    ~ScopedRequestContext() { pop_request_context(state_); }
    ScopedRequestContext(const ScopedRequestContext&) = delete;
    ScopedRequestContext& operator=(const ScopedRequestContext&) = delete;

private:
    RequestContextState& state_;
};

/// This thread's innermost contexts (nullptr when none is pushed).
RequestContextState* current_request_context() noexcept;
AppContextState* current_app_context() noexcept;
/// The current request context, or RuntimeError "Working outside of request context."
RequestContextState& require_request_context();

}  // namespace detail
}  // namespace flask
