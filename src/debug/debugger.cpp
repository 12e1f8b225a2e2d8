// DebuggedApplication: catches what escapes the app, serves the debugger
// page and answers its console (PIN check, expression evaluation).
#include "flask/debug.hpp"

#include <openssl/rand.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "debug_page.hpp"
#include "failure.hpp"
#include "flask/app.hpp"
#include "flask/context_state.hpp"
#include "flask/exceptions.hpp"
#include "flask/forms.hpp"
#include "flask/http.hpp"
#include "flask/json.hpp"
#include "flask/templating.hpp"
#include "jinja/errors.hpp"
#include "jinja/markup.hpp"
#include "pin.hpp"

namespace flask {

namespace {

constexpr std::int64_t pin_time = 7 * 24 * 3600;  // a PIN entry is remembered for a week, as in Werkzeug
constexpr int max_failed_pins = 10;
constexpr std::size_t kept_failures = 50;

std::int64_t now_seconds() { return static_cast<std::int64_t>(unix_now()); }

std::string random_secret() {
    static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char bytes[20];
    RAND_bytes(bytes, sizeof bytes);
    std::string out;
    for (unsigned char b : bytes) out += alphabet[b % (sizeof alphabet - 1)];
    return out;
}

bool loopback_address(std::string_view addr) {
    return addr.starts_with("127.") || addr == "::1" || addr.starts_with("::ffff:127.");
}

// The Host header must name the local host too: a page on another site that
// resolves its own name to 127.0.0.1 (DNS rebinding) must not reach the console.
bool local_host_header(std::string host) {
    if (host.starts_with('[')) {
        host = host.substr(0, host.find(']') + 1);
    } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
        host.resize(colon);
    }
    return host == "localhost" || host.ends_with(".localhost") || host.starts_with("127.") || host == "[::1]";
}

wsgi::WsgiResponse text_response(int status, std::string body, std::string_view mimetype = "text/plain") {
    return Response(std::move(body), status, {}, mimetype).to_wsgi();
}

}  // namespace

struct DebuggedApplication::Impl {
    Flask& app;
    wsgi::App inner;
    DebuggerOptions options;
    std::string pin;
    std::string cookie_name;
    std::string secret = random_secret();
    std::atomic<int> failed_pins{0};

    std::mutex mutex;  // guards failures and serialises console evaluations
    std::map<int, std::shared_ptr<debug::Failure>> failures;
    int next_id = 1;

    Impl(Flask& a, wsgi::App i, DebuggerOptions o) : app(a), inner(std::move(i)), options(std::move(o)) {
        std::string app_path = app.root_path().string();
        pin = options.pin ? *options.pin : debug::debugger_pin(app.name(), app_path);
        cookie_name = debug::pin_cookie_name(app.name(), app_path);
    }

    bool trusted(const wsgi::Environ& env) const {
        return options.allow_remote || (loopback_address(env.remote_addr) && local_host_header(env.host()));
    }

    bool pin_cookie_ok(const wsgi::Environ& env) const {
        if (pin.empty()) return true;
        auto cookie = env.headers.get("Cookie");
        if (!cookie) return false;
        auto value = parse_cookie(*cookie).get(cookie_name);
        return value && debug::pin_cookie_valid(*value, pin, now_seconds(), pin_time);
    }

    /// `path` and `method` are copies: the app moves the environ into its request context.
    wsgi::WsgiResponse failure_page(bool local, const std::string& path, const std::string& method,
                                    std::exception_ptr error) {
        auto failure = debug::take_failure(error);
        if (!failure) failure = debug::make_failure(app, error, nullptr);
        auto shared = std::make_shared<debug::Failure>(std::move(*failure));
        app.logger.error("Exception on {} [{}]\n{}", path, method, debug::traceback_text(*shared));
        if (!local) return InternalServerError().get_response().to_wsgi();
        int id = 0;
        {
            std::lock_guard lock(mutex);
            id = next_id++;
            failures[id] = shared;
            while (failures.size() > kept_failures) failures.erase(failures.begin());
        }
        std::string html = debug::render_debug_page(
            *shared, {.traceback_id = id, .secret = secret, .evalex = options.evalex, .pin_required = !pin.empty(),
                      .app_name = app.name()});
        return text_response(500, std::move(html), "text/html");
    }

