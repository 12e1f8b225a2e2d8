// json.dumps on jinja::Value, byte for byte as CPython 3.11 writes it.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "flask/json.hpp"

namespace flask::json {

using jinja::Dict;
using jinja::Value;

namespace {

constexpr char kHex[] = "0123456789abcdef";

// 0: copy as is; 1: needs escaping; 2: non-ASCII lead byte (ensure_ascii only).
struct EscapeTable {
    unsigned char ascii[256];  // ensure_ascii=True
    unsigned char raw[256];    // ensure_ascii=False
    unsigned char html_ascii[256];
    unsigned char html_raw[256];
    constexpr EscapeTable() : ascii(), raw(), html_ascii(), html_raw() {
        for (int c = 0; c < 256; ++c) {
            unsigned char a = 0, r = 0;
            if (c < 0x20 || c == '"' || c == '\\') a = r = 1;
            if (c == 0x7f) a = 1;
            if (c >= 0x80) a = 2;
            ascii[c] = a;
            raw[c] = r;
            bool html = c == '<' || c == '>' || c == '&' || c == '\'';
            html_ascii[c] = html ? 1 : a;
            html_raw[c] = html ? 1 : r;
        }
    }
};
constexpr EscapeTable kTable;

void put_u(std::string& out, unsigned cp) {
    char buf[6] = {'\\', 'u', kHex[(cp >> 12) & 15], kHex[(cp >> 8) & 15], kHex[(cp >> 4) & 15], kHex[cp & 15]};
    out.append(buf, 6);
}

// Decodes one (generalised) UTF-8 sequence at s[i]; advances i.  Surrogates in
// 3-byte form decode to themselves; other invalid bytes give U+FFFD.
unsigned decode_utf8(const unsigned char* s, std::size_t n, std::size_t& i) {
    unsigned c = s[i];
    auto cont = [&](std::size_t k) { return i + k < n && (s[i + k] & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF && cont(1)) {
        i += 2;
        return ((c & 0x1F) << 6) | (s[i - 1] & 0x3F);
    }
    if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
        unsigned cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
        if (cp >= 0x800) {
            i += 3;
            return cp;
        }
    }
    if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
        unsigned cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
        if (cp >= 0x10000 && cp <= 0x10FFFF) {
            i += 4;
            return cp;
        }
    }
    i += 1;
    return 0xFFFD;
}

void write_string(std::string& out, std::string_view text, bool ensure_ascii, bool html_safe) {
    const unsigned char* table = ensure_ascii ? (html_safe ? kTable.html_ascii : kTable.ascii)
                                              : (html_safe ? kTable.html_raw : kTable.raw);
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    out.push_back('"');
    std::size_t i = 0;
    while (i < n) {
        std::size_t start = i;
        while (i < n && table[s[i]] == 0) ++i;
        if (i > start) out.append(text.data() + start, i - start);
        if (i >= n) break;
        unsigned char c = s[i];
        if (table[c] == 2) {
            unsigned cp = decode_utf8(s, n, i);
            if (cp >= 0x10000) {
                cp -= 0x10000;
                put_u(out, 0xD800 | (cp >> 10));
                put_u(out, 0xDC00 | (cp & 0x3FF));
            } else {
                put_u(out, cp);
            }
            continue;
        }
        ++i;
        switch (c) {
            case '"': out.append("\\\"", 2); break;
            case '\\': out.append("\\\\", 2); break;
            case '\n': out.append("\\n", 2); break;
            case '\r': out.append("\\r", 2); break;
            case '\t': out.append("\\t", 2); break;
            case '\b': out.append("\\b", 2); break;
            case '\f': out.append("\\f", 2); break;
            default: put_u(out, c); break;
        }
    }
    out.push_back('"');
}

void write_int(std::string& out, std::int64_t v) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, static_cast<std::size_t>(res.ptr - buf));
}

