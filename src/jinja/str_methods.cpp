// `"text".method(...)` for templates and Markup: argument checking as Python
// does it, then the algorithms of pystr.cpp.  On Markup the results that are
// text come back as Markup and inserted text is escaped (MarkupSafe's rules).
#include <algorithm>
#include <cctype>

#include "jinja/markup.hpp"
#include "jinja/pyformat.hpp"
#include "jinja/pystr.hpp"

namespace jinja::pystr {

namespace {

class Call {
public:
    Call(std::string_view name, const CallArgs& args) : name_(name), args_(args) {}

    // Positional argument i, or keyword `kw` (empty: positional-only).
    const Value* get(std::size_t i, std::string_view kw = {}) const {
        if (i < args_.args.size()) return &args_.args[i];
        if (!kw.empty())
            for (const auto& [k, v] : args_.kwargs)
                if (k == kw) return &v;
        return nullptr;
    }

    void limit(std::size_t most, std::size_t least = 0, std::initializer_list<std::string_view> keywords = {}) const {
        for (const auto& [k, v] : args_.kwargs)
            if (std::find(keywords.begin(), keywords.end(), k) == keywords.end())
                throw TypeError(std::string(name_) + "() got an unexpected keyword argument '" + k + "'");
        std::size_t given = args_.args.size() + args_.kwargs.size();
        if (given > most)
            throw TypeError(std::string(name_) + "() takes at most " + std::to_string(most) + " arguments (" +
                            std::to_string(given) + " given)");
        if (given < least)
            throw TypeError(std::string(name_) + "() takes at least " + std::to_string(least) + " argument (" +
                            std::to_string(given) + " given)");
    }

    std::string_view text(std::size_t i, std::string_view kw = {}) const {
        const Value* v = get(i, kw);
        if (!v || !v->is_string())
            throw TypeError(std::string(name_) + "() argument " + std::to_string(i + 1) + " must be str, not " +
                            std::string(v ? v->type_name() : "NoneType"));
        return v->as_string();
    }

    std::optional<std::string_view> optional_text(std::size_t i, std::string_view kw = {}) const {
        const Value* v = get(i, kw);
        if (!v || v->is_none()) return std::nullopt;
        if (!v->is_string()) throw TypeError("must be str or None, not " + std::string(v->type_name()));
        return std::string_view(v->as_string());
    }

    std::int64_t integer(std::size_t i, std::int64_t fallback, std::string_view kw = {}) const {
        const Value* v = get(i, kw);
        if (!v) return fallback;
        if (!v->is_int() && !v->is_bool())
            throw TypeError("'" + std::string(v->type_name()) + "' object cannot be interpreted as an integer");
        return v->as_int();
    }

    std::optional<std::int64_t> slice_index(std::size_t i) const {
        const Value* v = get(i);
        if (!v || v->is_none()) return std::nullopt;
        if (!v->is_int() && !v->is_bool())
            throw TypeError("slice indices must be integers or None or have an __index__ method");
        return v->as_int();
    }

