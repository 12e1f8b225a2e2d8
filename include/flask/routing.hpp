// Werkzeug-style URL routing, sans I/O: rules with converters, a map that
// matches request paths (segment by segment, with Werkzeug's weights and
// backtracking) and builds URLs back from endpoints.
//
//     flask::routing::Map map;
//     map.add(Rule("/post/<int:post_id>", "show_post"));
//     auto adapter = map.bind("example.org");
//     auto m = adapter.match("/post/42", "GET");   // m.rule->endpoint() == "show_post", args {post_id: 42}
//     adapter.build("show_post", {{"post_id", 42}}); // "/post/42"
//
// Errors follow werkzeug.routing: NotFound, MethodNotAllowed, RequestRedirect
// (308), WebsocketMismatch (400) from match(); BuildError from build().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "flask/exceptions.hpp"
#include "jinja/value.hpp"

namespace flask::routing {

/// Ordered name -> value pairs (a Python dict that keeps insertion order):
/// match results, build values and rule defaults.
using Args = std::vector<std::pair<std::string, jinja::Value>>;

/// Looks a key up in Args; nullptr when absent.
const jinja::Value* find_arg(const Args& args, std::string_view name) noexcept;

/// Raised by a converter's to_python() to reject a value during matching
/// (the request then gets a 404; no other rule is tried), or by to_url() to
/// make a rule unsuitable for building.
struct ValidationError : std::runtime_error {
    ValidationError() : std::runtime_error("ValidationError") {}
    using std::runtime_error::runtime_error;
};

/// 400 raised when the only matching rule is a WebSocket rule and the
/// request is HTTP, or the other way round.
struct WebsocketMismatch : BadRequest {
    WebsocketMismatch() : BadRequest() {}
};

class Map;
class MapAdapter;
class Rule;

/// No endpoint fits the values/method given to MapAdapter::build().
class BuildError : public std::runtime_error {
public:
    BuildError(std::string endpoint, Args values, std::optional<std::string> method, std::string message);
    const std::string& endpoint() const noexcept { return endpoint_; }
    const Args& values() const noexcept { return values_; }
    const std::optional<std::string>& method() const noexcept { return method_; }

private:
    std::string endpoint_;
    Args values_;
    std::optional<std::string> method_;
};

/// A non-owning reference to a callable (like std::function_ref), so that
/// converters can report candidate match ends without allocating.
template <class Signature>
class FunctionRef;
template <class R, class... A>
class FunctionRef<R(A...)> {
public:
    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FunctionRef>>>
    FunctionRef(F&& f) noexcept  // NOLINT(google-explicit-constructor)
        : object_(const_cast<void*>(static_cast<const void*>(&f))),
          call_([](void* o, A... a) -> R { return (*static_cast<std::remove_reference_t<F>*>(o))(std::forward<A>(a)...); }) {}
    R operator()(A... a) const { return call_(object_, std::forward<A>(a)...); }

private:
    void* object_;
    R (*call_)(void*, A...);
};

/// What kind of value a rule argument is, for checking view signatures.
enum class ConverterKind { String, Int, Float, Path, Any, UUID, Custom };
std::string_view to_string(ConverterKind kind) noexcept;

/// Arguments written in a rule, e.g. `int(min=1, max=9)` or `any(a, "b")`,
/// parsed as Python literals (ints, floats, True/False/None, strings, names).
struct ConverterArgs {
    jinja::List args;
    std::vector<std::pair<std::string, jinja::Value>> kwargs;
};
/// Werkzeug's parse_converter_args; throws std::invalid_argument when malformed.
ConverterArgs parse_converter_args(std::string_view text);

/// Base class of URL converters.  A converter describes the text it matches
/// (`regex()`, used for documentation and to decide which rules share a
/// matching state), how to find it (`match()`), its weight, and the
/// conversions both ways.  Subclass it for custom converters and register a
/// factory with Map::add_converter().
class Converter {
public:
    virtual ~Converter() = default;
    virtual ConverterKind kind() const { return ConverterKind::Custom; }
    /// Python regex of the values this converter matches.
    virtual std::string regex() const { return "[^/]+"; }
    /// Matching order among dynamic parts: lower first (int/float 50, string/uuid 100, path 200).
    virtual int weight() const { return 100; }
    /// False when values may contain '/' (the rest of the path is then matched at once).
    virtual bool part_isolating() const { return regex().find('/') == std::string::npos; }
    /// Offers every end position of a match of regex() starting at `pos` of
    /// `text`, in the order Python's regex engine tries them (greedy: longest
    /// first), until `accept` returns true.  Returns whether one was accepted.
    /// The default runs regex() through std::regex (ECMAScript dialect) on each
    /// candidate; built-in converters use hand-written matchers.
    virtual bool match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const;
    /// The Python value of a matched string; throw ValidationError to reject.
    virtual jinja::Value to_python(std::string_view value) const { return jinja::Value(value); }
    /// The URL text of a value (quoted with the path-segment safe set by default).
    virtual std::string to_url(const jinja::Value& value) const;

private:
    struct RegexCache;
    mutable std::once_flag regex_once_;
    mutable std::shared_ptr<RegexCache> regex_cache_;
};

using ConverterFactory = std::function<std::shared_ptr<Converter>(const ConverterArgs&)>;

/// Built-in converters (the Werkzeug defaults).
class StringConverter : public Converter {
public:
    explicit StringConverter(std::int64_t minlength = 1, std::optional<std::int64_t> maxlength = std::nullopt,
                             std::optional<std::int64_t> length = std::nullopt);
    ConverterKind kind() const override { return ConverterKind::String; }
    std::string regex() const override;
    bool part_isolating() const override { return true; }
    bool match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const override;

private:
    std::int64_t min_;
    std::optional<std::int64_t> max_;
};

class PathConverter : public Converter {
public:
    ConverterKind kind() const override { return ConverterKind::Path; }
    std::string regex() const override { return "[^/].*?"; }
    int weight() const override { return 200; }
    bool part_isolating() const override { return false; }
    bool match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const override;
};

class AnyConverter : public Converter {
public:
    explicit AnyConverter(std::vector<std::string> items);
    ConverterKind kind() const override { return ConverterKind::Any; }
    std::string regex() const override;
    bool part_isolating() const override { return true; }
    bool match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const override;
    /// str(value) when it is one of the items (not quoted); ValueError otherwise.
    std::string to_url(const jinja::Value& value) const override;
    const std::vector<std::string>& items() const noexcept { return items_; }

private:
    std::vector<std::string> items_;
};

/// int and float: Unicode decimal digits (Python's \d), optional '-' when signed.
class NumberConverter : public Converter {
public:
    NumberConverter(bool is_float, std::int64_t fixed_digits, std::optional<jinja::Value> min,
                    std::optional<jinja::Value> max, bool is_signed);
    ConverterKind kind() const override { return is_float_ ? ConverterKind::Float : ConverterKind::Int; }
    std::string regex() const override;
    int weight() const override { return 50; }
    bool match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const override;
    jinja::Value to_python(std::string_view value) const override;
    /// str(int(value)) zero-filled to fixed_digits, or str(float(value)).
    std::string to_url(const jinja::Value& value) const override;

private:
    jinja::Value big_int(std::string_view value) const;
    bool is_float_;
    std::int64_t fixed_digits_;
    std::optional<jinja::Value> min_, max_;
    bool signed_;
};

class UUIDConverter : public Converter {
public:
    ConverterKind kind() const override { return ConverterKind::UUID; }
    std::string regex() const override;
    bool match(std::string_view text, std::size_t pos, FunctionRef<bool(std::size_t)> accept) const override;
    jinja::Value to_python(std::string_view value) const override;  // a flask::UUID object value
    std::string to_url(const jinja::Value& value) const override;   // str(value), not quoted
};

/// Options of a Rule, as the keyword arguments of werkzeug.routing.Rule.
/// Unset optionals inherit from the map.
struct RuleOptions {
    std::optional<std::vector<std::string>> methods{};  // upper-cased; HEAD added when GET is present
    Args defaults{};
    std::optional<std::string> subdomain{};
    std::optional<std::string> host{};
    std::optional<bool> strict_slashes{};
    std::optional<bool> merge_slashes{};
    bool build_only = false;
    bool alias = false;
    bool websocket = false;
    /// Redirect target template ("/new/<id>", joined against the bound URL) ...
    std::optional<std::string> redirect_to{};
    /// ... or a callable computing it from the adapter and the matched values.
    std::function<std::string(const MapAdapter&, const Args&)> redirect_to_callable{};
};

/// One URL rule.  Construct it, then hand it to Map::add(), which binds it
/// (resolves converters and map defaults) and compiles it.
class Rule {
public:
    struct Argument {
        std::string name;
        std::string converter_name;  // "default", "int", "path", a custom name ...
        std::shared_ptr<const Converter> converter;
        ConverterKind kind() const { return converter->kind(); }
    };
    /// Internal: one compiled '/'-delimited part of the rule (see src/routing).
    struct Part;
    /// One element of a compiled part: literal text, or a converter slot.
    struct Element {
        bool is_converter = false;
        std::string text;                   // literal text
        const Converter* converter = nullptr;
    };

