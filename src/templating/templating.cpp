// render_template & co.: the app's Jinja environment and template context.
#include "flask/templating.hpp"

#include <deque>
#include <mutex>

#include "flask/app.hpp"
#include "flask/app_impl.hpp"
#include "flask/context_state.hpp"
#include "flask/request.hpp"
#include "flask/helpers.hpp"
#include "flask/sessions.hpp"
#include "jinja/template.hpp"
#include "templating/context_objects.hpp"

namespace flask {

namespace {

using jinja::Value;

Value function(std::string name, jinja::Function::Fn fn) {
    return Value(std::shared_ptr<jinja::Object>(std::make_shared<jinja::Function>(std::move(name), std::move(fn))));
}

/// url_for(endpoint, **values) as templates call it.
Value url_for_global(jinja::CallArgs& a) {
    if (a.args.empty()) throw jinja::TypeError("url_for() missing 1 required positional argument: 'endpoint'");
    UrlValues values(a.kwargs.begin(), a.kwargs.end());
    return Value(url_for(a.args[0].str(), values));
}

/// get_flashed_messages(with_categories=False, category_filter=()).
Value flashed_messages_global(jinja::CallArgs& a) {
    bool with_categories = false;
    std::vector<std::string> filter;
    auto take_filter = [&](const Value& v) {
        if (v.is_list())
            for (const auto& c : v.as_list()) filter.push_back(c.str());
    };
    if (!a.args.empty()) with_categories = a.args[0].truthy();
    if (a.args.size() > 1) take_filter(a.args[1]);
    for (const auto& [k, v] : a.kwargs) {
        if (k == "with_categories") with_categories = v.truthy();
        else if (k == "category_filter") take_filter(v);
    }
    return get_flashed_messages(with_categories, filter);
}

std::unique_ptr<jinja::Environment> create_environment(Flask& app) {
    jinja::EnvironmentOptions options;
    // The app's templates/ first, then each blueprint's folder in registration order.
    std::vector<std::filesystem::path> search{app.template_folder()};
    for (const auto& folder : app.impl().blueprint_template_folders) search.push_back(folder);
    options.loader = std::make_shared<jinja::FileSystemLoader>(std::move(search));
    // Flask's select_jinja_autoescape: HTML-like names, and template strings (no name).
    options.autoescape_for = [](std::string_view name) { return name.empty() || jinja::flask_autoescape(name); };
    auto reload = app.config.get("TEMPLATES_AUTO_RELOAD");
    options.auto_reload = reload.is_none() ? app.debug() : reload.truthy();
    auto env = std::make_unique<jinja::Environment>(std::move(options));
    auto& globals = env->globals();
    globals["url_for"] = function("url_for", url_for_global);
    globals["get_flashed_messages"] = function("get_flashed_messages", flashed_messages_global);
    globals["config"] = templating::config_object(app);
    globals["request"] = templating::request_object();
    globals["session"] = templating::session_object();
    globals["g"] = templating::g_object();
    return env;
}

/// Context processors first; the caller's values win, as in Flask.
jinja::Dict template_context(Flask& app, const jinja::Dict& context) {
    auto& impl = app.impl();
    // The app's processors, then the request's blueprints' from the outermost in.
    std::vector<std::vector<std::function<jinja::Dict()>>*> all{&impl.context_processors};
    if (!impl.scopes.empty())
        if (auto* ctx = detail::current_request_context()) {
            auto names = Request(ctx->request).blueprints();
            for (auto it = names.rbegin(); it != names.rend(); ++it)
                if (auto s = impl.scopes.find(*it); s != impl.scopes.end()) all.push_back(&s->second.context_processors);
        }
    bool any = false;
    for (auto* list : all) any = any || !list->empty();
    if (!any) return context;
    jinja::Dict merged;
    for (auto* list : all)
        for (auto& fn : *list)
            for (auto& [k, v] : fn()) merged.set(k, v);
    for (const auto& [k, v] : context) merged.set(k, v);
    return merged;
}

/// Collects the chunks a template yields and hands them out one by one.
wsgi::BodyGenerator chunked(std::shared_ptr<const jinja::Template> tmpl, jinja::Dict context) {
    auto chunks = std::make_shared<std::deque<std::string>>();
    auto started = std::make_shared<bool>(false);
    return [tmpl = std::move(tmpl), context = std::move(context), chunks, started](std::string& out) {
        if (!*started) {
            *started = true;
            tmpl->generate(context, [&](std::string_view piece) { chunks->emplace_back(piece); });
        }
        if (chunks->empty()) return false;
        out = std::move(chunks->front());
        chunks->pop_front();
        return true;
    };
}

}  // namespace

jinja::Environment& jinja_env(Flask& app) {
    auto& impl = app.impl();
    std::call_once(impl.jinja_env_once, [&] { impl.jinja_env = create_environment(app); });
    return *impl.jinja_env;
}

std::string render_template(std::string_view name, const jinja::Dict& context) {
    Flask& app = current_app();
    return jinja_env(app).get_template(std::string(name))->render(template_context(app, context));
}

std::string render_template_string(std::string_view source, const jinja::Dict& context) {
    Flask& app = current_app();
    return jinja_env(app).from_string(source)->render(template_context(app, context));
}

wsgi::BodyGenerator stream_template(std::string_view name, const jinja::Dict& context) {
    Flask& app = current_app();
    return stream_with_context(chunked(jinja_env(app).get_template(std::string(name)), template_context(app, context)));
}

wsgi::BodyGenerator stream_template_string(std::string_view source, const jinja::Dict& context) {
    Flask& app = current_app();
    return stream_with_context(chunked(jinja_env(app).from_string(source), template_context(app, context)));
}

void Flask::context_processor(std::function<jinja::Dict()> fn) { add_context_processor(*this, std::move(fn)); }
void Flask::template_filter(std::string name,
                            std::function<jinja::Value(const jinja::Value&, const jinja::CallArgs&)> fn) {
    add_template_filter(*this, std::move(name), std::move(fn));
}
void Flask::template_test(std::string name, std::function<bool(const jinja::Value&, const jinja::CallArgs&)> fn) {
    add_template_test(*this, std::move(name), std::move(fn));
}
void Flask::template_global(std::string name, jinja::Value value) {
    add_template_global(*this, std::move(name), std::move(value));
}

void add_context_processor(Flask& app, std::function<jinja::Dict()> fn) {
    app.impl().context_processors.push_back(std::move(fn));
}

void add_template_filter(Flask& app, std::string name,
                         std::function<jinja::Value(const jinja::Value&, const jinja::CallArgs&)> fn) {
    jinja_env(app).add_filter(name, std::move(fn));
}

void add_template_test(Flask& app, std::string name,
                       std::function<bool(const jinja::Value&, const jinja::CallArgs&)> fn) {
    jinja_env(app).add_test(name, std::move(fn));
}

void add_template_global(Flask& app, std::string name, jinja::Value value) {
    jinja_env(app).globals()[name] = std::move(value);
}

}  // namespace flask
