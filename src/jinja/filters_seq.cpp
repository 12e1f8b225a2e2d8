// Jinja2's sequence filters: sort, groupby, map/select, sum, min/max, ...
#include <algorithm>
#include <array>
#include <cmath>

#include "builtins.hpp"
#include "filter_args.hpp"
#include "filters_impl.hpp"
#include "jinja/markup.hpp"
#include "jinja/pystr.hpp"
#include "ops.hpp"

namespace jinja::detail {

namespace {

Value gen(List items, const char* fn = "select_or_reject") {
    return Value(std::static_pointer_cast<Object>(std::make_shared<GeneratorObject>(std::move(items), fn)));
}

std::vector<std::vector<Value>> multi_parts(const Value& attribute) {
    std::vector<std::vector<Value>> out;
    if (attribute.is_string()) {
        for (const auto& p : pystr::split(attribute.as_string(), std::string_view(","))) out.push_back(attr_parts(Value(p)));
    } else {
        out.push_back(attr_parts(attribute));
    }
    return out;
}

bool ascii_ieq(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x != y && ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z')) return false;
    }
    return true;
}

bool ascii_iless(std::string_view a, std::string_view b) {
    std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
        if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x | 0x20);
        if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y | 0x20);
        if (x != y) return x < y;
    }
    return a.size() < b.size();
}

// Strings whose keys compare without building them: all str/Markup, and
// ASCII when case is folded (lower() of ASCII is a byte mapping).
bool plain_string_keys(const List& items, bool case_sensitive) {
    for (const auto& item : items) {
        if (!item.is_string()) return false;
        if (!case_sensitive)
            for (char c : item.as_string())
                if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

// Pointer scratch on the stack for the usual short lists, else on the heap.
template <class T>
class PtrScratch {
public:
    explicit PtrScratch(std::size_t n) {
        if (n > small_.size()) big_.resize(n);
    }
    T* data() { return big_.empty() ? small_.data() : big_.data(); }

private:
    std::array<T, 16> small_{};
    std::vector<T> big_;
};

// Stable sort of a few items by insertion; std::stable_sort allocates a buffer.
template <class T, class Less>
void stable_sort_small(T* v, std::size_t n, Less less) {
    if (n > 16) {
        std::stable_sort(v, v + n, less);
        return;
    }
    for (std::size_t i = 1; i < n; ++i) {
        T x = v[i];
        std::size_t j = i;
        for (; j > 0 && less(x, v[j - 1]); --j) v[j] = v[j - 1];
        v[j] = x;
    }
}

// sort without an attribute: each key is the item (lower-cased unless case
// sensitive), compared as the one-element key lists Jinja builds.
Value sort_plain(const Value& v, bool reverse, bool case_sensitive) {
    List tmp;
    const List& items = iterate_view(v, tmp);
    if (plain_string_keys(items, case_sensitive)) {
        // UTF-8 byte order is code point order, Python's str order.
        const std::size_t n = items.size();
        PtrScratch<const Value*> scratch(n);
        const Value** order = scratch.data();
        for (std::size_t i = 0; i < n; ++i) order[i] = &items[i];
        auto lt = [&](const Value* x, const Value* y) {
            const std::string& a = x->as_string();
            const std::string& b = y->as_string();
            return case_sensitive ? a < b : ascii_iless(a, b);
        };
        stable_sort_small(order, n, [&](const Value* x, const Value* y) { return reverse ? lt(y, x) : lt(x, y); });
        List out;
        out.reserve(n);
        for (std::size_t i = 0; i < n; ++i) out.push_back(*order[i]);
        return Value(std::move(out));
    }
    std::vector<std::pair<Value, const Value*>> keyed;
    keyed.reserve(items.size());
    for (const auto& item : items) keyed.emplace_back(case_sensitive ? item : lower_if_str(item), &item);
    auto less = [](const Value& x, const Value& y) { return !py_eq(x, y) && py_lt(x, y); };
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
        return reverse ? less(y.first, x.first) : less(x.first, y.first);
    });
    List out;
    out.reserve(keyed.size());
    for (const auto& k : keyed) out.push_back(*k.second);
    return Value(std::move(out));
}

