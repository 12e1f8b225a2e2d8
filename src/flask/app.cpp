// The Flask object: construction, configuration and registration of views,
// hooks and error handlers.  Request dispatch lives in dispatch.cpp.
#include "flask/app.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "flask/app_impl.hpp"
#include "flask/cli.hpp"
#include "flask/context_state.hpp"
#include "flask/helpers.hpp"
#include "flask/send_file.hpp"
#include "flask/testing.hpp"

namespace flask {

namespace {

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string_view kind_name(detail::ParamKind kind) {
    switch (kind) {
        case detail::ParamKind::String: return "a string";
        case detail::ParamKind::Int: return "an integer";
        case detail::ParamKind::Float: return "a floating-point number";
        case detail::ParamKind::UUID: return "a flask::UUID";
        case detail::ParamKind::Any: return "a jinja::Value";
    }
    return "a value";
}

/// Whether a C++ parameter of `kind` can receive what `converter` produces.
bool fits(detail::ParamKind kind, routing::ConverterKind converter) {
    using CK = routing::ConverterKind;
    using PK = detail::ParamKind;
    if (kind == PK::Any || converter == CK::Custom) return true;
    switch (converter) {
        case CK::Int: return kind == PK::Int;
        case CK::Float: return kind == PK::Float;
        case CK::UUID: return kind == PK::UUID;
        default: return kind == PK::String;
    }
}

bool fits(detail::ParamKind kind, const jinja::Value& default_value) {
    using PK = detail::ParamKind;
    if (kind == PK::Any || default_value.is_none()) return true;
    switch (kind) {
        case PK::Int: return default_value.is_int() || default_value.is_bool();
        case PK::Float: return default_value.is_number();
        case PK::String: return default_value.is_string();
        case PK::UUID: return default_value.is_object();
        default: return true;
    }
}

}  // namespace

RouteDecorator::RouteDecorator(Flask& app, std::string rule, RouteOptions options) : app_(app) {
    rules_.emplace_back(std::move(rule), std::move(options));
}

RouteDecorator& RouteDecorator::route(std::string rule, RouteOptions options) {
    rules_.emplace_back(std::move(rule), std::move(options));
    return *this;
}

Flask::Flask(std::string import_name, FlaskOptions options)
    : logger(options.name), options_(std::move(options)), impl_(std::make_unique<Impl>()) {
    std::filesystem::path source(import_name);
    name_ = options_.name.empty() ? source.stem().string() : options_.name;
    logger.set_module(name_);
    root_path_ = source.has_parent_path() ? source.parent_path() : std::filesystem::current_path();
    if (root_path_.is_relative()) root_path_ = std::filesystem::absolute(root_path_);
    if (options_.instance_path) {
        instance_path_ = *options_.instance_path;
        if (instance_path_.is_relative())
            throw std::invalid_argument("If an instance path is provided it must be absolute. A relative path was given "
                                        "instead.");
    } else {
        instance_path_ = root_path_ / "instance";
    }
    config.root_path = options_.instance_relative_config ? instance_path_ : root_path_;
    wsgi_app = [this](wsgi::Environ& environ) { return handle(environ); };

    if (options_.static_folder) {
        add_view({{*static_url_path() + "/<path:filename>", {.endpoint = "static"}}},
                 detail::erase_view([this](std::string filename) -> ViewResult {
                         return send_static_file(filename);
                     }));
    }
}

Flask::~Flask() = default;

std::optional<std::filesystem::path> Flask::static_folder() const {
    if (!options_.static_folder) return std::nullopt;
    return root_path_ / *options_.static_folder;
}

std::optional<std::string> Flask::static_url_path() const {
    // Flask: an explicit value loses its trailing slashes; the default is
    // "/" + the folder's base name.
    std::string path;
    if (options_.static_url_path) path = *options_.static_url_path;
    else if (options_.static_folder) path = "/" + std::filesystem::path(*options_.static_folder).filename().string();
    else return std::nullopt;
    while (!path.empty() && path.back() == '/') path.pop_back();
    return path;
}

bool Flask::debug() const { return config.get_bool("DEBUG"); }

void Flask::set_debug(bool on) {
    config["DEBUG"] = on;
    logger.set_level(on ? LogLevel::Debug : LogLevel::Warning);
}

std::string Flask::secret_key() const {
    auto v = config.get("SECRET_KEY");
    return v.is_string() || v.is_bytes() ? v.as_string() : std::string();
}

routing::Map& Flask::url_map() { return impl_->url_map; }

RouteDecorator Flask::route(std::string rule, RouteOptions options) { return RouteDecorator(*this, std::move(rule), std::move(options)); }

namespace {
RouteOptions with_method(RouteOptions options, const char* method) {
    if (!options.methods.empty())
        throw std::invalid_argument("Use the 'route' decorator to use the 'methods' argument.");
    options.methods = {method};
    return options;
}
}  // namespace

RouteDecorator Flask::get(std::string rule, RouteOptions o) { return route(std::move(rule), with_method(std::move(o), "GET")); }
RouteDecorator Flask::post(std::string rule, RouteOptions o) { return route(std::move(rule), with_method(std::move(o), "POST")); }
RouteDecorator Flask::put(std::string rule, RouteOptions o) { return route(std::move(rule), with_method(std::move(o), "PUT")); }
RouteDecorator Flask::delete_(std::string rule, RouteOptions o) { return route(std::move(rule), with_method(std::move(o), "DELETE")); }
RouteDecorator Flask::patch(std::string rule, RouteOptions o) { return route(std::move(rule), with_method(std::move(o), "PATCH")); }

const routing::Rule& Flask::add_rule(const std::string& rule_string, RouteOptions options,
                                     const std::string& endpoint) {
    std::vector<std::string> methods;
    for (auto& m : options.methods.empty() ? std::vector<std::string>{"GET"} : options.methods)
        methods.push_back(upper(m));
    bool automatic_options = false;
    if (options.provide_automatic_options) {
        automatic_options = *options.provide_automatic_options;
    } else if (std::find(methods.begin(), methods.end(), "OPTIONS") == methods.end() &&
               config.get_bool("PROVIDE_AUTOMATIC_OPTIONS", true)) {
        automatic_options = true;
    }
    if (automatic_options && std::find(methods.begin(), methods.end(), "OPTIONS") == methods.end())
        methods.push_back("OPTIONS");

    routing::RuleOptions rule_options;
    rule_options.methods = methods;
    rule_options.defaults = std::move(options.defaults);
    rule_options.strict_slashes = options.strict_slashes;
    rule_options.merge_slashes = options.merge_slashes;
    const routing::Rule& rule = impl_->url_map.add(routing::Rule(rule_string, endpoint, std::move(rule_options)));
    impl_->automatic_options[&rule] = automatic_options;
    return rule;
}

void Flask::check_view_fits(const routing::Rule& rule, const std::string& endpoint) {
    const auto& entry = impl_->view_functions.at(endpoint);
    for (std::size_t i = 0; i < entry.param_names.size(); ++i) {
        const auto& name = entry.param_names[i];
        const auto& param = entry.view.params[i];
        if (const auto* conv = rule.converter_for(name)) {
            if (!fits(param.kind, conv->kind()))
                throw std::invalid_argument(fmt::format(
                    "rule '{}': parameter '{}' of the view is {} but the '{}' converter produces {}", rule.rule(),
                    name, kind_name(param.kind), conv->converter_name, routing::to_string(conv->kind())));
        } else if (const auto* def = routing::find_arg(rule.defaults(), name)) {
            if (!fits(param.kind, *def))
                throw std::invalid_argument(fmt::format("rule '{}': parameter '{}' of the view is {} but its default is {}",
                                                        rule.rule(), name, kind_name(param.kind), def->repr()));
        } else if (!param.optional) {
            throw std::invalid_argument(fmt::format(
                "rule '{}' does not provide the view's parameter '{}'; add it to the rule or to defaults, or make "
                "the parameter std::optional",
                rule.rule(), name));
        }
    }
}

void Flask::add_url_rule(const std::string& rule_string, RouteOptions options, std::optional<detail::ErasedView> view) {
    if (view) {
        add_view({{rule_string, std::move(options)}}, std::move(*view));
        return;
    }
    std::string endpoint = options.endpoint.empty() ? rule_string : options.endpoint;
    const routing::Rule& rule = add_rule(rule_string, std::move(options), endpoint);
    // As in Flask, a rule may name an endpoint that has no view: url_for builds
    // it (the tutorial's `app.add_url_rule("/", endpoint="index")` next to
    // "blog.index"), and a request that only matches it is a server error.
    if (impl_->view_functions.count(endpoint)) check_view_fits(rule, endpoint);
}

void Flask::add_view(const std::vector<std::pair<std::string, RouteOptions>>& rules, detail::ErasedView view) {
    std::vector<const routing::Rule*> added;
    std::vector<std::string> endpoints;
    // Stacked rules share the first rule's endpoint unless they name their own.
    const auto& first = rules.front();
    const std::string default_endpoint = first.second.endpoint.empty() ? first.first : first.second.endpoint;
    for (const auto& [rule_string, options] : rules) {
        std::string endpoint = options.endpoint.empty() ? default_endpoint : options.endpoint;
        if (impl_->view_functions.count(endpoint))
            throw std::invalid_argument(
                fmt::format("View function mapping is overwriting an existing endpoint function: {}", endpoint));
        added.push_back(&add_rule(rule_string, options, endpoint));
        endpoints.push_back(endpoint);
    }
    // The view's parameters: every rule's variables, then defaults, in order of first appearance.
    std::vector<std::string> names;
    auto note = [&](const std::string& name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    };
    for (const auto* rule : added)
        for (const auto& conv : rule->converters()) note(conv.name);
    for (const auto* rule : added)
        for (const auto& [name, value] : rule->defaults()) note(name);
    if (view.params.size() != names.size()) {
        std::string listed;
        for (const auto& n : names) listed += (listed.empty() ? "" : ", ") + n;
        throw std::invalid_argument(fmt::format(
            "the view for rule '{}' takes {} parameter(s), but its rules provide {} ({}); give the view one "
            "parameter per rule variable, in order",
            rules.front().first, view.params.size(), names.size(), listed.empty() ? "none" : listed));
    }
    for (std::size_t i = 0; i < added.size(); ++i) {
        if (!impl_->view_functions.count(endpoints[i]))
            impl_->view_functions.emplace(endpoints[i], Impl::Endpoint{view, names});
        check_view_fits(*added[i], endpoints[i]);
    }
}

void Flask::add_before_request(std::function<std::optional<ViewResult>()> fn) {
    impl_->before_request.push_back(std::move(fn));
}

void Flask::after_request(std::function<Response(Response)> fn) { impl_->after_request.push_back(std::move(fn)); }

void Flask::after_request(std::function<void(Response&)> fn) {
    after_request(std::function<Response(Response)>([f = std::move(fn)](Response r) {
        f(r);
        return r;
    }));
}

void Flask::teardown_appcontext(std::function<void(std::exception_ptr)> fn) {
    impl_->teardown_appcontext.push_back(std::move(fn));
}

void Flask::do_teardown_appcontext(std::exception_ptr error) {
    // Reverse registration order, as Flask; one failing function does not skip the others.
    for (auto it = impl_->teardown_appcontext.rbegin(); it != impl_->teardown_appcontext.rend(); ++it) {
        try {
            (*it)(error);
        } catch (...) {
            logger.error("Exception in teardown_appcontext");
        }
    }
}

void Flask::teardown_request(std::function<void(std::exception_ptr)> fn) {
    impl_->teardown_request.push_back(std::move(fn));
}

Flask::ErrorHandlerDecorator Flask::errorhandler(int code) { return ErrorHandlerDecorator(*this, code); }

void Flask::ErrorHandlerDecorator::register_handler(std::function<ViewResult(const HTTPException&)> handler) {
    app_.impl().code_handlers[code_] = std::move(handler);
}

void Flask::add_exception_handler(detail::ExceptionHandler handler) {
    impl_->exception_handlers.push_back(std::move(handler));
}

RequestContext Flask::test_request_context(std::string_view path, std::string_view method, Headers headers,
                                           std::string body) {
    wsgi::Environ environ = make_test_environ(path, method, std::move(headers), std::move(body));
    RequestContext ctx(*this, std::move(environ));
    ctx.push();
    return ctx;
}

FlaskClient Flask::test_client() { return FlaskClient(*this); }

Cli& Flask::cli() {
    if (!impl_->cli) impl_->cli = std::make_unique<Cli>(*this);
    return *impl_->cli;
}

}  // namespace flask
