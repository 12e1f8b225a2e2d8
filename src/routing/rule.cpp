// Rule: parsing rule strings into matchable parts (Werkzeug's _parse_rule),
// binding to a map, and building URLs from values.
#include <algorithm>

#include "flask/urls.hpp"
#include "routing/internal.hpp"

namespace flask::routing {

using jinja::Value;

const Value* find_arg(const Args& args, std::string_view name) noexcept {
    for (const auto& [k, v] : args)
        if (k == name) return &v;
    return nullptr;
}

namespace {

std::size_t identifier_end(std::string_view s, std::size_t i) {
    auto head = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
    auto tail = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    if (i >= s.size() || !head(s[i])) return std::string_view::npos;
    ++i;
    while (i < s.size() && tail(s[i])) ++i;
    return i;
}

struct Variable {
    std::string_view converter, arguments, name;
    bool has_arguments = false;
    std::size_t end = 0;
};

// `<` [converter [`(` args `)`] `:`] name `>` starting at pos (which is '<').
std::optional<Variable> parse_variable(std::string_view s, std::size_t pos) {
    std::size_t i = pos + 1;
    auto finish_name = [&](std::size_t at, Variable v) -> std::optional<Variable> {
        std::size_t e = identifier_end(s, at);
        if (e == std::string_view::npos || e >= s.size() || s[e] != '>') return std::nullopt;
        v.name = s.substr(at, e - at);
        v.end = e + 1;
        return v;
    };
    std::size_t conv_end = identifier_end(s, i);
    if (conv_end != std::string_view::npos && conv_end < s.size()) {
        Variable v;
        v.converter = s.substr(i, conv_end - i);
        if (s[conv_end] == '(') {
            // Lazy `.*?\)`: the first ')' after which `:name>` follows.
            for (std::size_t k = conv_end + 1; k < s.size() && s[k] != '\n'; ++k) {
                if (s[k] != ')' || k + 1 >= s.size() || s[k + 1] != ':') continue;
                Variable with = v;
                with.arguments = s.substr(conv_end + 1, k - conv_end - 1);
                with.has_arguments = true;
                if (auto r = finish_name(k + 2, with)) return r;
            }
        }
        if (s[conv_end] == ':')
            if (auto r = finish_name(conv_end + 1, v)) return r;
    }
    return finish_name(i, Variable{});
}

std::string merge_slashes_of(std::string_view s) {
    std::string out;
    for (char c : s)
        if (!(c == '/' && !out.empty() && out.back() == '/')) out += c;
    return out;
}

}  // namespace

Rule::Rule(std::string rule, std::string endpoint, RuleOptions options)
    : rule_(std::move(rule)), endpoint_(std::move(endpoint)), options_(std::move(options)) {
    if (rule_.empty() || rule_[0] != '/')
        throw std::invalid_argument("URL rule '" + rule_ + "' must start with a slash.");
    if (options_.methods) {
        std::vector<std::string> methods;
        for (auto m : *options_.methods) {
            for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (std::find(methods.begin(), methods.end(), m) == methods.end()) methods.push_back(std::move(m));
        }
        bool has_get = std::find(methods.begin(), methods.end(), "GET") != methods.end();
        if (has_get && std::find(methods.begin(), methods.end(), "HEAD") == methods.end()) methods.emplace_back("HEAD");
        std::sort(methods.begin(), methods.end());
        if (options_.websocket)
            for (const auto& m : methods)
                if (m != "GET" && m != "HEAD" && m != "OPTIONS")
                    throw std::invalid_argument("WebSocket rules can only use 'GET', 'HEAD', and 'OPTIONS' methods.");
        methods_ = std::move(methods);
    }
}

Rule::Rule(Rule&&) noexcept = default;
Rule& Rule::operator=(Rule&&) noexcept = default;
Rule::~Rule() = default;

bool Rule::allows_method(std::string_view method) const noexcept {
    if (!methods_) return true;
    for (const auto& m : *methods_)
        if (m == method) return true;
    return false;
}

const Rule::Argument* Rule::converter_for(std::string_view name) const noexcept {
    for (const auto& a : converters_)
        if (a.name == name) return &a;
    return nullptr;
}

bool Rule::has_argument(std::string_view name) const noexcept {
    return std::find(arguments_.begin(), arguments_.end(), name) != arguments_.end();
}

void Rule::bind(const Map& map) {
    if (map_) throw std::logic_error("url rule " + repr() + " already bound to a map");
    map_ = &map;
    const MapOptions& o = map.options();
    strict_slashes_ = options_.strict_slashes.value_or(o.strict_slashes);
    merge_slashes_ = options_.merge_slashes.value_or(o.merge_slashes);
    subdomain_ = options_.subdomain.value_or(o.default_subdomain);

    converters_.clear();
    parts_.clear();
    trace_.clear();
    build_ops_.clear();
    std::string domain_rule = o.host_matching ? options_.host.value_or("") : subdomain_;
    if (domain_rule.empty()) {
        parts_.emplace_back();  // the empty static domain part
    } else {
        parse(domain_rule, true);
    }
    trace_.emplace_back(false, "|");
    parse(merge_slashes_ ? merge_slashes_of(rule_) : rule_, false);

    std::size_t total = 0;
    for (const auto& p : parts_) total += p.converter_count;
    if (total > Matcher::kMaxValues) throw std::invalid_argument("too many converters in rule " + rule_);

    arguments_.clear();
    for (const auto& a : converters_) arguments_.push_back(a.name);
    for (const auto& [k, v] : options_.defaults)
        if (!has_argument(k)) arguments_.push_back(k);

    // Build operations; a converter argument with a default becomes a constant.
    bool domain = true;
    for (const auto& [dynamic, data] : trace_) {
        if (!dynamic && data == "|" && domain) {
            domain = false;
            continue;
        }
        BuildOp op;
        op.domain = domain;
        if (dynamic) {
            const Converter* conv = converter_for(data)->converter.get();
            if (const Value* d = find_arg(options_.defaults, data)) {
                op.text = conv->to_url(*d);
            } else {
                op.converter = conv;
                op.text = data;
            }
        } else {
            op.text = url_quote(data, kPathSafe);
        }
        if (!op.converter && !build_ops_.empty() && !build_ops_.back().converter && build_ops_.back().domain == domain)
            build_ops_.back().text += op.text;
        else
            build_ops_.push_back(std::move(op));
    }
}

void Rule::parse(std::string_view text, bool is_domain) {
    std::vector<Element> elements;
    bool is_static = true, final = false;
    std::vector<std::pair<int, int>> static_weights;
    std::vector<int> argument_weights;
    std::size_t converter_count = 0;

    auto add_literal = [&](std::string_view s) {
        if (!elements.empty() && !elements.back().is_converter)
            elements.back().text += s;
        else
            elements.push_back(Element{false, std::string(s), nullptr});
    };
    auto yield = [&](bool suffixed) {
        Part part;
        part.is_static = is_static;
        part.final = final;
        part.suffixed = suffixed;
        part.weight = Weighting{-static_cast<int>(static_weights.size()), static_weights,
                                -static_cast<int>(argument_weights.size()), argument_weights};
        part.converter_count = converter_count;
        for (const auto& e : elements) {
            if (is_static) {
                part.content += e.text;
            } else if (e.is_converter) {
                part.content += '\x02' + e.converter->regex() + '\x03';
            } else {
                part.content += '\x01' + e.text;
            }
        }
        if (!is_static) part.elements = std::move(elements);
        if (is_domain && final) throw std::invalid_argument("path converters cannot be used in a host or subdomain");
        parts_.push_back(std::move(part));
        elements.clear();
        is_static = true;
        final = false;
        static_weights.clear();
        argument_weights.clear();
        converter_count = 0;
    };

    std::size_t pos = 0;
    while (pos < text.size()) {
        if (text[pos] == '/') {
            trace_.emplace_back(false, "/");
            if (final)
                add_literal("/");
            else
                yield(false);
            ++pos;
        } else if (text[pos] != '<') {
            std::size_t end = std::min(text.find_first_of("</", pos), text.size());
            std::string_view s = text.substr(pos, end - pos);
            static_weights.emplace_back(static_cast<int>(static_weights.size()), -static_cast<int>(count_code_points(s)));
            trace_.emplace_back(false, std::string(s));
            add_literal(s);
            pos = end;
        } else {
            auto var = parse_variable(text, pos);
            if (!var) throw std::invalid_argument("malformed url rule: " + py_repr(text));
            ConverterArgs args;
            if (var->has_arguments) args = parse_converter_args(var->arguments);
            std::string conv_name = var->converter.empty() ? "default" : std::string(var->converter);
            std::shared_ptr<const Converter> conv = map_->make_converter(conv_name, args);
            is_static = false;
            std::string name(var->name);
            bool replaced = false;
            for (auto& a : converters_)
                if (a.name == name) a = Argument{name, conv_name, conv}, replaced = true;
            if (!replaced) converters_.push_back(Argument{name, conv_name, conv});
            if (!conv->part_isolating()) final = true;
            elements.push_back(Element{true, {}, conv.get()});
            ++converter_count;
            argument_weights.push_back(conv->weight());
            trace_.emplace_back(true, std::move(name));
            pos = var->end;
        }
    }
    bool suffixed = false;
    if (final && !elements.empty() && !elements.back().is_converter && elements.back().text.ends_with('/')) {
        suffixed = true;
        elements.back().text.pop_back();
        if (elements.back().text.empty()) elements.pop_back();
    }
    Weighting weight{-static_cast<int>(static_weights.size()), static_weights,
                     -static_cast<int>(argument_weights.size()), argument_weights};
    yield(suffixed);
    if (suffixed) {
        Part slash;
        slash.weight = weight;
        parts_.push_back(std::move(slash));
    }
}

bool Rule::suitable_for(const Args& values, std::optional<std::string_view> method) const {
    if (method && !allows_method(*method)) return false;
    const Args& defaults = options_.defaults;
    for (const auto& key : arguments_)
        if (!find_arg(defaults, key) && !find_arg(values, key)) return false;
    for (const auto& [key, value] : defaults)
        if (const Value* given = find_arg(values, key); given && !(value == *given)) return false;
    return true;
}

bool Rule::provides_defaults_for(const Rule& other) const {
    if (options_.build_only || options_.defaults.empty() || endpoint_ != other.endpoint_ || this == &other ||
        trace_ == other.trace_)
        return false;
    if (arguments_.size() != other.arguments_.size()) return false;
    for (const auto& a : arguments_)
        if (!other.has_argument(a)) return false;
    return true;
}

std::optional<std::pair<std::string, std::string>> Rule::build(const Args& values, bool append_unknown) const {
    std::pair<std::string, std::string> out;
    for (const auto& op : build_ops_) {
        std::string& target = op.domain ? out.first : out.second;
        if (!op.converter) {
            target += op.text;
            continue;
        }
        const Value* v = find_arg(values, op.text);
        if (!v) return std::nullopt;
        try {
            target += op.converter->to_url(*v);
        } catch (const ValidationError&) {
            return std::nullopt;
        }
    }
    if (append_unknown) {
        QueryPairs query;
        for (const auto& [k, v] : values)
            if (!has_argument(k)) query.emplace_back(k, v);
        if (!query.empty()) {
            std::string params = url_encode(query, map_ && map_->options().sort_parameters);
            if (!params.empty()) {
                out.second += '?';
                out.second += params;
            }
        }
    }
    return out;
}

std::string Rule::repr() const {
    if (!map_) return "<Rule (unbound)>";
    std::string parts;
    for (const auto& [dynamic, data] : trace_) parts += dynamic ? "<" + data + ">" : data;
    parts.erase(0, parts.find_first_not_of('|'));
    std::string methods;
    if (methods_) {
        methods = " (";
        for (std::size_t i = 0; i < methods_->size(); ++i) methods += (i ? ", " : "") + (*methods_)[i];
        methods += ")";
    }
    return "<Rule " + py_repr(parts) + methods + " -> " + endpoint_ + ">";
}

}  // namespace flask::routing