    explicit Rule(std::string rule, std::string endpoint = {}, RuleOptions options = {});
    Rule(Rule&&) noexcept;
    Rule& operator=(Rule&&) noexcept;
    ~Rule();

    /// The rule string as given ("/post/<int:post_id>").
    const std::string& rule() const noexcept { return rule_; }
    const std::string& endpoint() const noexcept { return endpoint_; }
    /// Sorted methods, or nullopt when the rule accepts any method.
    const std::optional<std::vector<std::string>>& methods() const noexcept { return methods_; }
    bool allows_method(std::string_view method) const noexcept;
    const Args& defaults() const noexcept { return options_.defaults; }
    const RuleOptions& options() const noexcept { return options_; }
    bool build_only() const noexcept { return options_.build_only; }
    bool alias() const noexcept { return options_.alias; }
    bool websocket() const noexcept { return options_.websocket; }
    bool strict_slashes() const noexcept { return strict_slashes_; }
    bool merge_slashes() const noexcept { return merge_slashes_; }
    const std::string& subdomain() const noexcept { return subdomain_; }
    const std::optional<std::string>& host() const noexcept { return options_.host; }
    bool is_leaf() const noexcept { return rule_.empty() || rule_.back() != '/'; }
    bool is_branch() const noexcept { return !is_leaf(); }