Value f_sort(Frame& f, const Value& v, CallArgs& a) {
    Bound b("do_sort", a, {"reverse", "case_sensitive", "attribute"}, 0, 1);
    bool reverse = b.flag(0, false), cs = b.flag(1, false);
    // No attribute (None and Undefined name none) sorts the items themselves.
    if (!b.has(2) || b.get(2)->is_none() || b.get(2)->is_undefined()) return sort_plain(v, reverse, cs);
    std::vector<std::vector<Value>> parts = multi_parts(*b.get(2));
    if (parts.size() == 1 && parts[0].empty()) return sort_plain(v, reverse, cs);
    List items = iterate(v);
    std::vector<std::pair<List, Value>> keyed;
    for (auto& item : items) {
        List key;
        for (const auto& p : parts) key.push_back(attr_get(f, item, p, !cs, nullptr));
        keyed.emplace_back(std::move(key), item);
    }
    // Python's list ordering on the keys, without wrapping them in Values.
    auto less = [](const List& x, const List& y) {
        std::size_t n = std::min(x.size(), y.size());
        for (std::size_t i = 0; i < n; ++i)
            if (!py_eq(x[i], y[i])) return py_lt(x[i], y[i]);
        return x.size() < y.size();
    };
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
        return reverse ? less(y.first, x.first) : less(x.first, y.first);
    });
    List out;
    for (auto& [k, item] : keyed) out.push_back(item);
    return Value(std::move(out));
}

Value f_dictsort(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_dictsort", a, {"case_sensitive", "by", "reverse"});
    bool cs = b.flag(0, false), reverse = b.flag(2, false);
    std::string by = b.has(1) ? b.get(1)->str() : "key";
    int pos;
    if (by == "key") pos = 0;
    else if (by == "value") pos = 1;
    else throw FilterArgumentError("You can only sort by either \"key\" or \"value\"");
    if (!v.is_dict()) throw AttributeError("'" + py_type(v) + "' object has no attribute 'items'");
    List items;
    for (const auto& [k, x] : v.as_dict()) items.push_back(Value::tuple({k, x}));
    std::stable_sort(items.begin(), items.end(), [&](const Value& x, const Value& y) {
        Value kx = x.as_list()[static_cast<std::size_t>(pos)], ky = y.as_list()[static_cast<std::size_t>(pos)];
        if (!cs) {
            kx = lower_if_str(kx);
            ky = lower_if_str(ky);
        }
        return reverse ? py_lt(ky, kx) : py_lt(kx, ky);
    });
    return Value(std::move(items));
}

Value f_unique(Frame& f, const Value& v, CallArgs& a) {
    Bound b("sync_do_unique", a, {"case_sensitive", "attribute"}, 0, 1);
    bool cs = b.flag(0, false);
    auto parts = attr_parts(b.value(1, Value()));
    List seen, out, tmp;
    // Without an attribute no lookup runs that could change the list.
    const List& items = parts.empty() ? iterate_view(v, tmp) : (tmp = iterate(v));
    if (parts.empty() && plain_string_keys(items, cs)) {
        // Duplicates found on the text itself, without key Values.
        PtrScratch<const std::string*> scratch(items.size());
        const std::string** kept = scratch.data();
        std::size_t nkept = 0;
        out.reserve(items.size());
        for (const auto& item : items) {
            const std::string& s = item.as_string();
            bool dup = false;
            for (std::size_t k = 0; k < nkept && !dup; ++k) dup = cs ? *kept[k] == s : ascii_ieq(*kept[k], s);
            if (!dup) {
                kept[nkept++] = &s;
                out.push_back(item);
            }
        }
        return gen(std::move(out), "sync_do_unique");
    }
    for (const auto& item : items) {
        Value key = attr_get(f, item, parts, !cs, nullptr);
        check_hashable(key);
        bool dup = false;
        for (const auto& s : seen)
            if (py_eq(s, key)) {
                dup = true;
                break;
            }
        if (!dup) {
            seen.push_back(key);
            out.push_back(item);
        }
    }
    return gen(std::move(out), "sync_do_unique");
}