// float.__repr__ for finite values: shortest round-trip digits, positional
// when -4 <= exponent < 16, otherwise d[.ddd]e+XX.
void write_finite_float(std::string& out, double v) {
    if (v == 0.0) {
        out.append(std::signbit(v) ? "-0.0" : "0.0");
        return;
    }
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    const char* p = buf;
    if (*p == '-') {
        out.push_back('-');
        ++p;
    }
    char digits[24];
    int nd = 0;
    const char* e = p;
    while (e < res.ptr && *e != 'e') {
        if (*e != '.') digits[nd++] = *e;
        ++e;
    }
    int exponent = 0;
    std::from_chars(e + 1 + (e[1] == '+' ? 1 : 0), res.ptr, exponent);
    if (exponent >= -4 && exponent < 16) {
        if (exponent < 0) {
            out.append("0.");
            out.append(static_cast<std::size_t>(-exponent - 1), '0');
            out.append(digits, static_cast<std::size_t>(nd));
        } else if (exponent + 1 >= nd) {
            out.append(digits, static_cast<std::size_t>(nd));
            out.append(static_cast<std::size_t>(exponent + 1 - nd), '0');
            out.append(".0");
        } else {
            out.append(digits, static_cast<std::size_t>(exponent + 1));
            out.push_back('.');
            out.append(digits + exponent + 1, static_cast<std::size_t>(nd - exponent - 1));
        }
        return;
    }
    out.push_back(digits[0]);
    if (nd > 1) {
        out.push_back('.');
        out.append(digits + 1, static_cast<std::size_t>(nd - 1));
    }
    out.push_back('e');
    out.push_back(exponent < 0 ? '-' : '+');
    int ax = exponent < 0 ? -exponent : exponent;
    if (ax < 10) out.push_back('0');
    write_int(out, ax);
}

void write_float(std::string& out, double v, bool allow_nan) {
    if (std::isfinite(v)) return write_finite_float(out, v);
    if (!allow_nan) throw jinja::ValueError("Out of range float values are not JSON compliant");
    if (std::isnan(v)) out.append("NaN");
    else out.append(v > 0 ? "Infinity" : "-Infinity");
}

[[noreturn]] void not_serializable(const Value& v) {
    throw jinja::TypeError("Object of type " + std::string(v.type_name()) + " is not JSON serializable");
}

// ---- sort_keys -------------------------------------------------------------

enum class KeyClass { Str, Num, None, Other };

KeyClass key_class(const Value& k) {
    switch (k.kind()) {
        case Value::Kind::String: return KeyClass::Str;
        case Value::Kind::Bool:
        case Value::Kind::Int:
        case Value::Kind::Float: return KeyClass::Num;
        case Value::Kind::None: return KeyClass::None;
        case Value::Kind::Object:
            if (dynamic_cast<const RawNumber*>(&k.as_object())) return KeyClass::Num;
            return KeyClass::Other;
        default: return KeyClass::Other;
    }
}

bool comparable(KeyClass a, KeyClass b) {
    return a == b && a != KeyClass::None && a != KeyClass::Other;
}

// Exact Python `<` between int64 and double.
bool int_less_float(std::int64_t i, double d) {
    if (std::isnan(d)) return false;
    if (d >= 9223372036854775808.0) return true;
    if (d < -9223372036854775808.0) return false;
    double t = std::trunc(d);
    auto ti = static_cast<std::int64_t>(t);
    if (i != ti) return i < ti;
    return d > t;  // equal integer parts: less iff d has a positive fraction
}
bool float_less_int(double d, std::int64_t i) {
    if (std::isnan(d)) return false;
    if (d >= 9223372036854775808.0) return false;
    if (d < -9223372036854775808.0) return true;
    double t = std::trunc(d);
    auto ti = static_cast<std::int64_t>(t);
    if (ti != i) return ti < i;
    return d < t;
}

bool num_less(const Value& a, const Value& b) {
    bool af = a.is_float(), bf = b.is_float();
    if (a.is_object() || b.is_object()) {
        auto approx = [](const Value& v) {
            return v.is_object() ? std::stod(static_cast<const RawNumber&>(v.as_object()).digits()) : v.as_float();
        };
        return approx(a) < approx(b);
    }
    if (!af && !bf) return a.as_int() < b.as_int();
    if (af && bf) return a.as_float() < b.as_float();
    if (af) return float_less_int(a.as_float(), b.as_int());
    return int_less_float(a.as_int(), b.as_float());
}

// ---- the encoder ------------------------------------------------------------

class Encoder {
public:
    Encoder(std::string& out, const DumpOptions& o)
        : out_(out),
          o_(o),
          item_sep_(o.item_separator ? *o.item_separator : (o.indent ? std::string(",") : std::string(", "))) {
        if (o.indent) indent_unit_.assign(static_cast<std::size_t>(std::max(0, *o.indent)), ' ');
    }

