// Flask's templating on the flask::jinja engine: render_template and friends,
// the template context (config, request, session, g, url_for,
// get_flashed_messages) and the app's template registries.
//
//     return flask::render_template("hello.html", {{"person", name}});
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "flask/wsgi.hpp"
#include "jinja/value.hpp"

namespace jinja {
class Environment;
}

namespace flask {

class Flask;

/// Renders a template from the app's templates folder with the given context.
std::string render_template(std::string_view name, const jinja::Dict& context = {});
/// Renders a template source string (always autoescaped, as in Flask).
std::string render_template_string(std::string_view source, const jinja::Dict& context = {});
/// Renders as a stream: chunks are produced as the template runs.
wsgi::BodyGenerator stream_template(std::string_view name, const jinja::Dict& context = {});
wsgi::BodyGenerator stream_template_string(std::string_view source, const jinja::Dict& context = {});

/// The app's Jinja environment (created on first use).
jinja::Environment& jinja_env(Flask& app);

/// Registers a function whose returned dict is merged into every template context.
void add_context_processor(Flask& app, std::function<jinja::Dict()> fn);
void add_template_filter(Flask& app, std::string name, std::function<jinja::Value(const jinja::Value&, const jinja::CallArgs&)> fn);
void add_template_test(Flask& app, std::string name, std::function<bool(const jinja::Value&, const jinja::CallArgs&)> fn);
void add_template_global(Flask& app, std::string name, jinja::Value value);

}  // namespace flask
