// Jinja2's builtin filters (text and sequence filters; see filters_more.cpp).
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "bigint.hpp"
#include "builtins.hpp"
#include "filter_args.hpp"
#include "filters_impl.hpp"
#include "jinja/markup.hpp"
#include "jinja/pyformat.hpp"
#include "jinja/pystr.hpp"
#include "ops.hpp"
#include "pyformat_impl.hpp"

namespace jinja::detail {

Value soft(const Value& v) {
    if (v.is_string()) return v;  // str and Markup are immutable: share them
    if (v.is_object())
        if (auto h = v.as_object().html()) return Value::markup(*h);
    return Value(py_str(v));
}

Value keep_markup(const Value& like, std::string s) { return like.is_markup() ? Value::markup(std::move(s)) : Value(std::move(s)); }

std::vector<Value> attr_parts(const Value& attribute) {
    std::vector<Value> parts;
    if (attribute.is_none() || attribute.is_undefined()) return parts;
    if (!attribute.is_string()) return {attribute};
    for (const auto& p : pystr::split(attribute.as_string(), std::string_view("."))) {
        bool digits = !p.empty() && std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
        parts.push_back(digits ? Value(std::stoll(p)) : Value(p));
    }
    return parts;
}

namespace {
// ASCII text with no letter in [lo, hi]: upper()/lower() would return it unchanged.
bool ascii_without(const std::string& s, char lo, char hi) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80 || (c >= lo && c <= hi)) return false;
    return true;
}
}  // namespace

// Strings are immutable and shared, so an unchanged result is the input itself.
Value lower_if_str(const Value& v) {
    if (!v.is_string() || ascii_without(v.as_string(), 'A', 'Z')) return v;
    return keep_markup(v, pystr::lower(v.as_string()));
}

Value attr_get(Frame& f, const Value& item, const std::vector<Value>& parts, bool ignore_case, const Value* def) {
    if (parts.empty()) return ignore_case ? lower_if_str(item) : item;
    Value v;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        v = get_item(f, i ? v : item, parts[i]);  // the first lookup reads the item without copying it
        if (def && !def->is_none() && v.is_undefined()) v = *def;
    }
    return ignore_case ? lower_if_str(v) : v;
}

