// The Jinja2-compatible template engine: Environment and Template.
//
//     jinja::Environment env({.loader = std::make_shared<jinja::FileSystemLoader>("templates")});
//     auto t = env.get_template("index.html");
//     std::string html = t->render({{"user", "world"}});
//
// Templates are parsed and compiled once and cached by the environment; a
// compiled Template is immutable and may be rendered by many threads at once.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "jinja/errors.hpp"
#include "jinja/loaders.hpp"
#include "jinja/value.hpp"

namespace jinja {

namespace detail {
struct Program;
struct Frame;
}  // namespace detail

enum class UndefinedKind { Default, Strict, Chainable, Debug };

/// Flask's `select_jinja_autoescape`: on for names ending in .html .htm .xml .xhtml .svg.
bool flask_autoescape(std::string_view template_name);

struct EnvironmentOptions {
    std::shared_ptr<Loader> loader = {};
    /// Autoescape for every template; ignored when `autoescape_for` is set.
    bool autoescape = false;
    /// Autoescape decided per template name (e.g. jinja::flask_autoescape).
    std::function<bool(std::string_view)> autoescape_for = {};
    bool trim_blocks = false;
    bool lstrip_blocks = false;
    bool keep_trailing_newline = false;
    UndefinedKind undefined = UndefinedKind::Default;
    /// Re-check sources (file mtimes) on get_template.
    bool auto_reload = true;
    /// jinja2.ext.loopcontrols ({% break %}, {% continue %}) and jinja2.ext.do.
    bool ext_loopcontrols = false;
    bool ext_do = false;
};

class Environment;

/// A compiled template.  Cheap to share; thread-safe to render.
class Template {
public:
    Template(const Environment& env, std::shared_ptr<const detail::Program> program)
        : env_(&env), program_(std::move(program)) {}
    const std::string& name() const;
    std::string render(const Dict& context = {}) const;
    void render_to(std::string& out, const Dict& context = {}) const;
    /// Streams the output in chunks (stream_template).
    void generate(const Dict& context, const std::function<void(std::string_view)>& write) const;
    const detail::Program& program() const { return *program_; }
    std::shared_ptr<const detail::Program> program_ptr() const { return program_; }
    const Environment& environment() const { return *env_; }

private:
    const Environment* env_;
    std::shared_ptr<const detail::Program> program_;
};

/// Filters get the value and the call's arguments; tests return truthiness.
using FilterFn = std::function<Value(const Value& value, const CallArgs& args)>;
using TestFn = std::function<bool(const Value& value, const CallArgs& args)>;

class Environment {
public:
    explicit Environment(EnvironmentOptions options = {});
    ~Environment();
    Environment(const Environment&) = delete;
    Environment& operator=(const Environment&) = delete;

    const EnvironmentOptions& options() const { return options_; }
    void set_loader(std::shared_ptr<Loader> loader);
    bool autoescape_for(std::string_view name) const;

    /// Globals visible to every template (after the render context).
    Dict& globals() { return globals_; }
    const Dict& globals() const { return globals_; }
    void add_filter(const std::string& name, FilterFn fn);
    void add_test(const std::string& name, TestFn fn);
    bool has_filter(std::string_view name) const;
    bool has_test(std::string_view name) const;

    /// Loads (or returns the cached) template; throws TemplateNotFound and
    /// TemplateSyntaxError.
    std::shared_ptr<const Template> get_template(const std::string& name) const;
    /// The first template of `names` that exists (TemplatesNotFound otherwise).
    std::shared_ptr<const Template> select_template(const std::vector<std::string>& names) const;
    /// Compiles a template from a string (not cached).
    std::shared_ptr<const Template> from_string(std::string_view source, const std::string& name = {}) const;
    /// Drops every cached template.
    void clear_cache();

    // ---- engine internals ----
    struct FilterEntry {
        std::function<Value(detail::Frame&, const Value&, CallArgs&)> fn;
        bool pure = true;  // may be constant-folded
        /// Fast path for `{{ x|f }}`: appends what printing the result would
        /// write (escaped when the last argument is true) and returns true, or
        /// returns false without writing anything so that `fn` runs instead.
        bool (*emit)(detail::Frame&, const Value&, CallArgs&, std::string&, bool) = nullptr;
    };
    struct TestEntry {
        std::function<bool(detail::Frame&, const Value&, CallArgs&)> fn;
        bool pure = true;
    };
    const FilterEntry* find_filter(std::string_view name) const;
    const TestEntry* find_test(std::string_view name) const;
    std::shared_ptr<const detail::Program> load_program(const std::string& name) const;

private:
    std::shared_ptr<const detail::Program> compile(std::string_view source, const std::string& name,
                                                   const std::string& filename) const;
    struct CacheEntry {
        std::shared_ptr<const detail::Program> program;
        std::function<bool()> uptodate;
    };

    EnvironmentOptions options_;
    Dict globals_;
    std::unordered_map<std::string, FilterEntry> filters_;
    std::unordered_map<std::string, TestEntry> tests_;
    mutable std::shared_mutex cache_mutex_;
    mutable std::unordered_map<std::string, CacheEntry> cache_;
};

}  // namespace jinja
