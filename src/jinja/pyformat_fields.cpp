// str.format / str.format_map: replacement-field parsing and lookup.
#include <cctype>

#include "jinja/pyformat.hpp"
#include "jinja/pystr.hpp"

namespace jinja {

namespace {

struct Arguments {
    const List* positional = nullptr;
    const KwArgs* keywords = nullptr;
    const Value* mapping = nullptr;  // format_map
    // Python forbids mixing "{}" with "{0}": -1 unknown, 0 manual, 1 automatic.
    int numbering = -1;
    std::size_t next_auto = 0;
};

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

std::size_t parse_index(std::string_view digits) {
    std::size_t n = 0;
    for (char c : digits) {
        if (n > (SIZE_MAX - 9) / 10) throw ValueError("Too many decimal digits in format string");
        n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return n;
}

Value lookup_argument(std::string_view name, Arguments& a) {
    if (name.empty() || all_digits(name)) {
        bool automatic = name.empty();
        if (a.numbering == -1) a.numbering = automatic ? 1 : 0;
        if (automatic && a.numbering == 0)
            throw ValueError("cannot switch from manual field specification to automatic field numbering");
        if (!automatic && a.numbering == 1)
            throw ValueError("cannot switch from automatic field numbering to manual field specification");
        std::size_t index = automatic ? a.next_auto++ : parse_index(name);
        if (a.mapping) throw ValueError("Format string contains positional fields");
        if (!a.positional || index >= a.positional->size())
            throw IndexError("Replacement index " + std::to_string(index) + " out of range for positional args tuple");
        return (*a.positional)[index];
    }
    if (a.mapping) {
        if (a.mapping->is_dict()) {
            if (const Value* v = a.mapping->as_dict().find(name)) return *v;
        } else if (a.mapping->is_object()) {
            Value v = a.mapping->as_object().get_item(Value(name));
            if (!v.is_undefined()) return v;
        }
        throw KeyError(string_repr(name));
    }
    if (a.keywords)
        for (const auto& [k, v] : *a.keywords)
            if (k == name) return v;
    throw KeyError(string_repr(name));
}

Value get_attribute(const Value& v, std::string_view name) {
    if (v.is_object()) {
        Value r = v.as_object().get_attr(name);
        if (!r.is_undefined()) return r;
    }
    throw AttributeError("'" + std::string(v.type_name()) + "' object has no attribute '" + std::string(name) + "'");
}

Value get_item(const Value& v, std::string_view key_text) {
    bool numeric = all_digits(key_text);
    switch (v.kind()) {
        case Value::Kind::List:
            if (!numeric)
                throw TypeError(std::string(v.type_name()) + " indices must be integers or slices, not str");
            if (parse_index(key_text) >= v.as_list().size())
                throw IndexError(std::string(v.type_name()) + " index out of range");
            return v.as_list()[parse_index(key_text)];
        case Value::Kind::Dict: {
            Value key = numeric ? Value(static_cast<std::int64_t>(parse_index(key_text))) : Value(key_text);
            if (const Value* found = v.as_dict().find(key)) return *found;
            throw KeyError(key.repr());
        }
        case Value::Kind::String: {
            if (!numeric) throw TypeError("string indices must be integers, not 'str'");
            std::size_t i = parse_index(key_text);
            if (i >= pystr::length(v.as_string())) throw IndexError("string index out of range");
            auto one = pystr::slice(v.as_string(), static_cast<std::int64_t>(i), static_cast<std::int64_t>(i) + 1);
            return v.is_markup() ? Value::markup(std::string(one)) : Value(one);
        }
        case Value::Kind::Object: {
            Value key = numeric ? Value(static_cast<std::int64_t>(parse_index(key_text))) : Value(key_text);
            Value r = v.as_object().get_item(key);
            if (r.is_undefined()) throw KeyError(key.repr());
            return r;
        }
        default: throw TypeError("'" + std::string(v.type_name()) + "' object is not subscriptable");
    }
}

// field_name: arg_name ("." attribute | "[" key "]")*
Value resolve_field(std::string_view field, Arguments& a) {
    std::size_t end = field.find_first_of(".[");
    Value v = lookup_argument(field.substr(0, end), a);
    std::size_t pos = end;
    while (pos != std::string_view::npos && pos < field.size()) {
        if (field[pos] == '.') {
            std::size_t next = field.find_first_of(".[", pos + 1);
            std::string_view name = field.substr(pos + 1, next == std::string_view::npos ? std::string_view::npos : next - pos - 1);
            if (name.empty()) throw ValueError("Empty attribute in format string");
            v = get_attribute(v, name);
            pos = next;
        } else {
            std::size_t close = field.find(']', pos + 1);
            if (close == std::string_view::npos) throw ValueError("Missing ']' in format field");
            std::string_view key = field.substr(pos + 1, close - pos - 1);
            if (key.empty()) throw ValueError("Empty attribute in format string");
            v = get_item(v, key);
            pos = close + 1;
            if (pos < field.size() && field[pos] != '.' && field[pos] != '[')
                throw ValueError("Only '.' or '[' may follow ']' in format field specifier");
        }
    }
    return v;
}

Value convert(const Value& v, char conversion) {
    switch (conversion) {
        case 0: return v;
        case 's': return Value(v.str());
        case 'r': return Value(v.repr());
        case 'a': return Value(pystr::ascii_escape(v.repr()));
        default: throw ValueError(std::string("Unknown conversion specifier ") + conversion);
    }
}

std::string vformat(std::string_view fmt, Arguments& a, const FormatHooks* hooks, int depth) {
    if (depth <= 0) throw ValueError("Max string recursion exceeded");
    std::string out;
    out.reserve(fmt.size());
    std::size_t i = 0;
    while (i < fmt.size()) {
        char c = fmt[i];
        if (c == '}') {
            if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
                out += '}';
                i += 2;
                continue;
            }
            throw ValueError("Single '}' encountered in format string");
        }
        if (c != '{') {
            std::size_t next = fmt.find_first_of("{}", i);
            if (next == std::string_view::npos) next = fmt.size();
            out.append(fmt.substr(i, next - i));
            i = next;
            continue;
        }
        if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
            out += '{';
            i += 2;
            continue;
        }
        if (i + 1 >= fmt.size()) throw ValueError("Single '{' encountered in format string");
        // Find the matching '}', allowing nested fields inside the spec.
        std::size_t j = i + 1;
        int nesting = 1;
        bool in_brackets = false;
        for (; j < fmt.size(); ++j) {
            char d = fmt[j];
            if (d == '[') in_brackets = true;
            else if (d == ']') in_brackets = false;
            else if (d == '{') ++nesting;
            else if (d == '}' && --nesting == 0) break;
            else if ((d == ':' || d == '!') && !in_brackets) in_brackets = false;
        }
        if (j >= fmt.size()) throw ValueError("expected '}' before end of string");
        std::string_view field = fmt.substr(i + 1, j - i - 1);
        i = j + 1;

        // Split "name!conv:spec"; '!' and ':' inside [..] belong to the name.
        std::size_t k = 0;
        bool bracket = false;
        for (; k < field.size(); ++k) {
            if (field[k] == '[') bracket = true;
            else if (field[k] == ']') bracket = false;
            else if (!bracket && (field[k] == '!' || field[k] == ':')) break;
        }
        std::string_view name = field.substr(0, k);
        char conversion = 0;
        std::string_view spec;
        if (k < field.size() && field[k] == '!') {
            if (k + 1 >= field.size()) throw ValueError("end of string while looking for conversion specifier");
            conversion = field[k + 1];
            k += 2;
            if (k < field.size() && field[k] != ':') throw ValueError("expected ':' after conversion specifier");
        }
        if (k < field.size()) spec = field.substr(k + 1);

        Value value = convert(resolve_field(name, a), conversion);
        std::string expanded;
        if (spec.find('{') != std::string_view::npos) {
            expanded = vformat(spec, a, nullptr, depth - 1);
            spec = expanded;
        }
        if (hooks && hooks->format_field) out += hooks->format_field(value, spec);
        else out += format_value(value, spec);
    }
    return out;
}

}  // namespace

std::string str_format(std::string_view format, const List& args, const KwArgs& kwargs, const FormatHooks* hooks) {
    Arguments a;
    a.positional = &args;
    a.keywords = &kwargs;
    return vformat(format, a, hooks, 2);
}

std::string str_format_map(std::string_view format, const Value& mapping, const FormatHooks* hooks) {
    Arguments a;
    a.mapping = &mapping;
    return vformat(format, a, hooks, 2);
}

}  // namespace jinja