    wsgi::WsgiResponse pin_auth(const MultiDict& args) {
        bool exhausted = failed_pins.load() > max_failed_pins;
        bool auth = false;
        if (!exhausted) {
            auth = !pin.empty() && args.get("pin", "") == pin;
            if (!auth) {
                int failed = ++failed_pins;
                // Slow down guessing; after max_failed_pins the PIN is locked until restart.
                std::this_thread::sleep_for(std::chrono::milliseconds(failed > 5 ? 5000 : 500));
                exhausted = failed > max_failed_pins;
            }
        }
        jinja::Dict body{{"auth", auth}, {"exhausted", exhausted}};
        Response response(json::dumps(jinja::Value(std::move(body))), 200, {}, "application/json");
        if (auth) {
            failed_pins = 0;
            response.set_cookie(cookie_name, debug::pin_cookie_value(pin, now_seconds()),
                                {.max_age = pin_time, .httponly = true, .samesite = std::string("Strict")});
        }
        return std::move(response).to_wsgi();
    }

    std::string evaluate(debug::Failure& failure, const std::string& expression) {
        if (!failure.context) return "The exception happened outside a request context: nothing to evaluate.";
        std::lock_guard lock(mutex);  // the saved context is pushed on this thread for the evaluation
        detail::ScopedRequestContext scope(*failure.context);
        std::optional<jinja::Value> result;
        jinja::Dict context;
        context["__debugger_capture__"] = jinja::Value(std::make_shared<jinja::Function>(
            "capture", [&result](jinja::CallArgs& call) {
                result = call.args.empty() ? jinja::Value(jinja::none) : call.args[0];
                return jinja::Value("");
            }));
        try {
            render_template_string("{{ __debugger_capture__((" + expression + ")) }}", context);
        } catch (const jinja::TemplateError& e) {
            return fmt::format("{}: {}", e.kind(), e.message());
        } catch (...) {
            auto [type, message] = debug::describe_exception(std::current_exception());
            return message.empty() ? type : type + ": " + message;
        }
        return result ? result->repr() : "";
    }

    wsgi::WsgiResponse command(wsgi::Environ& env) {
        MultiDict args = url_decode(env.query_string);
        if (args.get("s", "") != secret) return text_response(403, "Forbidden: the debugger secret does not match.");
        std::string cmd = args.get("cmd", "");
        if (cmd == "pinauth") return pin_auth(args);
        if (cmd == "printpin") {
            app.logger.info(" * To enable the debugger you need to enter the security pin:");
            app.logger.info(" * Debugger pin code: {}", pin);
            return text_response(200, "");
        }
        if (!options.evalex) return text_response(403, "Forbidden: the console is disabled.");
        if (!pin_cookie_ok(env)) return text_response(403, "Forbidden: the console is locked; enter the PIN first.");
        std::shared_ptr<debug::Failure> failure;
        {
            std::lock_guard lock(mutex);
            auto it = failures.find(args.get<int>("tb", 0));
            if (it != failures.end()) failure = it->second;
        }
        if (!failure) return text_response(404, "Not Found: this traceback is no longer kept; reload the page.");
        // Plain text: the page inserts it with textContent, never as HTML.
        return text_response(200, evaluate(*failure, cmd));
    }

    wsgi::WsgiResponse operator()(wsgi::Environ& env) {
        bool local = trusted(env);
        if (local && env.query_string.find("__debugger__=yes") != std::string::npos &&
            url_decode(env.query_string).get("__debugger__", "") == "yes")
            return command(env);
        std::string path = env.path_info, method = env.request_method;
        try {
            return inner(env);
        } catch (...) {
            return failure_page(local, path, method, std::current_exception());
        }
    }
};

DebuggedApplication::DebuggedApplication(Flask& app, wsgi::App inner, DebuggerOptions options)
    : impl_(std::make_shared<Impl>(app, std::move(inner), std::move(options))) {}

wsgi::WsgiResponse DebuggedApplication::operator()(wsgi::Environ& environ) { return (*impl_)(environ); }

const std::string& DebuggedApplication::pin() const { return impl_->pin; }

}  // namespace flask