Value min_max(Frame& f, const Value& v, CallArgs& a, bool is_max) {
    Bound b(is_max ? "do_max" : "do_min", a, {"case_sensitive", "attribute"}, 0, 1);
    bool cs = b.flag(0, false);
    auto parts = attr_parts(b.value(1, Value()));
    List items = iterate(v);
    if (items.empty())
        return make_undefined(env_undef_kind(*f.env), "", "No aggregated item, sequence was empty.");
    std::size_t best = 0;
    Value bestkey = attr_get(f, items[0], parts, !cs, nullptr);
    for (std::size_t i = 1; i < items.size(); ++i) {
        Value k = attr_get(f, items[i], parts, !cs, nullptr);
        if (is_max ? py_compare(k, bestkey, ">") == 1 : py_compare(k, bestkey, "<") == -1) {
            best = i;
            bestkey = k;
        }
    }
    return items[best];
}
Value f_min(Frame& f, const Value& v, CallArgs& a) { return min_max(f, v, a, false); }
Value f_max(Frame& f, const Value& v, CallArgs& a) { return min_max(f, v, a, true); }

Value f_sum(Frame& f, const Value& v, CallArgs& a) {
    Bound b("sync_do_sum", a, {"attribute", "start"}, 0, 1);
    auto parts = attr_parts(b.value(0, Value()));
    Value total = b.value(1, Value(0));
    for (const auto& item : iterate(v)) total = py_add(total, parts.empty() ? item : attr_get(f, item, parts, false, nullptr));
    return total;
}

Value f_batch(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_batch", a, {"linecount", "fill_with"}, 1);
    std::int64_t n = b.integer(0, 1);
    Value fill = b.value(1, Value());
    List out, tmp;
    for (const auto& item : iterate(v)) {
        if (static_cast<std::int64_t>(tmp.size()) == n) {
            out.push_back(Value(tmp));
            tmp.clear();
        }
        tmp.push_back(item);
    }
    if (!tmp.empty()) {
        if (!fill.is_none())
            while (static_cast<std::int64_t>(tmp.size()) < n) tmp.push_back(fill);
        out.push_back(Value(tmp));
    }
    return gen(std::move(out), "do_batch");
}

Value f_slice(Frame&, const Value& v, CallArgs& a) {
    Bound b("sync_do_slice", a, {"slices", "fill_with"}, 1);
    std::int64_t slices = b.integer(0, 1);
    Value fill = b.value(1, Value());
    List seq = iterate(v);
    auto length = static_cast<std::int64_t>(seq.size());
    if (slices == 0) throw ZeroDivisionError("integer division or modulo by zero");
    std::int64_t per = length / slices, extra = length % slices, offset = 0;
    List out;
    for (std::int64_t i = 0; i < slices; ++i) {
        std::int64_t start = offset + i * per;
        if (i < extra) ++offset;
        std::int64_t end = offset + (i + 1) * per;
        List tmp(seq.begin() + std::min(start, length), seq.begin() + std::min(end, length));
        if (!fill.is_none() && i >= extra) tmp.push_back(fill);
        out.push_back(Value(std::move(tmp)));
    }
    return gen(std::move(out), "sync_do_slice");
}

Value f_groupby(Frame& f, const Value& v, CallArgs& a) {
    Bound b("sync_do_groupby", a, {"attribute", "default", "case_sensitive"}, 1, 1);
    auto parts = attr_parts(*b.get(0));
    Value def = b.value(1, Value());
    bool cs = b.flag(2, false);
    List items = iterate(v);
    std::vector<std::pair<Value, Value>> keyed;
    for (const auto& item : items) {
        Value k = attr_get(f, item, parts, !cs, &def);
        if (k.is_undefined()) raise_undefined(k);
        keyed.emplace_back(k, item);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& x, const auto& y) { return py_lt(x.first, y.first); });
    List out;
    for (std::size_t i = 0; i < keyed.size();) {
        List group;
        std::size_t j = i;
        while (j < keyed.size() && py_eq(keyed[j].first, keyed[i].first)) group.push_back(keyed[j++].second);
        Value key = cs ? keyed[i].first : attr_get(f, group[0], parts, false, &def);
        out.push_back(Value::tuple({key, Value(std::move(group))}));
        i = j;
    }
    return Value(std::move(out));
}

Value f_items(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_items", a, {});
    if (v.is_undefined()) return gen({}, "do_items");
    if (!v.is_dict()) throw TypeError("Can only get item pairs from a mapping.");
    List out;
    for (const auto& [k, x] : v.as_dict()) out.push_back(Value::tuple({k, x}));
    return gen(std::move(out), "do_items");
}