namespace {

Value f_upper(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_upper", a, {});
    if (v.is_string() && ascii_without(v.as_string(), 'a', 'z')) return v;
    Value s = soft(v);
    return keep_markup(s, pystr::upper(s.as_string()));
}
Value f_lower(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_lower", a, {});
    if (v.is_string() && ascii_without(v.as_string(), 'A', 'Z')) return v;
    Value s = soft(v);
    return keep_markup(s, pystr::lower(s.as_string()));
}
Value f_capitalize(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_capitalize", a, {});
    Value s = soft(v);
    return keep_markup(s, pystr::capitalize(s.as_string()));
}
Value f_title(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_title", a, {});
    std::string s = soft(v).as_string();
    // split on runs of [-\s({\[<] keeping the separators; title-case each piece
    std::string out;
    std::size_t pos = 0;
    auto is_sep = [](char32_t c) { return c == '-' || c == '(' || c == '{' || c == '[' || c == '<' || pystr::is_space(c); };
    while (pos < s.size()) {
        std::size_t start = pos;
        std::size_t p = pos;
        bool sep = is_sep(pystr::decode_utf8(s, p));
        while (pos < s.size()) {
            std::size_t q = pos;
            if (is_sep(pystr::decode_utf8(s, q)) != sep) break;
            pos = q;
        }
        std::string_view piece = std::string_view(s).substr(start, pos - start);
        if (sep) {
            out += piece;
        } else {
            std::size_t q = 0;
            char32_t first = pystr::decode_utf8(piece, q);
            pystr::append_case(out, first, pystr::CaseKind::Upper);
            out += pystr::lower(piece.substr(q));
        }
    }
    return Value(std::move(out));
}
Value f_center(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_center", a, {"width"});
    Value s = soft(v);
    return keep_markup(s, pystr::center(s.as_string(), b.integer(0, 80)));
}
Value f_trim(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_trim", a, {"chars"});
    Value s = soft(v);
    std::optional<std::string_view> chars;
    if (b.has(0) && !b.get(0)->is_none()) chars = b.get(0)->as_string();
    return keep_markup(s, pystr::strip(s.as_string(), chars));
}
Value f_string(Frame&, const Value& v, CallArgs& a) {
    Bound b("soft_str", a, {});
    return soft(v);
}
Value f_safe(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_mark_safe", a, {});
    return markup(v.is_undefined() ? Value(py_str(v)) : v);
}
Value f_escape(Frame&, const Value& v, CallArgs& a) {
    Bound b("escape", a, {});
    if (v.is_undefined()) return Value::markup(py_str(v));
    return escape(v);
}
Value f_forceescape(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_forceescape", a, {});
    Value s = v;
    if (v.is_object())
        if (auto h = v.as_object().html()) s = Value(*h);
    return escape(Value(py_str(s)));
}
Value f_length(Frame&, const Value& v, CallArgs& a) {
    Bound b("len", a, {});
    return Value(py_len(v));
}
Value f_default(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_default", a, {"default_value", "boolean"});
    if (v.is_undefined() || (b.flag(1, false) && !v.truthy())) return b.value(0, Value(""));
    return v;
}
Value f_list(Frame&, const Value& v, CallArgs& a) {
    Bound b("sync_do_list", a, {});
    return Value(iterate(v));
}
Value f_first(Frame& f, const Value& v, CallArgs& a) {
    Bound b("sync_do_first", a, {});
    List items = iterate(v);
    if (items.empty()) return make_undefined(env_undef_kind(*f.env), "", "No first item, sequence was empty.");
    return items.front();
}
Value f_last(Frame& f, const Value& v, CallArgs& a) {
    Bound b("do_last", a, {});
    if (v.is_object() && dynamic_cast<GeneratorObject*>(&v.as_object()))
        throw TypeError("'generator' object is not reversible");
    List items = iterate(v);
    if (items.empty()) return make_undefined(env_undef_kind(*f.env), "", "No last item, sequence was empty.");
    return items.back();
}
Value f_reverse(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_reverse", a, {});
    if (v.is_string()) return get_slice(v, Value(), Value(), Value(-1));
    List items;
    try {
        items = iterate(v);
    } catch (const TypeError&) {
        throw FilterArgumentError("argument must be iterable");
    }
    std::reverse(items.begin(), items.end());
    if (v.is_list()) return Value(std::static_pointer_cast<Object>(std::make_shared<GeneratorObject>(std::move(items), "reversed")));
    return Value(std::move(items));
}
Value f_join(Frame& f, const Value& v, CallArgs& a) {
    Bound b("sync_do_join", a, {"d", "attribute"});
    Value d = b.value(0, Value(""));
    List items = iterate(v);
    if (b.has(1) && !b.get(1)->is_none()) {
        auto parts = attr_parts(*b.get(1));
        for (auto& i : items) i = attr_get(f, i, parts, false, nullptr);
    }
    if (!f.autoescape || is_safe_html(d)) {
        if (f.autoescape) {
            std::string out;
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (i) out += soft(d).as_string();
                out += escape(items[i]).as_string();
            }
            return Value::markup(std::move(out));
        }
        std::string sep = py_str(d), out;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i) out += sep;
            out += py_str(items[i]);
        }
        return Value(std::move(out));
    }
    bool any_html = std::any_of(items.begin(), items.end(), [](const Value& x) { return is_safe_html(x); });
    std::string out;
    if (any_html) {
        std::string sep = escape(d).as_string();
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i) out += sep;
            out += escape(items[i]).as_string();
        }
        return Value::markup(std::move(out));
    }
    std::string sep = py_str(d);
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += py_str(items[i]);
    }
    return Value(std::move(out));
}
Value f_replace(Frame& f, const Value& v, CallArgs& a) {
    Bound b("do_replace", a, {"old", "new", "count"}, 2, 1);
    std::int64_t count = b.integer(2, -1);
    const Value& old = *b.get(0);
    const Value& nw = *b.get(1);
    if (!f.autoescape) return Value(pystr::replace(py_str(v), py_str(old), py_str(nw), count));
    Value s = (is_safe_html(old) || (is_safe_html(nw) && !is_safe_html(v))) ? escape(v) : soft(v);
    if (s.is_markup()) {
        CallArgs ca;
        ca.args = {soft(old), soft(nw), Value(count)};
        return pystr::call_str_method(s, "replace", ca);
    }
    return Value(pystr::replace(s.as_string(), soft(old).as_string(), soft(nw).as_string(), count));
}
Value f_format(Frame&, const Value& v, CallArgs& a) {
    if (!a.args.empty() && !a.kwargs.empty())
        throw FilterArgumentError("can't handle positional and keyword arguments at the same time");
    if (v.is_string() && !v.is_markup() && a.kwargs.empty()) return Value(percent_format_items(v.as_string(), a.args));
    Value fmt = soft(v);
    Value args;
    if (!a.kwargs.empty()) {
        Dict d;
        for (const auto& [k, x] : a.kwargs) d.set(Value(k), x);
        args = Value(std::move(d));
    } else {
        args = Value::tuple(a.args);
    }
    return py_mod(fmt, args);
}
Value f_truncate(Frame&, const Value& v, CallArgs& a) {
    TruncateArgs t = truncate_args(a);
    if (!v.is_string()) {
        Value s = Value(py_str(v));
        return f_truncate_impl(s, t.length, t.killwords, *t.end, t.leeway);
    }
    return f_truncate_impl(v, t.length, t.killwords, *t.end, t.leeway);
}
Value f_wordcount(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_wordcount", a, {});
    Value converted;
    const Value& text = v.is_string() ? v : (converted = soft(v));
    const std::string& s = text.as_string();
    // Byte classes: 0 ASCII non-word, 1 ASCII word character (\w), 2 non-ASCII.
    static constexpr auto cls = [] {
        std::array<unsigned char, 256> t{};
        for (int c = 0; c < 256; ++c)
            t[static_cast<std::size_t>(c)] = c >= 128 ? 2
                                             : (c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) ? 1
                                                                                                                            : 0;
        return t;
    }();
    std::int64_t n = 0;
    bool in_word = false;
    std::size_t pos = 0;
    {
        // Plain ASCII first: a word starts where a word byte follows a non-word byte.
        unsigned prev = 0;
        const std::size_t size = s.size();
        // Four bytes per step while none is non-ASCII: independent lookups.
        for (; size - pos >= 4; pos += 4) {
            const unsigned k0 = cls[static_cast<unsigned char>(s[pos])];
            const unsigned k1 = cls[static_cast<unsigned char>(s[pos + 1])];
            const unsigned k2 = cls[static_cast<unsigned char>(s[pos + 2])];
            const unsigned k3 = cls[static_cast<unsigned char>(s[pos + 3])];
            if ((k0 | k1 | k2 | k3) & 2) break;
            n += (k0 & ~prev) + (k1 & ~k0) + (k2 & ~k1) + (k3 & ~k2);
            prev = k3;
        }
        for (; pos < size; ++pos) {
            const unsigned k = cls[static_cast<unsigned char>(s[pos])];
            if (k == 2) break;
            n += k & ~prev;
            prev = k;
        }
        in_word = prev != 0;
    }
    while (pos < s.size()) {
        const unsigned char k = cls[static_cast<unsigned char>(s[pos])];
        bool w;
        if (k < 2) {
            ++pos;
            w = k != 0;
            n += w && !in_word;
            in_word = w;
            continue;
        }
        char32_t c = pystr::decode_utf8(s, pos);
        w = (pystr::char_flags(c) & (pystr::CASED)) || !pystr::is_space(c);
        if (w && !in_word) ++n;
        in_word = w;
    }
    return Value(n);
}
Value f_striptags(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_striptags", a, {});
    if (v.is_string()) return Value(striptags(v.as_string()));
    std::string s = v.is_object() && v.as_object().html() ? *v.as_object().html() : py_str(v);
    return Value(striptags(s));
}
Value f_abs(Frame&, const Value& v, CallArgs& a) {
    Bound b("abs", a, {});
    return py_abs(v);
}
Value f_attr(Frame& f, const Value& v, CallArgs& a) {
    Bound b("do_attr", a, {"name"}, 1, 1);
    const Value& name = *b.get(0);
    if (!name.is_string()) throw TypeError("attribute name must be string");
    UndefKind k = env_undef_kind(*f.env);
    if (v.is_dict()) {
        Value r = get_attr(f, v, name.as_string());
        if (r.is_object() && dynamic_cast<BoundMethod*>(&r.as_object())) return r;
        return undefined_for_attr(k, v, name);
    }
    if (v.is_object()) {
        Value r = v.as_object().get_attr(name.as_string());
        if (!r.is_undefined()) return r;
        return undefined_for_attr(k, v, name);
    }
    if (v.is_undefined()) return get_attr(f, v, name.as_string());
    Value r = get_attr(f, v, name.as_string());
    return r;
}
Value f_int(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_int", a, {"default", "base"});
    Value def = b.value(0, Value(0));
    std::int64_t base = b.integer(1, 10);
    try {
        if (v.is_string()) {
            std::string s = pystr::strip(v.as_string());
            std::string digits = s;
            bool neg = false;
            if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
                neg = digits[0] == '-';
                digits = digits.substr(1);
            }
            int bs = static_cast<int>(base);
            if (bs == 0 || bs == 16 || bs == 8 || bs == 2) {
                if (digits.size() > 2 && digits[0] == '0') {
                    char k = static_cast<char>(digits[1] | 0x20);
                    int pb = k == 'x' ? 16 : k == 'o' ? 8 : k == 'b' ? 2 : 0;
                    if (pb && (bs == 0 || bs == pb)) {
                        bs = pb;
                        digits = digits.substr(2);
                    }
                }
                if (bs == 0) bs = 10;
            }
            std::string clean;
            for (std::size_t i = 0; i < digits.size(); ++i) {
                char c = digits[i];
                if (c == '_' && i > 0 && i + 1 < digits.size()) continue;
                int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'z') ? c - 'a' + 10 : (c >= 'A' && c <= 'Z') ? c - 'A' + 10 : 99;
                if (d >= bs) throw ValueError("invalid literal");
                clean += c;
            }
            if (clean.empty()) throw ValueError("invalid literal");
            BigInt r = BigInt::from_string(clean, bs);
            return int_value(neg ? r.negated() : r);
        }
        if (v.is_float()) {
            double d = v.as_float();
            if (std::isnan(d) || std::isinf(d)) return def;
            return int_value(BigInt::from_double(std::trunc(d)));
        }
        if (is_int_like(v)) return v.is_bool() ? Value(v.as_int()) : v;
        throw TypeError("x");
    } catch (const ValueError&) {
    } catch (const TypeError&) {
    }
    try {
        double d = python_float(v);
        if (std::isnan(d) || std::isinf(d)) return def;
        return int_value(BigInt::from_double(std::trunc(d)));
    } catch (const std::exception&) {
        return def;
    }
}
Value f_float(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_float", a, {"default"});
    try {
        if (const BigInt* bi = as_bigint(v)) return Value(bi->to_double());
        return Value(python_float(v));
    } catch (const ValueError&) {
        return b.value(0, Value(0.0));
    } catch (const TypeError&) {
        return b.value(0, Value(0.0));
    }
}
Value f_round(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_round", a, {"precision", "method"});
    std::int64_t precision = b.integer(0, 0);
    std::string method = b.has(1) ? b.get(1)->str() : "common";
    if (method != "common" && method != "ceil" && method != "floor")
        throw FilterArgumentError("method must be common, ceil or floor");
    if (!is_numeric(v)) throw TypeError("type " + py_type(v) + " doesn't define __round__ method");
    if (method == "common") {
        if (is_int_like(v)) return v.is_bool() ? Value(v.as_int()) : v;
        return Value(py_round(v.as_float(), precision));
    }
    double scale = std::pow(10.0, static_cast<double>(precision));
    double x = to_double(v) * scale;
    x = method == "ceil" ? std::ceil(x) : std::floor(x);
    return Value(x / scale);
}
Value f_count(Frame& f, const Value& v, CallArgs& a) { return f_length(f, v, a); }
Value f_indent(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_indent", a, {"width", "first", "blank"});
    std::string indention;
    if (b.has(0) && b.get(0)->is_string()) {
        indention = b.get(0)->as_string();
    } else {
        const auto width = static_cast<std::uint64_t>(std::max<std::int64_t>(0, b.integer(0, 4)));
        pystr::check_text_size(width, "indent");
        indention = std::string(width, ' ');
    }
    bool first = b.flag(1, false), blank = b.flag(2, false);
    Value sv = v.is_string() ? v : Value(py_str(v));
    std::string s = sv.as_string() + "\n";
    auto lines = pystr::splitlines(s);
    std::string rv;
    if (blank) {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (i) rv += "\n" + indention;
            rv += lines[i];
        }
    } else {
        rv = lines.empty() ? "" : lines[0];
        for (std::size_t i = 1; i < lines.size(); ++i) rv += "\n" + (lines[i].empty() ? std::string() : indention + lines[i]);
    }
    if (first) rv = indention + rv;
    return keep_markup(sv, std::move(rv));
}
Value f_filesizeformat(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_filesizeformat", a, {"binary"});
    bool binary = b.flag(0, false);
    double bytes = is_numeric(v) ? to_double(v) : python_float(v);
    double base = binary ? 1024 : 1000;
    static const char* dec[] = {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    static const char* bin[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    if (bytes == 1) return Value("1 Byte");
    if (bytes < base) return Value(std::to_string(static_cast<std::int64_t>(bytes)) + " Bytes");
    long double unit = base;
    const char* prefix = "";
    for (int i = 0; i < 8; ++i) {
        unit = 1;
        for (int k = 0; k < i + 2; ++k) unit *= static_cast<long double>(base);
        prefix = binary ? bin[i] : dec[i];
        if (static_cast<long double>(bytes) < unit) break;
    }
    return Value(format_value(Value(base * bytes / static_cast<double>(unit)), ".1f") + " " + prefix);
}
Value f_wordwrap(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_wordwrap", a, {"width", "break_long_words", "wrapstring", "break_on_hyphens"}, 0, 1);
    return Value(wordwrap(py_str(v), b.integer(0, 79), b.flag(1, true), b.has(2) ? py_str(*b.get(2)) : "\n", b.flag(3, true)));
}

}  // namespace

// round(x, ndigits) for a scaled value below 2**52, without decimal strings:
// x * 10**n is split exactly into hi + lo (fma), rounded half-to-even as a
// whole, and the integer divided back, which rounds like strtod would.
bool round_scaled(double x, std::int64_t ndigits, double& digits, double& out) {
    static constexpr double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (ndigits < 0 || ndigits > 22) return false;
    const double p = pow10[ndigits];
    const double hi = x * p;
    if (!(std::fabs(hi) < 4503599627370496.0)) return false;  // 2**52; also NaN and inf
    const double lo = std::fma(x, p, -hi);
    double r = std::nearbyint(hi);
    // hi - r is exact; only a tie in hi can be tipped by lo.
    const double e = hi - r;
    if (e == 0.5 && lo > 0) r += 1;
    else if (e == -0.5 && lo < 0) r -= 1;
    digits = r;
    out = r / p;
    return true;
}

double py_round(double x, std::int64_t ndigits) {
    if (!std::isfinite(x)) return x;
    if (double digits = 0, out = 0; round_scaled(x, ndigits, digits, out)) return out;
    // Python rounds the exact binary value half-to-even via repr digits.
    // to_chars/from_chars are exact like printf/strtod, without the locale machinery.
    char buf[400];
    auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed,
                           static_cast<int>(std::clamp<std::int64_t>(ndigits, 0, 30)));
    if (ndigits >= 0 && r.ec == std::errc()) {
        double out = 0;
        std::from_chars(buf, r.ptr, out);
        return out;
    }
    if (ndigits >= 0) {
        std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(std::clamp<std::int64_t>(ndigits, 0, 30)), x);
        return std::strtod(buf, nullptr);
    }
    double p = std::pow(10.0, static_cast<double>(-ndigits));
    return std::nearbyint(x / p) * p;
}

