// Flask::Impl: the app's registries (internal to the flask layer).
#pragma once

#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <typeinfo>
#include <unordered_map>
#include <vector>

#include "flask/app.hpp"
#include "flask/blueprints.hpp"
#include "flask/routing.hpp"
#include "jinja/template.hpp"

namespace flask {

struct Flask::Impl {
    routing::Map url_map;

    /// A registered view and the rule variable bound to each of its parameters.
    struct Endpoint {
        detail::ErasedView view;
        std::vector<std::string> param_names;
    };
    std::unordered_map<std::string, Endpoint> view_functions;
    /// Rules whose OPTIONS requests Flask answers itself.
    std::map<const routing::Rule*, bool> automatic_options;

    std::vector<std::function<std::optional<ViewResult>()>> before_request;
    std::vector<std::function<Response(Response)>> after_request;
    std::vector<std::function<void(std::exception_ptr)>> teardown_request;
    std::vector<std::function<void(std::exception_ptr)>> teardown_appcontext;

    std::map<int, std::function<ViewResult(const HTTPException&)>> code_handlers;
    std::vector<detail::ExceptionHandler> exception_handlers;

    /// A blueprint's hooks and handlers (keyed by its dotted name): they apply
    /// to requests whose endpoint lies in that blueprint.
    struct Scope {
        std::vector<detail::BeforeRequest> before_request;
        std::vector<std::function<Response(Response)>> after_request;
        std::vector<std::function<void(std::exception_ptr)>> teardown_request;
        std::map<int, detail::CodeHandler> code_handlers;
        std::vector<detail::ExceptionHandler> exception_handlers;
        std::vector<std::function<jinja::Dict()>> context_processors;
    };
    std::map<std::string, Scope> scopes;
    std::map<std::string, Blueprint*> blueprints;
    std::vector<std::filesystem::path> blueprint_template_folders;

    std::unique_ptr<Cli> cli;

    std::once_flag jinja_env_once;
    std::unique_ptr<jinja::Environment> jinja_env;
    std::vector<std::function<jinja::Dict()>> context_processors;
};

}  // namespace flask