Value call_filter(Frame& f, const Value& name, const Value& item, const List& args, const KwArgs& kwargs) {
    const auto* entry = f.env->find_filter(name.str());
    if (!entry) throw TemplateRuntimeError("No filter named '" + name.str() + "'.");
    CallArgs ca;
    ca.args = args;
    ca.kwargs = kwargs;
    return entry->fn(f, item, ca);
}

Value f_map(Frame& f, const Value& v, CallArgs& a) {
    List tmp;
    // A builtin filter leaves the list alone, so it need not be copied.
    const Environment::FilterEntry* pure_entry = nullptr;
    if (!a.args.empty()) {
        pure_entry = f.env->find_filter(a.args[0].str());
        if (pure_entry && !pure_entry->pure) pure_entry = nullptr;
    }
    const List& items = v.is_undefined() ? tmp : pure_entry ? iterate_view(v, tmp) : (tmp = iterate(v));
    List out;
    if (a.args.empty()) {
        const Value* attribute = nullptr;
        const Value* def = nullptr;
        for (const auto& [k, x] : a.kwargs) {
            if (k == "attribute") attribute = &x;
            else if (k == "default") def = &x;
            else throw FilterArgumentError("Unexpected keyword argument '" + k + "'");
        }
        if (!attribute) throw FilterArgumentError("map requires a filter argument");
        auto parts = attr_parts(*attribute);
        for (const auto& item : items) out.push_back(attr_get(f, item, parts, false, def));
    } else {
        Value name = a.args[0];
        List rest(a.args.begin() + 1, a.args.end());
        if (!items.empty()) {
            // Resolve the filter once; builtin (pure) filters leave their arguments alone,
            // so one argument pack serves every item.
            const auto* entry = pure_entry ? pure_entry : f.env->find_filter(name.str());
            if (!entry) throw TemplateRuntimeError("No filter named '" + name.str() + "'.");
            out.reserve(items.size());
            if (entry->pure) {
                CallArgs ca;
                ca.args = rest;
                ca.kwargs = a.kwargs;
                for (const auto& item : items) out.push_back(entry->fn(f, item, ca));
            } else {
                for (const auto& item : items) out.push_back(call_filter(f, name, item, rest, a.kwargs));
            }
        }
    }
    return gen(std::move(out), "sync_do_map");
}

// A string key looked up in one dict after another: rows usually share their
// key order, so the slot found last time is tried first.
const Value* find_hinted(const Dict& d, const std::string& key, std::size_t& hint) {
    const auto& items = d.items();
    auto is_key = [&](const Value& k) { return k.is_string() && k.as_string() == key; };
    if (hint < items.size() && is_key(items[hint].first)) return &items[hint].second;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (is_key(items[i].first)) {
            hint = i;
            return &items[i].second;
        }
    return nullptr;
}

/// Calls `keep(item)` for each item select/reject (lookup_attr: selectattr/rejectattr) keeps.
template <class Keep>
void select_reject_each(Frame& f, const Value& v, CallArgs& a, bool select, bool lookup_attr, Keep&& keep) {
    if (!v.truthy()) return;
    List tmp;
    const List* items = &iterate_view(v, tmp);
    std::size_t off = 0;
    std::vector<Value> parts;
    if (lookup_attr) {
        if (a.args.empty()) throw FilterArgumentError("Missing parameter for attribute name");
        parts = attr_parts(a.args[0]);
        off = 1;
    }
    const Environment::TestEntry* test = nullptr;
    List rest;
    if (a.args.size() > off) {
        std::string name = a.args[off].str();
        test = f.env->find_test(name);
        if (!test) throw TemplateRuntimeError("No test named '" + name + "'.");
        rest.assign(a.args.begin() + static_cast<std::ptrdiff_t>(off + 1), a.args.end());
    }
    // The list is read in place unless user code (object lookups, custom
    // tests) could change it meanwhile.
    bool plain = !test || test->pure;
    for (std::size_t i = 0; plain && i < items->size(); ++i) plain = !(*items)[i].is_object();
    if (!plain && items != &tmp) {
        tmp = *items;
        items = &tmp;
    }
    const std::string* key = parts.size() == 1 && parts[0].is_string() ? &parts[0].as_string() : nullptr;
    std::size_t hint = 0;
    CallArgs shared;  // builtin tests leave their arguments alone
    if (test && test->pure) {
        shared.args = rest;
        shared.kwargs = a.kwargs;
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
        const Value& item = (*items)[i];
        Value looked_up;
        const Value* x = &item;
        if (lookup_attr) {
            x = key && item.is_dict() ? find_hinted(item.as_dict(), *key, hint) : nullptr;
            if (!x) {
                looked_up = attr_get(f, item, parts, false, nullptr);
                x = &looked_up;
            }
        }
        bool r;
        if (test && test->pure) {
            r = test->fn(f, *x, shared);
        } else if (test) {
            CallArgs ca;
            ca.args = rest;
            ca.kwargs = a.kwargs;
            r = test->fn(f, *x, ca);
        } else {
            r = py_truthy(*x);
        }
        if (r == select) keep(item);
    }
}

