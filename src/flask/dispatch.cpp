// Request dispatch, as Flask's wsgi_app / full_dispatch_request: match the
// URL, run before_request hooks, call the view, convert its return value,
// run after_request hooks, handle errors, and tear down.
#include <fmt/format.h>

#include "debug/failure.hpp"
#include "flask/app.hpp"
#include "flask/app_impl.hpp"
#include "flask/context_state.hpp"
#include "flask/helpers.hpp"
#include "flask/json.hpp"
#include "flask/request.hpp"

namespace flask {

namespace detail {

std::shared_ptr<RequestContextState> make_request_context_state(Flask& app, wsgi::Environ environ) {
    auto state = std::make_shared<RequestContextState>();
    state->self = state;
    state->app_ctx.app = &app;
    auto& req = state->request;
    req.app = &app;
    req.environ = std::move(environ);
    if (auto limit = app.config.get_int("MAX_CONTENT_LENGTH")) req.max_content_length = static_cast<std::uint64_t>(*limit);
    req.debug = app.debug();

    // Bind the URL map to this request (Flask's create_url_adapter) and match.
    Request request(req);
    const auto& env = req.environ;
    state->adapter = std::make_shared<routing::MapAdapter>(app.url_map().bind(
        request.host(), env.script_name.empty() ? std::string_view("/") : std::string_view(env.script_name),
        std::nullopt, env.url_scheme, env.request_method, std::string_view(env.path_info),
        std::string_view(env.query_string)));
    try {
        auto match = state->adapter->match(std::string_view(env.path_info), std::string_view(env.request_method),
                                           std::string_view(env.query_string), false);
        req.rule = match.rule;
        req.rule_string = match.rule->rule();
        req.endpoint = match.rule->endpoint();
        req.view_args = std::move(match.args);
    } catch (...) {
        req.routing_exception = std::current_exception();
    }
    return state;
}

void open_session(Flask& app, RequestContextState& state) {
    // Flask opens the session when the request context is pushed.
    state.session = app.session_interface->open_session(app, Request(state.request));
    if (!state.session) state.session = app.session_interface->make_null_session(app);
}

}  // namespace detail

namespace {

struct InvalidResponse : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Flask's error for an OPTIONS request the app answers itself.
Response default_options_response(detail::RequestContextState& ctx) {
    auto methods = ctx.adapter->allowed_methods(std::string_view(ctx.request.environ.path_info));
    Response rv;
    std::string allow;
    for (const auto& m : methods) allow += (allow.empty() ? "" : ", ") + m;
    rv.headers.set("Allow", allow);
    return rv;
}

}  // namespace

Response Flask::make_response(ViewResult rv) {
    if (rv.bad_tuple)
        throw InvalidResponse(
            "The view function did not return a valid response tuple. The tuple must have the form (body, status, "
            "headers), (body, status), or (body, headers).");
    Response response;
    std::optional<Headers> headers = std::move(rv.headers);
    switch (rv.kind) {
        case ViewResult::Kind::None:
            throw InvalidResponse(fmt::format(
                "The view function for {} did not return a valid response. The function either returned None or "
                "ended without a return statement.",
                jinja::string_repr(request.endpoint().value_or(""))));
        case ViewResult::Kind::Response:
            response = std::move(*rv.response);
            break;
        case ViewResult::Kind::Stream:
            response = Response({}, 200, headers ? std::move(*headers) : Headers());
            response.set_generator(std::move(rv.stream));
            headers.reset();
            break;
        case ViewResult::Kind::Value: {
            const jinja::Value& v = rv.value;
            if (v.is_string() || v.is_bytes()) {
                response = Response(v.as_string(), 200, headers ? std::move(*headers) : Headers());
                headers.reset();
            } else if (v.is_dict() || v.is_list()) {
                response = Response(json::jsonify_body(v, debug()), 200, {}, "application/json");
            } else if (v.is_none()) {
                return make_response(ViewResult());
            } else {
                throw InvalidResponse(fmt::format(
                    "The view function did not return a valid response. The return type must be a string, dict, "
                    "list, tuple with headers or status, Response instance, or WSGI callable, but it was a {}.",
                    v.type_name()));
            }
            break;
        }
    }
    if (rv.status_text) response.set_status(*rv.status_text);
    if (rv.status) response.set_status(*rv.status);
    if (headers)
        for (const auto& [k, val] : *headers) response.headers.set(k, val);
    return response;
}

namespace {

/// The scopes whose handlers apply to the current request: its blueprints,
/// innermost first ("a.b" before "a"); the app's own are tried after them.
std::vector<Flask::Impl::Scope*> request_scopes(Flask::Impl& impl) {
    std::vector<Flask::Impl::Scope*> out;
    if (impl.scopes.empty()) return out;
    auto* ctx = detail::current_request_context();
    if (!ctx) return out;
    for (const auto& name : Request(ctx->request).blueprints())
        if (auto it = impl.scopes.find(name); it != impl.scopes.end()) out.push_back(&it->second);
    return out;
}

/// Flask's _find_error_handler for an exception's class: each scope in turn
/// (blueprints, innermost first, then the app), and in a scope the handler
/// for the exception's most derived registered type.
std::optional<ViewResult> find_exception_handler(Flask::Impl& impl, std::exception_ptr error) {
    for (auto* scope : request_scopes(impl))
        if (auto* h = detail::most_specific_handler(scope->exception_handlers, error)) return h->run(error);
    if (auto* h = detail::most_specific_handler(impl.exception_handlers, error)) return h->run(error);
    return std::nullopt;
}

detail::CodeHandler* find_code_handler(Flask::Impl& impl, int code) {
    for (auto* scope : request_scopes(impl))
        if (auto it = scope->code_handlers.find(code); it != scope->code_handlers.end()) return &it->second;
    if (auto it = impl.code_handlers.find(code); it != impl.code_handlers.end()) return &it->second;
    return nullptr;
}

}  // namespace

/// Flask's handle_user_exception: HTTP errors go to code handlers (or become
/// their default page); other errors to a matching handler, else rethrown.
static ViewResult handle_user_exception(Flask& app, std::exception_ptr error) {
    auto& impl = app.impl();
    try {
        std::rethrow_exception(error);
    } catch (const RequestRedirect& e) {
        // Routing redirects are never handled by the app's error handlers.
        return ViewResult(redirect(e.new_url(), e.code()));
    } catch (const HTTPException& e) {
        if (e.response()) return ViewResult(*e.response());  // abort(response): sent as it is
        if (auto* handler = find_code_handler(impl, e.code())) return (*handler)(e);
        if (auto rv = find_exception_handler(impl, error)) return std::move(*rv);
        return ViewResult(e.get_response());
    } catch (...) {
        if (auto rv = find_exception_handler(impl, error)) return std::move(*rv);
        throw;
    }
}

static Response process_response(Flask& app, detail::RequestContextState& ctx, Response response) {
    auto callbacks = std::move(ctx.after_this_request);
    ctx.after_this_request.clear();
    for (auto& fn : callbacks) response = fn(std::move(response));
    for (auto* scope : request_scopes(app.impl()))
        for (auto it = scope->after_request.rbegin(); it != scope->after_request.rend(); ++it)
            response = (*it)(std::move(response));
    auto& hooks = app.impl().after_request;
    for (auto it = hooks.rbegin(); it != hooks.rend(); ++it) response = (*it)(std::move(response));
    if (ctx.session && !ctx.session->is_null()) app.session_interface->save_session(app, *ctx.session, response);
    return response;
}

static std::string describe(std::exception_ptr error) {
    auto [type, message] = debug::describe_exception(error);
    return message.empty() ? type : type + ": " + message;
}

/// Flask's PROPAGATE_EXCEPTIONS rule: unset means "when testing or debugging",
/// so the test client and the debugger see the exception itself.
static bool propagate_exceptions(const Flask& app) {
    auto v = app.config.get("PROPAGATE_EXCEPTIONS");
    if (!v.is_none()) return v.truthy();
    return app.config.get_bool("TESTING") || app.debug();
}

/// Keeps what the debugger needs of a request whose exception propagates:
/// the body is read now (the connection will be gone when the console asks).
static void remember_for_debugger(Flask& app, const std::shared_ptr<detail::RequestContextState>& state,
                                  const std::exception_ptr& error) {
    try {
        Request(state->request).form();
    } catch (...) {
    }
    state->request.environ.input = std::make_shared<wsgi::StringInput>(std::string());
    debug::remember_failure(debug::make_failure(app, error, state), error);
}

/// Flask's handle_exception: log, then the 500 handler or the default page.
static Response handle_exception(Flask& app, detail::RequestContextState& ctx, std::exception_ptr error) {
    app.logger.error("Exception on {} [{}]\n{}", Request(ctx.request).path(), ctx.request.environ.request_method,
                     debug::traceback_text(debug::make_failure(app, error, nullptr)));
    InternalServerError server_error;
    try {
        ViewResult rv;
        if (auto* handler = find_code_handler(app.impl(), 500)) {
            rv = (*handler)(server_error);
        } else {
            rv = ViewResult(server_error.get_response());
        }
        return process_response(app, ctx, app.make_response(std::move(rv)));
    } catch (...) {
        // The error escaped the error handling too: as under a WSGI server,
        // the client gets the plain 500 page, without after_request hooks.
        app.logger.error("Request finalizing failed with an error while handling an error\n{}",
                         describe(std::current_exception()));
        return server_error.get_response();
    }
}

wsgi::WsgiResponse Flask::handle(wsgi::Environ& environ) {
    auto state = detail::make_request_context_state(*this, std::move(environ));
    auto& ctx = *state;
    detail::ScopedRequestContext scope(ctx);
    std::exception_ptr unhandled;
    bool propagate = false;
    Response response;
    try {
        detail::open_session(*this, ctx);
        ViewResult rv;
        bool have_rv = false;
        try {
            // The app's hooks, then the blueprints' from the outermost in.
            std::vector<std::vector<detail::BeforeRequest>*> before{&impl_->before_request};
            auto scopes = request_scopes(*impl_);
            for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) before.push_back(&(*it)->before_request);
            for (auto* hooks : before) {
                for (auto& fn : *hooks) {
                    if (auto early = fn()) {
                        rv = std::move(*early);
                        have_rv = true;
                        break;
                    }
                }
                if (have_rv) break;
            }
            if (!have_rv) {
                if (ctx.request.routing_exception) std::rethrow_exception(ctx.request.routing_exception);
                const auto* rule = ctx.request.rule;
                if (ctx.request.environ.request_method == "OPTIONS" && impl_->automatic_options[rule]) {
                    rv = ViewResult(default_options_response(ctx));
                } else {
                    auto found = impl_->view_functions.find(rule->endpoint());
                    if (found == impl_->view_functions.end())
                        throw std::logic_error("no view function for endpoint '" + rule->endpoint() + "'");
                    auto& endpoint = found->second;
                    std::vector<const jinja::Value*> args;
                    args.reserve(endpoint.param_names.size());
                    for (const auto& name : endpoint.param_names)
                        args.push_back(routing::find_arg(ctx.request.view_args, name));
                    rv = endpoint.view.call(args);
                }
            }
        } catch (...) {
            rv = handle_user_exception(*this, std::current_exception());
        }
        response = process_response(*this, ctx, make_response(std::move(rv)));
    } catch (...) {
        unhandled = std::current_exception();
        propagate = propagate_exceptions(*this);
        if (!propagate)
            response = handle_exception(*this, ctx, unhandled);
        else if (debug())
            remember_for_debugger(*this, state, unhandled);
    }
    std::vector<std::vector<std::function<void(std::exception_ptr)>>*> teardowns;
    for (auto* scope : request_scopes(*impl_)) teardowns.push_back(&scope->teardown_request);
    teardowns.push_back(&impl_->teardown_request);
    for (auto* hooks : teardowns) {
        for (auto it = hooks->rbegin(); it != hooks->rend(); ++it) {
            try {
                (*it)(unhandled);
            } catch (...) {
                logger.error("Exception in teardown_request\n{}", describe(std::current_exception()));
            }
        }
    }
    do_teardown_appcontext(unhandled);
    if (propagate) std::rethrow_exception(unhandled);
    return std::move(response).to_wsgi();
}

}  // namespace flask