    void encode(const Value& v) {
        switch (v.kind()) {
            case Value::Kind::None: out_.append("null", 4); return;
            case Value::Kind::Bool: v.as_bool() ? out_.append("true", 4) : out_.append("false", 5); return;
            case Value::Kind::Int: write_int(out_, v.as_int()); return;
            case Value::Kind::Float: write_float(out_, v.as_float(), o_.allow_nan); return;
            case Value::Kind::String: write_string(out_, v.as_string(), o_.ensure_ascii, o_.html_safe); return;
            case Value::Kind::List: encode_list(v); return;
            case Value::Kind::Dict: encode_dict(v); return;
            case Value::Kind::Object:
                if (auto* raw = dynamic_cast<const RawNumber*>(&v.as_object())) {
                    out_.append(raw->digits());
                    return;
                }
                [[fallthrough]];
            case Value::Kind::Bytes:
            case Value::Kind::Undefined: encode_default(v); return;
        }
    }

private:
    void enter(const void* container) {
        if (++depth_ > kMaxDepth)
            throw RecursionError("maximum recursion depth exceeded while encoding a JSON object");
        // Any cycle makes the path grow without end, so checking only deep
        // paths still reports every cycle, at no cost for ordinary data.
        if (depth_ > 64 && std::find(path_.begin(), path_.end(), container) != path_.end())
            throw jinja::ValueError("Circular reference detected");
        path_.push_back(container);
        ++level_;
    }
    void leave() {
        --depth_;
        --level_;
        path_.pop_back();
    }

    void newline() {
        out_.push_back('\n');
        for (std::size_t i = 0; i < level_; ++i) out_.append(indent_unit_);
    }

    void encode_list(const Value& v) {
        const jinja::List& items = v.as_list();
        if (items.empty()) {
            out_.append("[]", 2);
            return;
        }
        enter(&items);
        out_.push_back('[');
        bool first = true;
        for (const Value& item : items) {
            if (!first) out_.append(item_sep_);
            first = false;
            if (o_.indent) newline();
            encode(item);
        }
        leave();
        if (o_.indent) newline();
        out_.push_back(']');
    }

    // Writes a dict key as json.dumps converts it.
    void encode_key(const Value& k) {
        switch (k.kind()) {
            case Value::Kind::String: write_string(out_, k.as_string(), o_.ensure_ascii, o_.html_safe); return;
            case Value::Kind::Bool: out_.append(k.as_bool() ? "\"true\"" : "\"false\""); return;
            case Value::Kind::None: out_.append("\"null\"", 6); return;
            case Value::Kind::Int:
                out_.push_back('"');
                write_int(out_, k.as_int());
                out_.push_back('"');
                return;
            case Value::Kind::Float:
                out_.push_back('"');
                write_float(out_, k.as_float(), o_.allow_nan);
                out_.push_back('"');
                return;
            case Value::Kind::Object:
                if (auto* raw = dynamic_cast<const RawNumber*>(&k.as_object())) {
                    out_.push_back('"');
                    out_.append(raw->digits());
                    out_.push_back('"');
                    return;
                }
                [[fallthrough]];
            default:
                throw jinja::TypeError("keys must be str, int, float, bool or None, not " + std::string(k.type_name()));
        }
    }

    void encode_item(const Dict::Item& item, bool& first) {
        if (!first) out_.append(item_sep_);
        first = false;
        if (o_.indent) newline();
        encode_key(item.first);
        out_.append(o_.key_separator);
        encode(item.second);
    }

    void encode_dict(const Value& v) {
        const jinja::Dict& dict = v.as_dict();
        if (dict.empty()) {
            out_.append("{}", 2);
            return;
        }
        enter(&dict);
        out_.push_back('{');
        bool first = true;
        if (o_.sort_keys && dict.size() > 1) {
            // Small dicts sort on the stack; most JSON objects have a few keys.
            const Dict::Item* small[16];
            std::vector<const Dict::Item*> large;
            const Dict::Item** order = small;
            if (dict.size() > 16) {
                large.resize(dict.size());
                order = large.data();
            }
            std::size_t n = 0;
            for (const auto& item : dict) order[n++] = &item;
            sort_items(order, n);
            for (std::size_t i = 0; i < n; ++i) encode_item(*order[i], first);
        } else {
            for (const auto& item : dict) encode_item(item, first);
        }
        leave();
        if (o_.indent) newline();
        out_.push_back('}');
    }