Value select_reject(Frame& f, const Value& v, CallArgs& a, bool select, bool lookup_attr) {
    List out;
    select_reject_each(f, v, a, select, lookup_attr, [&](const Value& item) { out.push_back(item); });
    return gen(std::move(out));
}
Value f_select(Frame& f, const Value& v, CallArgs& a) { return select_reject(f, v, a, true, false); }
Value f_reject(Frame& f, const Value& v, CallArgs& a) { return select_reject(f, v, a, false, false); }
Value f_selectattr(Frame& f, const Value& v, CallArgs& a) { return select_reject(f, v, a, true, true); }
Value f_rejectattr(Frame& f, const Value& v, CallArgs& a) { return select_reject(f, v, a, false, true); }

Value f_tojson(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_tojson", a, {"indent"}, 0, 1);
    std::int64_t indent = b.has(0) && !b.get(0)->is_none() ? b.integer(0, 0) : -1;
    // Past the text limit only a newline would fail (json_value checks it); int must not wrap.
    indent = std::min<std::int64_t>(indent, static_cast<std::int64_t>(pystr::max_text_size) + 1);
    std::string s = json_dumps(v, static_cast<int>(indent));
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<': out += "\\u003c"; break;
            case '>': out += "\\u003e"; break;
            case '&': out += "\\u0026"; break;
            case '\'': out += "\\u0027"; break;
            default: out += c;
        }
    }
    return Value::markup(std::move(out));
}

Value f_pprint(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_pprint", a, {});
    return Value(pformat(v));
}

Value f_xmlattr(Frame& f, const Value& v, CallArgs& a) {
    Bound b("do_xmlattr", a, {"autospace"}, 0, 1);
    std::string rv;
    for (const auto& [k, x] : v.as_dict()) {
        if (x.is_none() || x.is_undefined()) continue;
        std::string key = k.str();
        for (std::size_t i = 0; i < key.size(); ++i) {
            char c = key[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '/' || c == '>' || c == '=')
                throw ValueError("Invalid character in attribute name: " + k.repr());
        }
        if (!rv.empty()) rv += ' ';
        rv += escape(k).as_string() + "=\"" + escape(x).as_string() + "\"";
    }
    if (b.flag(0, true) && !rv.empty()) rv = " " + rv;
    return f.autoescape ? Value::markup(std::move(rv)) : Value(std::move(rv));
}

Value f_urlencode(Frame&, const Value& v, CallArgs& a) {
    Bound b("do_urlencode", a, {});
    if (v.is_string() || (!v.is_list() && !v.is_dict())) return Value(url_quote(v, false));
    List pairs;
    if (v.is_dict()) {
        for (const auto& [k, x] : v.as_dict()) pairs.push_back(Value::tuple({k, x}));
    } else {
        pairs = v.as_list();
    }
    std::string out;
    for (const auto& p : pairs) {
        List kv = unpack(p, 2);
        if (!out.empty()) out += '&';
        out += url_quote(kv[0], true) + "=" + url_quote(kv[1], true);
    }
    return Value(std::move(out));
}

