// Print fast paths of builtin filters: `{{ x|upper }}` and friends append their
// result to the output directly instead of building a result Value (a string
// allocation and a shared block each) only for PrintStmt to copy it out.
// Every emitter either writes exactly what printing the filter's result would
// write, or declines (returns false, nothing written) and the filter runs.
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <typeinfo>

#include "compiler.hpp"
#include "filter_args.hpp"
#include "filters_impl.hpp"
#include "jinja/markup.hpp"
#include "nodes.hpp"
#include "ops.hpp"
#include "pyformat_impl.hpp"

namespace jinja::detail {

namespace {

void put(std::string& out, std::string_view text, bool escape) {
    if (text.empty()) return;
    if (escape) escape_html_to(out, text);
    else out.append(text);
}

// ASCII upper/lower case mapping; other text is left to the filter (Unicode
// special cases such as 'ß' -> 'SS').
bool emit_ascii_case(const Value& v, std::string& out, bool out_escape, bool upper) {
    if (!v.is_string()) return false;
    const std::string& s = v.as_string();
    // Byte classes: 1 needs HTML escaping, 2 is non-ASCII.
    static constexpr auto cls = [] {
        std::array<unsigned char, 256> t{};
        for (int c = 0x80; c < 256; ++c) t[static_cast<std::size_t>(c)] = 2;
        for (unsigned char c : {'&', '<', '>', '"', '\''}) t[c] = 1;
        return t;
    }();
    const char lo = upper ? 'a' : 'A', hi = upper ? 'z' : 'Z';
    // Mapped in one pass into a buffer (words and names fit on the stack).
    char small[128];
    std::string large;
    char* w = small;
    if (s.size() > sizeof small) {
        large.resize(s.size());
        w = large.data();
    }
    unsigned seen = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        seen |= cls[static_cast<unsigned char>(c)];
        w[i] = (c >= lo && c <= hi) ? static_cast<char>(c ^ 0x20) : c;
    }
    if (seen & 2) return false;
    // Case mapping leaves & < > " ' alone, so escaping afterwards is the same.
    const std::string_view mapped(w, s.size());
    if ((seen & 1) && out_escape && !v.is_markup()) escape_html_to(out, mapped);
    else out.append(mapped);
    return true;
}

bool e_upper(Frame&, const Value& v, CallArgs& a, std::string& out, bool out_escape) {
    Bound b("do_upper", a, {});
    return emit_ascii_case(v, out, out_escape, true);
}

bool e_lower(Frame&, const Value& v, CallArgs& a, std::string& out, bool out_escape) {
    Bound b("do_lower", a, {});
    return emit_ascii_case(v, out, out_escape, false);
}

// default(fallback, boolean) once its arguments are bound; `fallback` null: the empty str.
bool emit_default(const Value& v, const Value* fallback, bool boolean, std::string& out, bool out_escape) {
    if (v.is_undefined() || (boolean && !v.truthy())) {
        if (fallback) append_output(out, *fallback, out_escape);
        return true;
    }
    append_output(out, v, out_escape);
    return true;
}

bool e_default(Frame&, const Value& v, CallArgs& a, std::string& out, bool out_escape) {
    Bound b("do_default", a, {"default_value", "boolean"});
    return emit_default(v, b.get(0), b.flag(1, false), out, out_escape);
}

// truncate of a string with a string `end`, once its arguments are checked.
void emit_truncated(const Value& v, const TruncateArgs& t, std::string& out, bool out_escape) {
    const bool escape = out_escape && !v.is_markup();  // the result keeps the input's Markup-ness
    const std::string& text = v.as_string();
    auto head = truncate_head(text, t.length, t.killwords, t.end->as_string(), t.leeway);
    put(out, head ? *head : std::string_view(text), escape);
    if (head) put(out, t.end->as_string(), escape);
}

bool e_truncate(Frame&, const Value& v, CallArgs& a, std::string& out, bool out_escape) {
    if (!v.is_string()) return false;
    TruncateArgs t = truncate_args(a);
    if (!t.end->is_string()) return false;
    emit_truncated(v, t, out, out_escape);
    return true;
}

// "text %.Nf text" with one float, the usual way of printing amounts: the
// digits are written straight into the output (append_fixed), with no
// intermediate strings.
struct FixedFormat {
    std::string_view prefix, suffix;
    int precision = 6;
};

std::optional<FixedFormat> parse_one_fixed(std::string_view fmt) {
    const std::size_t pct = fmt.find('%');
    if (pct == std::string_view::npos || fmt.find('%', pct + 1) != std::string_view::npos) return std::nullopt;
    std::size_t i = pct + 1;
    int precision = 6;
    if (i < fmt.size() && fmt[i] == '.') {
        precision = 0;
        for (++i; i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9' && precision <= 100; ++i)
            precision = precision * 10 + (fmt[i] - '0');
    }
    if (i >= fmt.size() || fmt[i] != 'f' || precision > 100) return std::nullopt;
    return FixedFormat{fmt.substr(0, pct), fmt.substr(i + 1), precision};
}

// m / 10**decimals written out positionally, `negative` giving the sign (also
// of zero, as printf and repr write "-0.0").  "%.Nf" keeps every decimal and
// no point for N = 0; repr style drops trailing zeros but keeps one digit.
void append_scaled(std::string& out, bool negative, std::uint64_t m, int decimals, bool repr_style) {
    std::uint64_t scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    if (negative) out += '-';
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, m / scale);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));  // (ptr, size): the iterator-pair overload goes through _M_replace
    if (decimals == 0 && !repr_style) return;
    out += '.';
    std::uint64_t frac = m % scale;
    int width = decimals;
    while (repr_style && width > 1 && frac % 10 == 0) {
        frac /= 10;
        --width;
    }
    if (width == 0) {
        out += '0';
        return;
    }
    for (int i = width - 1; i >= 0; --i) {
        buf[i] = static_cast<char>('0' + frac % 10);
        frac /= 10;
    }
    out.append(buf, static_cast<std::size_t>(width));
}