    // sorted(dict.items()): keys compared with Python's `<`; str with str,
    // numbers with numbers; anything else raises as Python's sort does.
    // Insertion sort for the usual handful of keys (no allocation), else std::stable_sort.
    template <class Less>
    static void stable_sort(const Dict::Item** order, std::size_t n, Less less) {
        if (n > 16) {
            std::stable_sort(order, order + n, less);
            return;
        }
        for (std::size_t i = 1; i < n; ++i) {
            const Dict::Item* item = order[i];
            std::size_t j = i;
            for (; j > 0 && less(item, order[j - 1]); --j) order[j] = order[j - 1];
            order[j] = item;
        }
    }

    static void sort_items(const Dict::Item** order, std::size_t n) {
        KeyClass first = key_class(order[0]->first);
        for (std::size_t i = 1; i < n; ++i) {
            KeyClass prev = key_class(order[i - 1]->first), cur = key_class(order[i]->first);
            if (!comparable(prev, cur) || !comparable(first, cur)) {
                const Value& a = order[i]->first;
                const Value& b = comparable(prev, cur) ? order[0]->first : order[i - 1]->first;
                throw jinja::TypeError("'<' not supported between instances of '" + std::string(a.type_name()) +
                                       "' and '" + std::string(b.type_name()) + "'");
            }
        }
        if (first == KeyClass::Str) {
            auto by_str = [](const Dict::Item* a, const Dict::Item* b) { return a->first.as_string() < b->first.as_string(); };
            if (std::is_sorted(order, order + n, by_str)) return;
            stable_sort(order, n, by_str);
        } else {
            stable_sort(order, n, [](const Dict::Item* a, const Dict::Item* b) { return num_less(a->first, b->first); });
        }
    }

    void encode_default(const Value& v) {
        Value replacement = o_.default_fn ? o_.default_fn(v) : flask_default(v);
        if (++depth_ > kMaxDepth)
            throw RecursionError("maximum recursion depth exceeded while encoding a JSON object");
        encode(replacement);
        --depth_;
    }

    std::string& out_;
    const DumpOptions& o_;
    std::string item_sep_;
    std::string indent_unit_;
    std::size_t depth_ = 0;  // recursion, including default() results
    std::size_t level_ = 0;  // container nesting, for indentation
    std::vector<const void*> path_;
};

}  // namespace

Value flask_default(const Value& v) {
    if (v.is_object()) {
        const jinja::Object& obj = v.as_object();
        if (auto j = obj.json()) return std::move(*j);
        if (auto html = obj.html()) return Value(std::move(*html));
    }
    not_serializable(v);
}

void dump_to(std::string& out, const Value& value, const DumpOptions& options) {
    Encoder(out, options).encode(value);
}

std::string dumps(const Value& value, const DumpOptions& options) {
    std::string out;
    out.reserve(128);
    dump_to(out, value, options);
    return out;
}

DumpOptions flask_options(std::optional<int> indent) {
    DumpOptions o;
    o.sort_keys = true;
    o.ensure_ascii = true;
    o.indent = indent;
    return o;
}

std::string flask_dumps(const Value& value, std::optional<int> indent) {
    return dumps(value, flask_options(indent));
}

std::string jsonify_body(const Value& value, bool debug) {
    DumpOptions o = flask_options();
    if (debug) {
        o.indent = 2;
    } else {
        o.item_separator = ",";
        o.key_separator = ":";
    }
    std::string out;
    out.reserve(128);
    dump_to(out, value, o);
    out.push_back('\n');
    return out;
}

Value jsonify_value(jinja::List args, std::vector<std::pair<std::string, Value>> kwargs) {
    if (!args.empty() && !kwargs.empty())
        throw jinja::TypeError("app.json.response() takes either args or kwargs, not both");
    if (!kwargs.empty()) {
        jinja::Dict d;
        for (auto& [k, v] : kwargs) d.set(Value(std::move(k)), std::move(v));
        return Value(std::move(d));
    }
    if (args.empty()) return Value();
    if (args.size() == 1) return std::move(args[0]);
    return Value(std::move(args));
}

std::string htmlsafe_dumps(const Value& value, std::optional<int> indent) {
    DumpOptions o = flask_options(indent);
    o.html_safe = true;
    return dumps(value, o);
}

bool RawNumber::equals(const jinja::Object& other) const {
    auto* o = dynamic_cast<const RawNumber*>(&other);
    return o && o->digits_ == digits_;
}

Value RawNumber::make(std::string digits) { return Value(std::make_shared<RawNumber>(std::move(digits))); }

}  // namespace flask::json