    /// Converter arguments in rule order (host/subdomain ones first).
    const std::vector<Argument>& converters() const noexcept { return converters_; }
    /// The converter of a named argument, or nullptr when the rule has none by that name.
    const Argument* converter_for(std::string_view name) const noexcept;
    /// Werkzeug's `rule.arguments`: converter names then defaults keys (no duplicates).
    const std::vector<std::string>& arguments() const noexcept { return arguments_; }
    bool has_argument(std::string_view name) const noexcept;

    /// Whether `values` suffice to build this rule with `method` (Werkzeug's suitable_for).
    bool suitable_for(const Args& values, std::optional<std::string_view> method) const;
    /// Whether this rule supplies defaults for `other` (same endpoint and arguments).
    bool provides_defaults_for(const Rule& other) const;
    /// Builds (domain part, path [+ '?' + query]); nullopt when a converter's
    /// to_url raised ValidationError.  Other exceptions propagate.
    std::optional<std::pair<std::string, std::string>> build(const Args& values, bool append_unknown = true) const;

    bool bound() const noexcept { return map_ != nullptr; }
    const Map* map() const noexcept { return map_; }
    /// "<Rule '/path' (GET, HEAD) -> endpoint>".
    std::string repr() const;

private:
    friend class Map;
    friend class Matcher;
    void bind(const Map& map);
    void parse(std::string_view text, bool is_domain);

    std::string rule_;
    std::string endpoint_;
    RuleOptions options_;
    std::optional<std::vector<std::string>> methods_;
    bool strict_slashes_ = true;
    bool merge_slashes_ = true;
    std::string subdomain_;
    const Map* map_ = nullptr;
    std::vector<Argument> converters_;
    std::vector<std::string> arguments_;
    std::vector<Part> parts_;
    // (is_dynamic, text) pieces, Werkzeug's _trace; "|" separates domain from path.
    std::vector<std::pair<bool, std::string>> trace_;
    struct BuildOp {
        bool domain = false;
        const Converter* converter = nullptr;  // null: literal (already quoted) text
        std::string text;                      // literal text, or the argument name
    };
    std::vector<BuildOp> build_ops_;
};

/// Map options, as the keyword arguments of werkzeug.routing.Map.
struct MapOptions {
    std::string default_subdomain{};
    bool strict_slashes = true;
    bool merge_slashes = true;
    bool redirect_defaults = true;
    bool sort_parameters = false;
    bool host_matching = false;
};

/// The result of a successful match.
struct MatchResult {
    const Rule* rule = nullptr;
    Args args;
    const std::string& endpoint() const { return rule->endpoint(); }
};

class Matcher;

/// A set of rules.  Add all rules first; matching and building are then
/// read-only and thread-safe.
class Map {
public:
    explicit Map(MapOptions options = {});
    Map(Map&&) noexcept;
    Map& operator=(Map&&) noexcept;
    ~Map();

    const MapOptions& options() const noexcept { return options_; }

    /// Registers a converter under `name` (replacing a built-in one of that name).
    void add_converter(std::string name, ConverterFactory factory);
    /// Registers a converter type constructible from ConverterArgs or default-constructible.
    template <class C>
    void add_converter(std::string name) {
        add_converter(std::move(name), [](const ConverterArgs& a) -> std::shared_ptr<Converter> {
            if constexpr (std::is_constructible_v<C, const ConverterArgs&>) {
                return std::make_shared<C>(a);
            } else {
                if (!a.args.empty() || !a.kwargs.empty())
                    throw std::invalid_argument("converter takes no arguments");
                return std::make_shared<C>();
            }
        });
    }
    /// Instantiates the named converter with rule arguments (LookupError-like
    /// std::out_of_range when unknown).
    std::shared_ptr<Converter> make_converter(std::string_view name, const ConverterArgs& args) const;
    bool has_converter(std::string_view name) const;