// x rounded to `precision` decimals and printed: the exact decimal of x
// rounded half to even, as printf's "%.Nf" does.  While x * 10**N stays
// below 2**52, round_scaled gets that rounding from two multiplications, far
// cheaper than to_chars' general algorithm, which serves the rest.
void append_fixed(std::string& out, double x, int precision) {
    double digits = 0, rounded = 0;
    if (precision <= 15 && round_scaled(x, precision, digits, rounded)) {
        append_scaled(out, std::signbit(digits), static_cast<std::uint64_t>(std::fabs(digits)), precision, false);
        return;
    }
    char buf[512];
    auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, precision);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

bool write_fixed(const FixedFormat& f, const Value& arg, std::string& out, bool out_escape) {
    if (!arg.is_float()) return false;
    const double x = arg.as_float();
    if (!std::isfinite(x)) return false;
    put(out, f.prefix, out_escape);
    append_fixed(out, x, f.precision);
    put(out, f.suffix, out_escape);
    return true;
}

bool emit_one_fixed(std::string_view fmt, const List& args, std::string& out, bool out_escape) {
    if (args.size() != 1) return false;
    auto parsed = parse_one_fixed(fmt);
    return parsed && write_fixed(*parsed, args[0], out, out_escape);
}

bool e_format(Frame&, const Value& v, CallArgs& a, std::string& out, bool out_escape) {
    if (!v.is_string() || v.is_markup() || !a.kwargs.empty()) return false;
    if (emit_one_fixed(v.as_string(), a.args, out, out_escape)) return true;
    put(out, percent_format_items(v.as_string(), a.args), out_escape);
    return true;
}

// round of a float, printed: while the rounded digits stay below 2**51 no
// shorter decimal lies within half an ulp of the result, so its repr is
// exactly those digits (positional for results from 1e-4 up).
bool e_round(Frame&, const Value& v, CallArgs& a, std::string& out, bool) {
    if (!v.is_float()) return false;
    Bound b("do_round", a, {"precision", "method"});
    if (b.has(1)) return false;  // the filter checks the method
    const std::int64_t n = b.integer(0, 0);
    double digits = 0, r = 0;
    if (n > 15 || !round_scaled(v.as_float(), n, digits, r)) return false;
    if (!(std::fabs(digits) < 2251799813685248.0) || (r != 0 && std::fabs(r) < 1e-4)) return false;
    append_scaled(out, std::signbit(r), static_cast<std::uint64_t>(std::fabs(digits)), static_cast<int>(n), true);
    return true;
}

bool e_escape(Frame&, const Value& v, CallArgs& a, std::string& out, bool) {
    Bound b("escape", a, {});
    if (!v.is_string()) return false;
    put(out, v.as_string(), !v.is_markup());  // the result is Markup: printed as is
    return true;
}

bool e_safe(Frame&, const Value& v, CallArgs& a, std::string& out, bool) {
    Bound b("do_mark_safe", a, {});
    if (!v.is_string()) return false;
    out.append(v.as_string());
    return true;
}

bool e_striptags(Frame&, const Value& v, CallArgs& a, std::string& out, bool out_escape) {
    Bound b("do_striptags", a, {});
    if (!v.is_string()) return false;
    put(out, striptags(v.as_string()), out_escape);
    return true;
}

// join over a list (or map/select result) of strings, no attribute: the
// separator and items are written one by one, escaped as the joined str or
// Markup would be.
bool e_join(Frame& f, const Value& v, CallArgs& a, std::string& out, bool out_escape) {
    Bound b("sync_do_join", a, {"d", "attribute"});
    if (b.has(1) && !b.get(1)->is_none()) return false;
    const List* items = nullptr;
    if (v.is_list()) items = &v.as_list();
    else if (v.is_object() && typeid(v.as_object()) == typeid(GeneratorObject))
        items = &static_cast<const GeneratorObject&>(v.as_object()).items;
    if (!items) return false;
    bool any_markup = false;
    for (const auto& item : *items) {
        if (!item.is_string()) return false;
        any_markup = any_markup || item.is_markup();
    }
    std::string_view sep;
    bool sep_markup = false;
    if (b.has(0)) {
        if (!b.get(0)->is_string()) return false;
        sep = b.get(0)->as_string();
        sep_markup = b.get(0)->is_markup();
    }
    // With autoescape a Markup results when the separator or any item is
    // safe; its parts are escaped unless already safe.  Otherwise a str.
    const bool markup_result = f.autoescape && (sep_markup || any_markup);
    for (std::size_t i = 0; i < items->size(); ++i) {
        const Value& item = (*items)[i];
        if (markup_result) {
            if (i) put(out, sep, !sep_markup);
            put(out, item.as_string(), !item.is_markup());
        } else {
            if (i) put(out, sep, out_escape);
            put(out, item.as_string(), out_escape);
        }
    }
    return true;
}