    const CallArgs& args() const { return args_; }

private:
    std::string_view name_;
    const CallArgs& args_;
};

Value list_of(const std::vector<std::string>& items, bool markup) {
    List out;
    out.reserve(items.size());
    for (const auto& s : items) out.push_back(markup ? Value::markup(s) : Value(s));
    return Value(std::move(out));
}

// Optional start/end arguments of count/find/startswith, as a code-point
// window; returns the window and its code-point offset.
std::pair<std::string_view, std::int64_t> window(std::string_view s, const Call& c, std::size_t first) {
    auto start = c.slice_index(first), stop = c.slice_index(first + 1);
    if (!start && !stop) return {s, 0};
    auto n = static_cast<std::int64_t>(length(s));
    std::int64_t offset = start ? std::clamp<std::int64_t>(*start < 0 ? *start + n : *start, 0, n) : 0;
    return {slice(s, start, stop), offset};
}

std::vector<std::string> list_of_chars(std::string_view s) {
    std::vector<std::string> out;
    for (std::size_t pos = 0; pos < s.size();) {
        std::size_t at = pos;
        decode_utf8(s, pos);
        out.emplace_back(s.substr(at, pos - at));
    }
    return out;
}

bool affix_match(std::string_view s, const Value& affix, bool prefix, std::string_view name) {
    auto test = [&](const Value& a) {
        if (!a.is_string())
            throw TypeError(std::string(name) + " first arg must be str or a tuple of str, not " +
                            std::string(a.type_name()));
        std::string_view x = a.as_string();
        return x.size() <= s.size() && (prefix ? s.substr(0, x.size()) == x : s.substr(s.size() - x.size()) == x);
    };
    if (affix.is_tuple()) {
        for (const auto& a : affix.as_list())
            if (test(a)) return true;
        return false;
    }
    return test(affix);
}

template <class Pred>
bool all_chars(std::string_view s, Pred pred) {
    if (s.empty()) return false;
    for (std::size_t pos = 0; pos < s.size();)
        if (!pred(decode_utf8(s, pos))) return false;
    return true;
}

bool is_alpha(char32_t c) { return c < 0x80 ? std::isalpha(static_cast<int>(c)) != 0 : (char_flags(c) & CASED) != 0; }
bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

bool cased_test(std::string_view s, std::uint8_t want) {
    bool any = false;
    for (std::size_t pos = 0; pos < s.size();) {
        std::uint8_t f = char_flags(decode_utf8(s, pos));
        if (!(f & CASED)) continue;
        if (!(f & want)) return false;
        any = true;
    }
    return any;
}

bool is_title(std::string_view s) {
    bool previous_cased = false, any = false;
    for (std::size_t pos = 0; pos < s.size();) {
        std::uint8_t f = char_flags(decode_utf8(s, pos));
        bool upper_like = (f & CASED) && !(f & LOWER);
        if (upper_like) {
            if (previous_cased) return false;
            previous_cased = any = true;
        } else if (f & LOWER) {
            if (!previous_cased) return false;
        } else {
            previous_cased = false;
        }
    }
    return any;
}

const char* const method_names[] = {
    "capitalize", "casefold", "center", "count", "endswith", "expandtabs", "find", "format", "format_map",
    "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "islower", "isnumeric", "isspace",
    "istitle", "isupper", "join", "ljust", "lower", "lstrip", "partition", "removeprefix", "removesuffix",
    "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines",
    "startswith", "strip", "swapcase", "title", "upper", "zfill"};

}  // namespace

bool has_str_method(std::string_view name) {
    for (const char* m : method_names)
        if (name == m) return true;
    return false;
}

Value call_str_method(const Value& self, std::string_view name, const CallArgs& args) {
    const std::string& s = self.as_string();
    const bool m = self.is_markup();
    Call c(name, args);
    auto text_result = [m](std::string r) { return m ? Value::markup(std::move(r)) : Value(std::move(r)); };
    // Text that Markup inserts (fill characters, replacements) is escaped first.
    auto inserted = [&](std::size_t i, std::string_view fallback) -> std::string {
        const Value* v = c.get(i);
        if (!v) return std::string(fallback);
        if (m) return escape(*v).as_string();
        return std::string(c.text(i));
    };

    if (name == "upper" || name == "lower" || name == "casefold" || name == "title" || name == "capitalize" ||
        name == "swapcase") {
        c.limit(0);
        if (name == "upper") return text_result(upper(s));
        if (name == "lower") return text_result(lower(s));
        if (name == "casefold") return text_result(casefold(s));
        if (name == "title") return text_result(title(s));
        if (name == "capitalize") return text_result(capitalize(s));
        return text_result(swapcase(s));
    }
    if (name == "strip" || name == "lstrip" || name == "rstrip") {
        c.limit(1);
        auto chars = c.optional_text(0);
        if (name == "strip") return text_result(strip(s, chars));
        return text_result(name == "lstrip" ? lstrip(s, chars) : rstrip(s, chars));
    }
    if (name == "center" || name == "ljust" || name == "rjust") {
        c.limit(2, 1);
        std::int64_t width = c.integer(0, 0);
        std::string fill = inserted(1, " ");
        if (name == "center") return text_result(center(s, width, fill));
        return text_result(name == "ljust" ? ljust(s, width, fill) : rjust(s, width, fill));
    }
    if (name == "zfill") {
        c.limit(1, 1);
        return text_result(zfill(s, c.integer(0, 0)));
    }
    if (name == "expandtabs") {
        c.limit(1, 0, {"tabsize"});
        return text_result(expandtabs(s, c.integer(0, 8, "tabsize")));
    }
    if (name == "replace") {
        c.limit(3, 2);
        std::string_view old = c.text(0);
        return text_result(replace(s, old, inserted(1, ""), c.integer(2, -1)));
    }
    if (name == "removeprefix" || name == "removesuffix") {
        c.limit(1, 1);
        std::string_view affix = c.text(0);
        std::string_view v = s;
        if (name == "removeprefix" && v.substr(0, affix.size()) == affix) v.remove_prefix(affix.size());
        if (name == "removesuffix" && v.size() >= affix.size() && v.substr(v.size() - affix.size()) == affix)
            v.remove_suffix(affix.size());
        return text_result(std::string(v));
    }
    if (name == "split" || name == "rsplit") {
        c.limit(2, 0, {"sep", "maxsplit"});
        auto sep = c.optional_text(0, "sep");
        std::int64_t maxsplit = c.integer(1, -1, "maxsplit");
        return list_of(name == "split" ? split(s, sep, maxsplit) : rsplit(s, sep, maxsplit), m);
    }
    if (name == "splitlines") {
        c.limit(1, 0, {"keepends"});
        const Value* keep = c.get(0, "keepends");
        return list_of(splitlines(s, keep && keep->truthy()), m);
    }
    if (name == "partition" || name == "rpartition") {
        c.limit(1, 1);
        auto parts = name == "partition" ? partition(s, c.text(0)) : rpartition(s, c.text(0));
        Value list = list_of(parts, m);
        return Value::tuple(list.as_list());
    }
    if (name == "join") {
        c.limit(1, 1);
        if (m) return markup_join(self, *c.get(0));
        const Value& iterable = *c.get(0);
        List items;
        if (iterable.is_list()) items = iterable.as_list();
        else if (iterable.is_dict())
            for (const auto& [k, v] : iterable.as_dict()) items.push_back(k);
        else if (iterable.is_string())
            for (const auto& ch : list_of_chars(iterable.as_string())) items.emplace_back(ch);
        else throw TypeError("can only join an iterable");
        std::string out;
        std::size_t i = 0;
        for (const auto& item : items) {
            if (!item.is_string())
                throw TypeError("sequence item " + std::to_string(i) + ": expected str instance, " +
                                std::string(item.type_name()) + " found");
            if (i++) out += s;
            out += item.as_string();
        }
        return Value(std::move(out));
    }
    if (name == "format") {
        if (m) return markup_format(self, args.args, args.kwargs);
        return Value(str_format(s, args.args, args.kwargs));
    }
    if (name == "format_map") {
        c.limit(1, 1);
        if (m) return markup_format_map(self, *c.get(0));
        return Value(str_format_map(s, *c.get(0)));
    }
    if (name == "count" || name == "find" || name == "rfind" || name == "index" || name == "rindex") {
        c.limit(3, 1);
        std::string_view sub = c.text(0);
        auto [hay, offset] = window(s, c, 1);
        if (name == "count") return Value(count(hay, sub));
        bool reverse = name == "rfind" || name == "rindex";
        std::int64_t at = reverse ? rfind(hay, sub) : find(hay, sub);
        if (at < 0) {
            if (name == "index" || name == "rindex") throw ValueError("substring not found");
            return Value(-1);
        }
        return Value(at + offset);
    }
    if (name == "startswith" || name == "endswith") {
        c.limit(3, 1);
        auto [hay, offset] = window(s, c, 1);
        (void)offset;
        return Value(affix_match(hay, *c.get(0), name == "startswith", name));
    }
    if (name.substr(0, 2) == "is") {
        c.limit(0);
        if (name == "isascii") return Value(std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; }));
        if (name == "isspace") return Value(all_chars(s, is_space));
        if (name == "isalpha") return Value(all_chars(s, is_alpha));
        if (name == "isalnum") return Value(all_chars(s, [](char32_t ch) { return is_alpha(ch) || is_digit(ch); }));
        if (name == "isdigit" || name == "isdecimal" || name == "isnumeric") return Value(all_chars(s, is_digit));
        if (name == "islower") return Value(cased_test(s, LOWER));
        if (name == "isupper") return Value(cased_test(s, UPPER));
        if (name == "istitle") return Value(is_title(s));
    }
    if (m && (name == "striptags" || name == "unescape")) {
        c.limit(0);
        return Value(name == "striptags" ? striptags(s) : html_unescape(s));
    }
    if (m && name == "escape") {
        c.limit(1, 1);
        return escape(*c.get(0));
    }
    throw TypeError("'" + std::string(self.type_name()) + "' object has no attribute '" + std::string(name) + "'");
}

}  // namespace jinja::pystr