bool is_builtin_list(const Environment::FilterEntry& e) { return is_filter_function(e, f_list); }
bool is_builtin_striptags(const Environment::FilterEntry& e) { return is_filter_function(e, f_striptags); }
bool is_builtin_length(const Environment::FilterEntry& e) {
    return is_filter_function(e, f_length) || is_filter_function(e, f_count);
}

std::vector<std::pair<std::string, Environment::FilterEntry>> text_filters() {
    using E = Environment::FilterEntry;
    return {
        {"upper", E{f_upper}},           {"lower", E{f_lower}},
        {"capitalize", E{f_capitalize}}, {"title", E{f_title}},
        {"center", E{f_center}},         {"trim", E{f_trim}},
        {"string", E{f_string}},         {"safe", E{f_safe}},
        {"escape", E{f_escape}},         {"e", E{f_escape}},
        {"forceescape", E{f_forceescape}}, {"length", E{f_length}},
        {"count", E{f_count}},           {"default", E{f_default}},
        {"d", E{f_default}},             {"list", E{f_list}},
        {"first", E{f_first}},           {"last", E{f_last}},
        {"reverse", E{f_reverse}},       {"join", E{f_join}},
        {"replace", E{f_replace}},       {"format", E{f_format}},
        {"truncate", E{f_truncate}},     {"wordcount", E{f_wordcount}},
        {"striptags", E{f_striptags}},   {"abs", E{f_abs}},
        {"attr", E{f_attr}},             {"int", E{f_int}},
        {"float", E{f_float}},           {"round", E{f_round}},
        {"indent", E{f_indent}},         {"filesizeformat", E{f_filesizeformat}},
        {"wordwrap", E{f_wordwrap}},
    };
}

}  // namespace jinja::detail