// ---- prepared forms: constant arguments bound at compile time ----------------------

bool no_arguments(const FilterExpr& e) {
    return e.const_args && e.const_args->args.empty() && e.const_args->kwargs.empty();
}

class PreparedCase final : public PreparedFilter {
public:
    explicit PreparedCase(bool upper) : upper_(upper) {}
    bool emit(Frame&, const FilterExpr&, const Value& v, std::string& out, bool out_escape) const override {
        return emit_ascii_case(v, out, out_escape, upper_);
    }

private:
    bool upper_;
};

class PreparedDefault final : public PreparedFilter {
public:
    PreparedDefault(const Value* fallback, bool boolean) : fallback_(fallback), boolean_(boolean) {}
    bool emit(Frame&, const FilterExpr&, const Value& v, std::string& out, bool out_escape) const override {
        return emit_default(v, fallback_, boolean_, out, out_escape);
    }

private:
    const Value* fallback_;  // in the FilterExpr's constant arguments
    bool boolean_;
};

class PreparedTruncate final : public PreparedFilter {
public:
    explicit PreparedTruncate(const TruncateArgs& t) : t_(t) {}
    bool emit(Frame&, const FilterExpr&, const Value& v, std::string& out, bool out_escape) const override {
        if (!v.is_string()) return false;
        emit_truncated(v, t_, out, out_escape);
        return true;
    }

private:
    TruncateArgs t_;  // `end` points into the FilterExpr's constant arguments or a static
};

// `'%.1f'|format(x)`: the format string is parsed once.
class PreparedFixedFormat final : public PreparedFilter {
public:
    explicit PreparedFixedFormat(const Value& fmt)
        : fmt_value_(fmt), fmt_(fmt.as_string()), parsed_(*parse_one_fixed(fmt_)) {}
    bool emit(Frame& f, const FilterExpr& e, const Value& v, std::string& out, bool out_escape) const override {
        // The input is the template's constant, shared with fmt_value_: no need to compare texts.
        if (!v.is_string() || (&v.as_string() != &fmt_value_.as_string() && v.as_string() != fmt_)) return false;
        Value tmp;
        return write_fixed(parsed_, e.args.args[0]->eval_ref(f, tmp), out, out_escape);
    }

private:
    Value fmt_value_;
    std::string fmt_;
    FixedFormat parsed_;  // views into fmt_, which never moves again
};

}  // namespace

std::unique_ptr<PreparedFilter> prepare_filter(const FilterExpr& e) {
    const auto emit = e.fn->emit;
    if (emit == e_upper || emit == e_lower) {
        if (no_arguments(e)) return std::make_unique<PreparedCase>(emit == e_upper);
        return nullptr;
    }
    if (!e.const_args) {
        const auto& a = e.args;
        auto* fmt = dynamic_cast<const ConstExpr*>(e.node.get());
        if (emit == e_format && fmt && fmt->value.is_string() && !fmt->value.is_markup() && a.args.size() == 1 &&
            a.kwargs.empty() && !a.dyn_args && !a.dyn_kwargs && e.args_pure && parse_one_fixed(fmt->value.as_string()))
            return std::make_unique<PreparedFixedFormat>(fmt->value);
        return nullptr;
    }
    // Arguments a filter would reject are left to it: it raises at render time, as Jinja does.
    try {
        if (emit == e_default) {
            Bound b("do_default", *e.const_args, {"default_value", "boolean"});
            return std::make_unique<PreparedDefault>(b.get(0), b.flag(1, false));
        }
        if (emit == e_truncate) {
            TruncateArgs t = truncate_args(*e.const_args);
            if (t.end->is_string()) return std::make_unique<PreparedTruncate>(t);
        }
    } catch (const std::exception&) {
    }
    return nullptr;
}

void attach_emitters(std::vector<std::pair<std::string, Environment::FilterEntry>>& filters) {
    for (auto& [name, entry] : filters) {
        if (name == "upper") entry.emit = e_upper;
        else if (name == "lower") entry.emit = e_lower;
        else if (name == "default" || name == "d") entry.emit = e_default;
        else if (name == "truncate") entry.emit = e_truncate;
        else if (name == "format") entry.emit = e_format;
        else if (name == "escape" || name == "e") entry.emit = e_escape;
        else if (name == "safe") entry.emit = e_safe;
        else if (name == "striptags") entry.emit = e_striptags;
        else if (name == "join") entry.emit = e_join;
        else if (name == "round") entry.emit = e_round;
    }
}

}  // namespace jinja::detail
