// Converter arguments in rule strings (`<int(min=1, max=9):n>`): Werkzeug's
// parse_converter_args, and the factories of the built-in converters that
// bind those arguments like Python keyword arguments.
#include <algorithm>
#include <cctype>

#include "routing/internal.hpp"

namespace flask::routing {

using jinja::Value;

namespace {

bool is_word_at(std::string_view s, std::size_t i, std::size_t& next) {
    if (i >= s.size()) return false;
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        if (std::isalnum(c) || c == '_') {
            next = i + 1;
            return true;
        }
        return false;
    }
    next = i;
    decode_utf8(s, next);
    return true;  // non-ASCII letters and digits count as \w
}

bool is_digit_at(std::string_view s, std::size_t i, std::size_t& next) {
    if (i >= s.size()) return false;
    next = i;
    return decimal_digit_value(decode_utf8(s, next)) >= 0;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t skip_space(std::string_view s, std::size_t i) {
    while (i < s.size() && is_space(s[i])) ++i;
    return i;
}

// Ends of a greedy run (class matcher), longest first, at least one.
template <class Pred>
std::vector<std::size_t> run_ends(std::string_view s, std::size_t i, Pred pred) {
    std::vector<std::size_t> ends;
    std::size_t next;
    while (pred(s, i, next)) {
        i = next;
        ends.push_back(i);
    }
    return {ends.rbegin(), ends.rend()};
}

struct ValueMatch {
    std::size_t end;          // after the trailing ','
    std::string_view value;   // the value text
    bool quoted = false;      // a string literal (quotes included in `value`)
};

// The `value` alternatives followed by \s*, — first success in regex order.
std::optional<ValueMatch> match_value(std::string_view s, std::size_t i) {
    auto finish = [&](std::size_t end, bool quoted, std::size_t vstart) -> std::optional<ValueMatch> {
        std::size_t k = skip_space(s, end);
        if (k < s.size() && s[k] == ',') return ValueMatch{k + 1, s.substr(vstart, end - vstart), quoted};
        return std::nullopt;
    };
    for (std::string_view word : {"True", "False"})
        if (s.substr(i).starts_with(word))
            if (auto m = finish(i + word.size(), false, i)) return m;
    auto digit_ends = run_ends(s, i, is_digit_at);
    auto any_char = [&](std::size_t at, std::size_t& next) {
        if (at >= s.size() || s[at] == '\n') return false;
        next = at;
        decode_utf8(s, next);
        return true;
    };
    for (std::size_t d1 : digit_ends) {  // \d+.\d+
        std::size_t dot;
        if (!any_char(d1, dot)) continue;
        for (std::size_t d2 : run_ends(s, dot, is_digit_at))
            if (auto m = finish(d2, false, i)) return m;
    }
    for (std::size_t d1 : digit_ends) {  // \d+.
        std::size_t dot;
        if (any_char(d1, dot))
            if (auto m = finish(dot, false, i)) return m;
    }
    for (std::size_t d1 : digit_ends)  // \d+
        if (auto m = finish(d1, false, i)) return m;
    auto name_char = [](std::string_view t, std::size_t at, std::size_t& next) {
        if (at < t.size() && t[at] == '.') {
            next = at + 1;
            return true;
        }
        return is_word_at(t, at, next);
    };
    for (std::size_t e : run_ends(s, i, name_char))  // [\w\d_.]+
        if (auto m = finish(e, false, i)) return m;
    // [urUR]?("[^"]*?"|'[^']*')
    for (std::size_t start : {i + 1, i}) {
        if (start == i + 1 && !(i < s.size() && std::string_view("urUR").find(s[i]) != std::string_view::npos))
            continue;
        if (start >= s.size() || (s[start] != '"' && s[start] != '\'')) continue;
        auto close = s.find(s[start], start + 1);
        if (close == std::string_view::npos) continue;
        if (auto m = finish(close + 1, true, start)) return m;
    }
    return std::nullopt;
}

struct ArgMatch {
    std::size_t end;
    std::string_view name;
    ValueMatch value;
};

std::optional<ArgMatch> match_arg_at(std::string_view s, std::size_t pos) {
    std::size_t i = skip_space(s, pos);
    auto name_ends = run_ends(s, i, is_word_at);
    if (!name_ends.empty()) {
        std::size_t k = skip_space(s, name_ends.front());
        if (k < s.size() && s[k] == '=')
            if (auto v = match_value(s, skip_space(s, k + 1)))
                return ArgMatch{v->end, s.substr(i, name_ends.front() - i), *v};
    }
    if (auto v = match_value(s, i)) return ArgMatch{v->end, {}, *v};
    return std::nullopt;
}

Value pythonize(const ValueMatch& m) {
    std::string_view v = m.value;
    if (!m.quoted) {
        if (v == "None") return Value();
        if (v == "True") return Value(true);
        if (v == "False") return Value(false);
        if (auto i = parse_python_int(v)) return Value(*i);
        if (auto f = parse_python_float(v)) return Value(*f);
    }
    if (v.size() >= 2 && v.front() == v.back() && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
    return Value(v);
}

// ---- built-in factories ----------------------------------------------------

// Binds positional and keyword arguments to parameter names, like a Python call.
std::vector<std::optional<Value>> bind(const ConverterArgs& a, std::string_view converter,
                                       std::initializer_list<std::string_view> names) {
    std::vector<std::string_view> params(names);
    std::vector<std::optional<Value>> out(params.size());
    if (a.args.size() > params.size())
        throw std::invalid_argument("converter '" + std::string(converter) + "' takes " +
                                    std::to_string(params.size()) + " arguments but " +
                                    std::to_string(a.args.size()) + " were given");
    for (std::size_t i = 0; i < a.args.size(); ++i) out[i] = a.args[i];
    for (const auto& [key, value] : a.kwargs) {
        auto it = std::find(params.begin(), params.end(), key);
        if (it == params.end())
            throw std::invalid_argument("converter '" + std::string(converter) + "' got an unexpected keyword argument '" + key + "'");
        auto index = static_cast<std::size_t>(it - params.begin());
        if (out[index]) throw std::invalid_argument("converter '" + std::string(converter) + "' got multiple values for argument '" + key + "'");
        out[index] = value;
    }
    return out;
}

std::optional<std::int64_t> int_param(const std::optional<Value>& v) {
    if (!v || v->is_none()) return std::nullopt;
    if (v->is_bool() || v->is_int()) return v->as_int();
    if (v->is_float()) return static_cast<std::int64_t>(v->as_float());
    if (v->is_string())
        if (auto i = parse_python_int(v->as_string())) return *i;
    throw std::invalid_argument("invalid integer converter argument " + v->repr());
}

std::optional<Value> number_param(const std::optional<Value>& v) {
    if (!v || v->is_none()) return std::nullopt;
    if (!v->is_number() && !v->is_bool())
        throw std::invalid_argument("invalid numeric converter argument " + v->repr());
    return v;
}

}  // namespace

ConverterArgs parse_converter_args(std::string_view text) {
    std::string s(text);
    s += ',';
    ConverterArgs out;
    std::size_t position = 0;
    while (position < s.size()) {
        // finditer: the next match at or after `position`; it must start there.
        std::optional<ArgMatch> found;
        std::size_t start = position;
        for (; start < s.size(); ++start)
            if ((found = match_arg_at(s, start))) break;
        if (!found) break;  // trailing text that matches nothing is ignored, as in Werkzeug
        if (start != position)
            throw std::invalid_argument("Cannot parse converter argument '" + s.substr(position, start - position) + "'");
        Value value = pythonize(found->value);
        if (found->name.empty()) {
            out.args.push_back(std::move(value));
        } else {
            std::string name(found->name);
            bool replaced = false;
            for (auto& [k, v] : out.kwargs)
                if (k == name) v = value, replaced = true;
            if (!replaced) out.kwargs.emplace_back(std::move(name), std::move(value));
        }
        position = found->end;
    }
    return out;
}

std::vector<std::pair<std::string, ConverterFactory>> builtin_converters() {
    ConverterFactory string = [](const ConverterArgs& a) -> std::shared_ptr<Converter> {
        auto p = bind(a, "string", {"minlength", "maxlength", "length"});
        return std::make_shared<StringConverter>(int_param(p[0]).value_or(1), int_param(p[1]), int_param(p[2]));
    };
    auto number = [](bool is_float) {
        return [is_float](const ConverterArgs& a) -> std::shared_ptr<Converter> {
            auto p = is_float ? bind(a, "float", {"min", "max", "signed"})
                              : bind(a, "int", {"fixed_digits", "min", "max", "signed"});
            std::size_t o = is_float ? 0 : 1;
            std::int64_t fixed = is_float ? 0 : int_param(p[0]).value_or(0);
            bool is_signed = p[o + 2] && p[o + 2]->truthy();
            return std::make_shared<NumberConverter>(is_float, fixed, number_param(p[o]), number_param(p[o + 1]),
                                                     is_signed);
        };
    };
    ConverterFactory any = [](const ConverterArgs& a) -> std::shared_ptr<Converter> {
        if (!a.kwargs.empty()) throw std::invalid_argument("converter 'any' takes no keyword arguments");
        std::vector<std::string> items;
        for (const auto& v : a.args) items.push_back(v.str());
        return std::make_shared<AnyConverter>(std::move(items));
    };
    auto no_args = [](auto make) {
        return [make](const ConverterArgs& a) -> std::shared_ptr<Converter> {
            if (!a.args.empty() || !a.kwargs.empty()) throw std::invalid_argument("converter takes no arguments");
            return make();
        };
    };
    return {
        {"default", string},
        {"string", string},
        {"any", any},
        {"path", no_args([] { return std::make_shared<PathConverter>(); })},
        {"int", number(false)},
        {"float", number(true)},
        {"uuid", no_args([] { return std::make_shared<UUIDConverter>(); })},
    };
}

}  // namespace flask::routing
