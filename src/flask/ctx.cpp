#include "flask/ctx.hpp"

#include "flask/app.hpp"
#include "flask/context_state.hpp"

namespace flask {

namespace detail {

namespace {
thread_local RequestContextState* tl_request = nullptr;
thread_local AppContextState* tl_app = nullptr;
}  // namespace

RequestContextState* current_request_context() noexcept { return tl_request; }
AppContextState* current_app_context() noexcept { return tl_app; }

RequestContextState& require_request_context() {
    if (!tl_request)
        throw RuntimeError(
            "Working outside of request context.\n\nThis typically means that you attempted to use functionality "
            "that needed an active HTTP request. Consult the documentation on testing for information about how "
            "to avoid this problem.");
    return *tl_request;
}

void push_request_context(RequestContextState& state) {
    push_app_context(state.app_ctx);
    state.previous = tl_request;
    tl_request = &state;
}

void pop_request_context(RequestContextState& state) {
    tl_request = state.previous;
    pop_app_context(state.app_ctx);
}

void push_app_context(AppContextState& state) {
    state.previous = tl_app;
    tl_app = &state;
}

void pop_app_context(AppContextState& state) { tl_app = state.previous; }

}  // namespace detail

Flask& current_app() {
    if (!detail::tl_app)
        throw RuntimeError(
            "Working outside of application context.\n\nThis typically means that you attempted to use "
            "functionality that needed the current application. To solve this, set up an application context "
            "with app.app_context(). See the documentation for more information.");
    return *detail::tl_app->app;
}

bool has_request_context() noexcept { return detail::tl_request != nullptr; }
bool has_app_context() noexcept { return detail::tl_app != nullptr; }

// ---- g ---------------------------------------------------------------------

jinja::Dict& G::dict() const {
    if (!detail::tl_app) current_app();  // throws the app-context error
    return detail::tl_app->g;
}
jinja::Value G::get(std::string_view name, jinja::Value fallback) const {
    const jinja::Value* v = dict().find(name);
    return v ? *v : fallback;
}
jinja::Value& G::operator[](std::string_view name) const { return dict()[name]; }
void G::set(std::string_view name, jinja::Value value) const { dict()[name] = std::move(value); }
bool G::contains(std::string_view name) const { return dict().find(name) != nullptr; }
jinja::Value G::pop(std::string_view name, jinja::Value fallback) const {
    jinja::Dict& d = dict();
    const jinja::Value* v = d.find(name);
    if (!v) return fallback;
    jinja::Value out = *v;
    d.erase(jinja::Value(name));
    return out;
}

// ---- after_this_request / stream_with_context ---------------------------------

void after_this_request(std::function<Response(Response)> fn) {
    detail::require_request_context().after_this_request.push_back(std::move(fn));
}

void after_this_request(std::function<void(Response&)> fn) {
    after_this_request(std::function<Response(Response)>([f = std::move(fn)](Response r) {
        f(r);
        return r;
    }));
}

wsgi::BodyGenerator stream_with_context(wsgi::BodyGenerator generator) {
    // The dispatcher keeps the request context alive until the body is done
    // (see Flask::handle); this wrapper re-pushes it around each chunk because
    // the server may pull chunks after dispatch returned.
    auto keep = detail::require_request_context().self.lock();
    return [generator = std::move(generator), keep](std::string& chunk) {
        detail::ScopedRequestContext scope(*keep);
        return generator(chunk);
    };
}

// ---- RequestContext / AppContext ---------------------------------------------

RequestContext::RequestContext(Flask& app, wsgi::Environ environ)
    : state_(detail::make_request_context_state(app, std::move(environ))) {}

RequestContext::RequestContext(RequestContext&& other) noexcept
    : state_(std::move(other.state_)), pushed_(other.pushed_) {
    other.pushed_ = false;
}

RequestContext::~RequestContext() {
    if (pushed_) pop();
}

void RequestContext::push() {
    if (pushed_) return;
    if (!state_->session) detail::open_session(*state_->app_ctx.app, *state_);
    detail::push_request_context(*state_);
    pushed_ = true;
}

void RequestContext::pop() {
    if (!pushed_) return;
    state_->app_ctx.app->do_teardown_appcontext();
    detail::pop_request_context(*state_);
    pushed_ = false;
}

AppContext::AppContext(Flask& app) : state_(std::make_unique<detail::AppContextState>()) {
    state_->app = &app;
    detail::push_app_context(*state_);
}

AppContext::~AppContext() {
    state_->app->do_teardown_appcontext();
    detail::pop_app_context(*state_);
}

}  // namespace flask