    /// Binds and adds a rule; throws std::invalid_argument for malformed rules
    /// or converter arguments, std::out_of_range for unknown converters.
    const Rule& add(Rule rule);

    /// All rules in registration order.
    std::vector<const Rule*> rules() const;
    /// The rules of an endpoint in build order (Werkzeug's iter_rules(endpoint)).
    std::vector<const Rule*> rules_for(std::string_view endpoint) const;
    bool has_endpoint(std::string_view endpoint) const;
    /// Whether some rule of `endpoint` has all the given arguments.
    bool is_endpoint_expecting(std::string_view endpoint, const std::vector<std::string>& arguments) const;

    /// Werkzeug's Map.bind: lower-cases and IDNA-encodes the server name;
    /// `subdomain` defaults to the map's default subdomain.
    MapAdapter bind(std::string_view server_name, std::optional<std::string_view> script_name = std::nullopt,
                    std::optional<std::string_view> subdomain = std::nullopt, std::string_view url_scheme = "http",
                    std::string_view default_method = "GET", std::optional<std::string_view> path_info = std::nullopt,
                    std::optional<std::string_view> query_args = std::nullopt) const;

private:
    friend class MapAdapter;
    struct Impl;
    MapOptions options_;
    std::unique_ptr<Impl> impl_;
};

/// A map bound to a server name, script name, subdomain and scheme.
class MapAdapter {
public:
    /// Matches a decoded PATH_INFO.  `method` defaults to the bind's default
    /// method, `query_args` (a raw query string, appended verbatim to
    /// redirects) to the bind's, `websocket` to whether the scheme is ws/wss.
    /// Throws RequestRedirect, NotFound, MethodNotAllowed or WebsocketMismatch.
    MatchResult match(std::optional<std::string_view> path_info = std::nullopt,
                      std::optional<std::string_view> method = std::nullopt,
                      std::optional<std::string_view> query_args = std::nullopt,
                      std::optional<bool> websocket = std::nullopt) const;
    /// Whether the path matches (redirects count as matching).
    bool test(std::optional<std::string_view> path_info = std::nullopt,
              std::optional<std::string_view> method = std::nullopt) const;
    /// The methods the path accepts (sorted), empty when nothing matches.
    std::vector<std::string> allowed_methods(std::optional<std::string_view> path_info = std::nullopt) const;

    /// Builds a URL for `endpoint`.  `values` keep their order; None values are
    /// dropped, list/tuple values repeat their key in the query string.  The
    /// anchor, when given, is appended as Flask's url_for does.  Throws
    /// BuildError, or whatever a converter's to_url throws (jinja::ValueError ...).
    std::string build(std::string_view endpoint, const Args& values = {},
                      std::optional<std::string_view> method = std::nullopt, bool force_external = false,
                      bool append_unknown = true, std::optional<std::string_view> url_scheme = std::nullopt,
                      std::optional<std::string_view> anchor = std::nullopt) const;

    const Map& map() const noexcept { return *map_; }
    const std::string& server_name() const noexcept { return server_name_; }
    const std::string& script_name() const noexcept { return script_name_; }
    const std::optional<std::string>& subdomain() const noexcept { return subdomain_; }
    const std::string& url_scheme() const noexcept { return url_scheme_; }
    const std::string& default_method() const noexcept { return default_method_; }
    const std::string& path_info() const noexcept { return path_info_; }
    const std::optional<std::string>& query_args() const noexcept { return query_args_; }
    bool websocket() const noexcept { return websocket_; }

    /// The host for a built domain part (subdomain + server name, or the host).
    std::string get_host(std::optional<std::string_view> domain_part) const;
    /// scheme://host/script_name/path[?query], as Werkzeug's make_redirect_url.
    std::string make_redirect_url(std::string_view path, std::optional<std::string_view> query_args,
                                  std::optional<std::string_view> domain_part = std::nullopt) const;

private:
    friend class Map;
    MapAdapter() = default;
    std::optional<std::string> default_redirect(const Rule& rule, std::string_view method, Args& values,
                                                std::string_view query_args) const;
    struct Built {
        std::string domain, path;
        bool websocket;
    };
    std::optional<Built> partial_build(std::string_view endpoint, const Args& values,
                                       std::optional<std::string_view> method, bool append_unknown) const;
    std::string build_error_message(std::string_view endpoint, const Args& values,
                                    std::optional<std::string_view> method) const;

    const Map* map_ = nullptr;
    std::string server_name_;
    std::string script_name_;
    std::optional<std::string> subdomain_;
    std::string url_scheme_;
    std::string path_info_;
    std::string default_method_;
    std::optional<std::string> query_args_;
    bool websocket_ = false;
};

}  // namespace flask::routing

namespace flask {
using routing::BuildError;
}  // namespace flask
