// Jinja2's default globals: range, dict, lipsum, cycler, joiner, namespace.
#include "builtins.hpp"
#include "filter_args.hpp"
#include "jinja/markup.hpp"
#include "ops.hpp"

namespace jinja::detail {

namespace {

std::int64_t index_arg(const Value& v) {
    if (v.is_int() || v.is_bool()) return v.as_int();
    throw TypeError("'" + py_type(v) + "' object cannot be interpreted as an integer");
}

Value g_range(CallArgs& a, Frame*) {
    if (!a.kwargs.empty()) throw TypeError("range() takes no keyword arguments");
    std::size_t n = a.args.size();
    if (n == 0) throw TypeError("range expected at least 1 argument, got 0");
    if (n > 3) throw TypeError("range expected at most 3 arguments, got " + std::to_string(n));
    std::int64_t start = 0, stop, step = 1;
    if (n == 1) {
        stop = index_arg(a.args[0]);
    } else {
        start = index_arg(a.args[0]);
        stop = index_arg(a.args[1]);
        if (n == 3) step = index_arg(a.args[2]);
    }
    if (step == 0) throw ValueError("range() arg 3 must not be zero");
    auto r = std::make_shared<RangeObject>(start, stop, step);
    if (r->size() > 100000) throw OverflowError("Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
    return Value(std::static_pointer_cast<Object>(r));
}

Value g_dict(CallArgs& a, Frame*) {
    Dict d;
    if (a.args.size() > 1) throw TypeError("dict expected at most 1 argument, got " + std::to_string(a.args.size()));
    if (!a.args.empty()) {
        const Value& src = a.args[0];
        if (src.is_dict()) {
            d = src.as_dict();
        } else {
            List items = iterate(src);
            for (std::size_t i = 0; i < items.size(); ++i) {
                auto [k, v] = update_pair(items[i], i);
                d.set(std::move(k), std::move(v));
            }
        }
    }
    for (const auto& [k, v] : a.kwargs) d.set(Value(k), v);
    return Value(std::move(d));
}

Value g_cycler(CallArgs& a, Frame*) {
    auto c = std::make_shared<CyclerObject>();
    c->items = a.args;
    return Value(std::static_pointer_cast<Object>(c));
}

Value g_joiner(CallArgs& a, Frame*) {
    Bound b("Joiner", a, {"sep"});
    auto j = std::make_shared<JoinerObject>();
    if (b.has(0)) j->sep = py_str(*b.get(0));
    return Value(std::static_pointer_cast<Object>(j));
}

Value g_namespace(CallArgs& a, Frame*) {
    auto ns = std::make_shared<NamespaceObject>();
    for (const auto& src : a.args) {
        if (src.is_dict()) {
            for (const auto& [k, v] : src.as_dict()) ns->attrs.set(k, v);
        } else {
            List items = iterate(src);
            for (std::size_t i = 0; i < items.size(); ++i) {
                auto [k, v] = update_pair(items[i], i);
                ns->attrs.set(std::move(k), std::move(v));
            }
        }
    }
    for (const auto& [k, v] : a.kwargs) ns->attrs.set(Value(k), v);
    return Value(std::static_pointer_cast<Object>(ns));
}

Value g_lipsum(CallArgs& a, Frame*) {
    Bound b("generate_lorem_ipsum", a, {"n", "html", "min", "max"});
    std::int64_t n = b.integer(0, 5);
    bool html = b.flag(1, true);
    std::string text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit.";
    std::string out;
    for (std::int64_t i = 0; i < n; ++i) {
        if (i) out += html ? "\n" : "\n\n";
        out += html ? "<p>" + text + "</p>" : text;
    }
    return html ? Value::markup(std::move(out)) : Value(std::move(out));
}

Value builtin(const char* name, Builtin::Fn fn, bool is_class) {
    return Value(std::static_pointer_cast<Object>(std::make_shared<Builtin>(name, fn, is_class)));
}

}  // namespace

void add_builtin_globals(Dict& globals) {
    globals.set(Value("range"), builtin("range", g_range, true));
    globals.set(Value("dict"), builtin("dict", g_dict, true));
    globals.set(Value("lipsum"), builtin("generate_lorem_ipsum", g_lipsum, false));
    globals.set(Value("cycler"), builtin("Cycler", g_cycler, true));
    globals.set(Value("joiner"), builtin("Joiner", g_joiner, true));
    globals.set(Value("namespace"), builtin("Namespace", g_namespace, true));
}

Value builtin_globals_lookup(std::string_view) { return Value::undefined(); }

}  // namespace jinja::detail
