// Environment: options, registries, loading and the compiled-template cache.
#include "builtins.hpp"
#include "jinja/pyformat.hpp"
#include "jinja/template.hpp"
#include "nodes.hpp"

namespace jinja {

bool flask_autoescape(std::string_view name) {
    for (std::string_view ext : {".html", ".htm", ".xml", ".xhtml", ".svg"})
        if (name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext) return true;
    return false;
}

TemplatesNotFound::TemplatesNotFound(std::vector<std::string> names)
    : TemplateNotFound(names.empty() ? std::string() : names.back(), [&] {
          std::string msg = "none of the templates given were found: ";
          for (std::size_t i = 0; i < names.size(); ++i) msg += (i ? ", " : "") + names[i];
          return msg;
      }()),
      names_(std::move(names)) {}

const char* python_error_name(const std::exception& e) noexcept {
    if (auto* t = dynamic_cast<const TemplateError*>(&e)) return t->kind();
    if (dynamic_cast<const TypeError*>(&e)) return "TypeError";
    if (dynamic_cast<const ValueError*>(&e)) return "ValueError";
    if (dynamic_cast<const KeyError*>(&e)) return "KeyError";
    if (dynamic_cast<const IndexError*>(&e)) return "IndexError";
    if (dynamic_cast<const AttributeError*>(&e)) return "AttributeError";
    if (dynamic_cast<const ZeroDivisionError*>(&e)) return "ZeroDivisionError";
    if (dynamic_cast<const OverflowError*>(&e)) return "OverflowError";
    if (dynamic_cast<const RuntimeError*>(&e)) return "RuntimeError";
    if (dynamic_cast<const AssertionError*>(&e)) return "AssertionError";
    if (dynamic_cast<const PySyntaxError*>(&e)) return "SyntaxError";
    return "Exception";
}

Environment::Environment(EnvironmentOptions options) : options_(std::move(options)) {
    for (auto& [name, entry] : detail::builtin_filters()) filters_[name] = std::move(entry);
    for (auto& [name, entry] : detail::builtin_tests()) tests_[name] = std::move(entry);
    detail::add_builtin_globals(globals_);
}

Environment::~Environment() = default;

void Environment::set_loader(std::shared_ptr<Loader> loader) {
    options_.loader = std::move(loader);
    clear_cache();
}

bool Environment::autoescape_for(std::string_view name) const {
    if (options_.autoescape_for) return options_.autoescape_for(name);
    return options_.autoescape;
}

void Environment::add_filter(const std::string& name, FilterFn fn) {
    filters_[name] = FilterEntry{[fn = std::move(fn)](detail::Frame&, const Value& v, CallArgs& a) { return fn(v, a); }, false};
}

void Environment::add_test(const std::string& name, TestFn fn) {
    tests_[name] = TestEntry{[fn = std::move(fn)](detail::Frame&, const Value& v, CallArgs& a) { return fn(v, a); }, false};
}

bool Environment::has_filter(std::string_view name) const { return filters_.count(std::string(name)) > 0; }
bool Environment::has_test(std::string_view name) const { return tests_.count(std::string(name)) > 0; }

const Environment::FilterEntry* Environment::find_filter(std::string_view name) const {
    auto it = filters_.find(std::string(name));
    return it == filters_.end() ? nullptr : &it->second;
}

const Environment::TestEntry* Environment::find_test(std::string_view name) const {
    auto it = tests_.find(std::string(name));
    return it == tests_.end() ? nullptr : &it->second;
}

std::shared_ptr<const detail::Program> Environment::compile(std::string_view source, const std::string& name,
                                                            const std::string& filename) const {
    auto p = detail::parse_program(*this, source, name, autoescape_for(name));
    p->filename = filename;
    return p;
}

std::shared_ptr<const detail::Program> Environment::load_program(const std::string& name) const {
    {
        std::shared_lock lock(cache_mutex_);
        auto it = cache_.find(name);
        if (it != cache_.end() && (!options_.auto_reload || !it->second.uptodate || it->second.uptodate()))
            return it->second.program;
    }
    if (!options_.loader) throw TemplateNotFound(name);
    auto src = options_.loader->get_source(name);
    if (!src) throw TemplateNotFound(name);
    auto program = compile(src->source, name, src->filename);
    std::unique_lock lock(cache_mutex_);
    cache_[name] = CacheEntry{program, src->uptodate};
    return program;
}

std::shared_ptr<const Template> Environment::get_template(const std::string& name) const {
    return std::make_shared<Template>(*this, load_program(name));
}

std::shared_ptr<const Template> Environment::select_template(const std::vector<std::string>& names) const {
    for (const auto& n : names) {
        try {
            return get_template(n);
        } catch (const TemplateNotFound& e) {
            if (e.missing() != n) throw;
        }
    }
    throw TemplatesNotFound(names);
}

std::shared_ptr<const Template> Environment::from_string(std::string_view source, const std::string& name) const {
    return std::make_shared<Template>(*this, compile(source, name, {}));
}

void Environment::clear_cache() {
    std::unique_lock lock(cache_mutex_);
    cache_.clear();
}

// ---- Template ------------------------------------------------------------------

const std::string& Template::name() const { return program_->name; }

void Template::render_to(std::string& out, const Dict& context) const { out += render(context); }

std::string Template::render(const Dict& context) const {
    detail::Session session;
    detail::Context* ctx = session.new_context();
    ctx->env = env_;
    ctx->vars = context;
    std::string out;
    // Sized like the largest earlier output (up to 1 MiB), so that the
    // buffer does not grow step by step.
    out.reserve(program_->output_hint.load(std::memory_order_relaxed));
    detail::render_program(*program_, *ctx, out);
    constexpr std::size_t max_hint = std::size_t{1} << 20;
    if (out.size() > program_->output_hint.load(std::memory_order_relaxed) && out.size() <= max_hint)
        program_->output_hint.store(out.size(), std::memory_order_relaxed);
    return out;
}

void Template::generate(const Dict& context, const std::function<void(std::string_view)>& write) const {
    std::string out = render(context);
    constexpr std::size_t chunk = 8192;
    for (std::size_t i = 0; i < out.size(); i += chunk) write(std::string_view(out).substr(i, chunk));
}

// ---- loaders -------------------------------------------------------------------

std::optional<TemplateSource> DictLoader::get_source(const std::string& name) const {
    auto it = templates_.find(name);
    if (it == templates_.end()) return std::nullopt;
    return TemplateSource{it->second, {}, [] { return true; }};
}

std::vector<std::string> DictLoader::list_templates() const {
    std::vector<std::string> names;
    for (const auto& [k, v] : templates_) names.push_back(k);
    return names;
}

std::optional<TemplateSource> ChoiceLoader::get_source(const std::string& name) const {
    for (const auto& l : loaders_)
        if (auto s = l->get_source(name)) return s;
    return std::nullopt;
}

std::vector<std::string> ChoiceLoader::list_templates() const {
    std::vector<std::string> names;
    for (const auto& l : loaders_)
        for (auto& n : l->list_templates()) names.push_back(std::move(n));
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

std::optional<TemplateSource> FunctionLoader::get_source(const std::string& name) const {
    auto s = fn_(name);
    if (!s) return std::nullopt;
    return TemplateSource{std::move(*s), {}, {}};
}

std::optional<TemplateSource> PrefixLoader::get_source(const std::string& name) const {
    auto pos = name.find(delimiter_);
    if (pos == std::string::npos) return std::nullopt;
    auto it = mapping_.find(name.substr(0, pos));
    if (it == mapping_.end()) return std::nullopt;
    return it->second->get_source(name.substr(pos + 1));
}

std::vector<std::string> PrefixLoader::list_templates() const {
    std::vector<std::string> names;
    for (const auto& [prefix, l] : mapping_)
        for (const auto& n : l->list_templates()) names.push_back(prefix + delimiter_ + n);
    return names;
}

}  // namespace jinja