Value f_urlize(Frame& f, const Value& v, CallArgs& a) {
    Bound b("do_urlize", a, {"trim_url_limit", "nofollow", "target", "rel", "extra_schemes"}, 0, 1);
    std::vector<std::string> rel_parts;
    if (b.has(3) && !b.get(3)->is_none()) rel_parts = pystr::split(b.get(3)->str());
    if (b.flag(1, false)) rel_parts.push_back("nofollow");
    rel_parts.push_back("noopener");
    std::sort(rel_parts.begin(), rel_parts.end());
    rel_parts.erase(std::unique(rel_parts.begin(), rel_parts.end()), rel_parts.end());
    std::string rel;
    for (const auto& r : rel_parts) rel += (rel.empty() ? "" : " ") + r;
    std::string target = b.has(2) && !b.get(2)->is_none() ? b.get(2)->str() : "";
    std::int64_t limit = b.has(0) && !b.get(0)->is_none() ? b.integer(0, 0) : -1;
    std::vector<std::string> schemes;
    if (b.has(4) && !b.get(4)->is_none()) {
        for (const Value& x : iterate(*b.get(4))) {
            std::string scheme = x.is_string() ? x.as_string() : x.str();
            // _uri_scheme_re: ^([\w.+-]{2,}:(/){0,2})$
            std::size_t colon = scheme.find(':');
            bool valid = colon != std::string::npos && colon >= 2;
            for (std::size_t i = 0; valid && i < colon; ++i) {
                auto c = static_cast<unsigned char>(scheme[i]);
                valid = c >= 128 || std::isalnum(c) || c == '_' || c == '.' || c == '+' || c == '-';
            }
            if (valid) {
                std::string_view rest = std::string_view(scheme).substr(colon + 1);
                valid = rest.size() <= 2 && rest.find_first_not_of('/') == std::string_view::npos;
            }
            if (!valid) throw FilterArgumentError(string_repr(scheme) + " is not a valid URI scheme prefix.");
            schemes.push_back(std::move(scheme));
        }
    }
    bool safe = v.is_markup() || (v.is_object() && v.as_object().html());
    std::string text = v.is_object() && v.as_object().html() ? *v.as_object().html() : py_str(v);
    std::string rv = urlize(text, limit, rel, target, schemes, safe);
    return f.autoescape ? Value::markup(std::move(rv)) : Value(std::move(rv));
}

Value f_random(Frame&, const Value& v, CallArgs&) {
    List items = iterate(v);
    if (items.empty()) throw IndexError("Cannot choose from an empty sequence");
    return items[static_cast<std::size_t>(std::rand()) % items.size()];
}

}  // namespace

SelectKind builtin_select_kind(const Environment::FilterEntry& e) {
    if (is_filter_function(e, f_select)) return SelectKind::Select;
    if (is_filter_function(e, f_reject)) return SelectKind::Reject;
    if (is_filter_function(e, f_selectattr)) return SelectKind::SelectAttr;
    if (is_filter_function(e, f_rejectattr)) return SelectKind::RejectAttr;
    return SelectKind::None;
}

std::size_t count_selected(Frame& f, const Value& v, CallArgs& a, SelectKind kind) {
    std::size_t n = 0;
    const bool select = kind == SelectKind::Select || kind == SelectKind::SelectAttr;
    const bool lookup_attr = kind == SelectKind::SelectAttr || kind == SelectKind::RejectAttr;
    select_reject_each(f, v, a, select, lookup_attr, [&](const Value&) { ++n; });
    return n;
}

std::vector<std::pair<std::string, Environment::FilterEntry>> sequence_filters() {
    using E = Environment::FilterEntry;
    return {
        {"sort", E{f_sort}},         {"dictsort", E{f_dictsort}},     {"unique", E{f_unique}},
        {"min", E{f_min}},           {"max", E{f_max}},               {"sum", E{f_sum}},
        {"batch", E{f_batch}},       {"slice", E{f_slice}},           {"groupby", E{f_groupby}},
        {"items", E{f_items}},       {"map", E{f_map, false}},        {"select", E{f_select, false}},
        {"reject", E{f_reject, false}}, {"selectattr", E{f_selectattr, false}}, {"rejectattr", E{f_rejectattr, false}},
        {"tojson", E{f_tojson}},     {"pprint", E{f_pprint}},         {"xmlattr", E{f_xmlattr}},
        {"urlencode", E{f_urlencode}}, {"urlize", E{f_urlize}},       {"random", E{f_random, false}},
    };
}

std::vector<std::pair<std::string, Environment::FilterEntry>> builtin_filters() {
    auto all = text_filters();
    for (auto& e : sequence_filters()) all.push_back(std::move(e));
    attach_emitters(all);
    return all;
}

}  // namespace jinja::detail
