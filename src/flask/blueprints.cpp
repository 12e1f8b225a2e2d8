// Blueprint registration: replaying a blueprint's records on an app under
// its dotted name and URL prefix (Flask's BlueprintSetupState).
#include "flask/blueprints.hpp"

#include <fmt/format.h>

#include "flask/app_impl.hpp"
#include "flask/send_file.hpp"

namespace flask {

namespace {

RouteOptions with_method(RouteOptions o, const char* method) {
    if (o.methods.empty()) o.methods = {method};
    return o;
}

/// Flask's join: "/".join((prefix.rstrip("/"), rule.lstrip("/"))), or the prefix for an empty rule.
std::string join_prefix(const std::optional<std::string>& prefix, const std::string& rule) {
    if (!prefix) return rule;
    if (rule.empty()) return *prefix;
    std::string head = *prefix;
    while (!head.empty() && head.back() == '/') head.pop_back();
    std::size_t start = 0;
    while (start < rule.size() && rule[start] == '/') ++start;
    return head + "/" + rule.substr(start);
}

}  // namespace

Blueprint::Blueprint(std::string name, std::string import_name, BlueprintOptions options)
    : name_(std::move(name)), options_(std::move(options)) {
    if (name_.empty()) throw std::invalid_argument("'name' may not be empty.");
    if (name_.find('.') != std::string::npos) throw std::invalid_argument("'name' may not contain a dot '.' character.");
    if (options_.root_path) {
        root_path_ = *options_.root_path;
    } else {
        std::filesystem::path source(import_name);
        root_path_ = source.has_parent_path() ? source.parent_path() : std::filesystem::current_path();
    }
    if (root_path_.is_relative()) root_path_ = std::filesystem::absolute(root_path_);
}

Blueprint::Route Blueprint::get(std::string rule, RouteOptions o) { return route(std::move(rule), with_method(std::move(o), "GET")); }
Blueprint::Route Blueprint::post(std::string rule, RouteOptions o) { return route(std::move(rule), with_method(std::move(o), "POST")); }

void Blueprint::add_view(const std::vector<std::pair<std::string, RouteOptions>>& rules, detail::ErasedView view) {
    for (const auto& [rule, options] : rules)
        if (options.endpoint.find('.') != std::string::npos)
            throw std::invalid_argument("'endpoint' may not contain a dot '.' character.");
    views_.push_back({rules, std::move(view)});
}

void Blueprint::register_blueprint(Blueprint& child, BlueprintRegistration options) {
    if (&child == this) throw std::invalid_argument("Cannot register a blueprint on itself");
    children_.emplace_back(&child, std::move(options));
}

void Blueprint::register_on(Flask& app, const BlueprintRegistration& options, const std::string& name_prefix,
                            const std::optional<std::string>& parent_prefix) {
    auto& impl = app.impl();
    std::string self_name = options.name.value_or(name_);
    std::string name = name_prefix.empty() ? self_name : name_prefix + "." + self_name;
    if (impl.blueprints.count(name))
        throw std::invalid_argument(fmt::format(
            "The name '{}' is already registered for a blueprint. Use 'name=' to provide a unique name.", name));
    impl.blueprints[name] = this;

    std::optional<std::string> own_prefix = options.url_prefix ? options.url_prefix : options_.url_prefix;
    std::optional<std::string> url_prefix;
    if (parent_prefix && own_prefix) {
        std::string head = *parent_prefix;
        while (!head.empty() && head.back() == '/') head.pop_back();
        std::size_t start = 0;
        while (start < own_prefix->size() && (*own_prefix)[start] == '/') ++start;
        url_prefix = head + "/" + own_prefix->substr(start);
    } else {
        url_prefix = own_prefix ? own_prefix : parent_prefix;
    }

    // Routes: endpoints "name.endpoint", rules under the prefix.
    for (const auto& entry : views_) {
        std::vector<std::pair<std::string, RouteOptions>> rules;
        const std::string& first_endpoint =
            entry.rules.front().second.endpoint.empty() ? entry.rules.front().first : entry.rules.front().second.endpoint;
        for (auto [rule, opts] : entry.rules) {
            opts.endpoint = name + "." + (opts.endpoint.empty() ? first_endpoint : opts.endpoint);
            rules.emplace_back(join_prefix(url_prefix, rule), std::move(opts));
        }
        app.add_view(rules, entry.view);
    }
    if (options_.static_folder) {
        std::filesystem::path folder = root_path_ / *options_.static_folder;
        std::string url_path = options_.static_url_path
                                   ? *options_.static_url_path
                                   : "/" + std::filesystem::path(*options_.static_folder).filename().string();
        app.add_view({{join_prefix(url_prefix, url_path + "/<path:filename>"), {.endpoint = name + ".static"}}},
                     detail::erase_view([&app, folder](std::string filename) -> ViewResult {
                         return send_from_directory(folder, filename, {.max_age = app.get_send_file_max_age(filename)});
                     }));
    }
    if (options_.template_folder) impl.blueprint_template_folders.push_back(root_path_ / *options_.template_folder);

    auto& scope = impl.scopes[name];
    for (const auto& fn : before_request_) scope.before_request.push_back(fn);
    for (const auto& fn : after_request_) scope.after_request.push_back(fn);
    for (const auto& fn : teardown_request_) scope.teardown_request.push_back(fn);
    for (const auto& [code, fn] : code_handlers_) scope.code_handlers[code] = fn;
    for (const auto& h : exception_handlers_) scope.exception_handlers.push_back(h);
    for (const auto& fn : context_processors_) scope.context_processors.push_back(fn);
    for (const auto& fn : before_app_request_) impl.before_request.push_back(fn);
    for (const auto& fn : after_app_request_) impl.after_request.push_back(fn);
    for (const auto& [code, fn] : app_code_handlers_) impl.code_handlers[code] = fn;
    for (const auto& fn : app_context_processors_) impl.context_processors.push_back(fn);

    for (auto& [child, child_options] : children_) child->register_on(app, child_options, name, url_prefix);
}

void Flask::register_blueprint(Blueprint& blueprint, BlueprintRegistration options) {
    blueprint.register_on(*this, options);
}

const std::map<std::string, Blueprint*>& Flask::blueprints() const { return impl_->blueprints; }

}  // namespace flask
