// Jinja2's builtin tests.
#include <cmath>

#include "bigint.hpp"
#include "builtins.hpp"
#include "filter_args.hpp"
#include "jinja/markup.hpp"
#include "jinja/pystr.hpp"
#include "ops.hpp"

namespace jinja::detail {

namespace {
using TArgs = CallArgs;

bool t_defined(Frame&, const Value& v, TArgs& a) { Bound b("test_defined", a, {}); return !v.is_undefined(); }
bool t_undefined(Frame&, const Value& v, TArgs& a) { Bound b("test_undefined", a, {}); return v.is_undefined(); }
bool t_none(Frame&, const Value& v, TArgs& a) { Bound b("test_none", a, {}); return v.is_none(); }
bool t_boolean(Frame&, const Value& v, TArgs& a) { Bound b("test_boolean", a, {}); return v.is_bool(); }
bool t_false(Frame&, const Value& v, TArgs& a) { Bound b("test_false", a, {}); return v.is_bool() && !v.as_bool(); }
bool t_true(Frame&, const Value& v, TArgs& a) { Bound b("test_true", a, {}); return v.is_bool() && v.as_bool(); }
bool t_integer(Frame&, const Value& v, TArgs& a) { Bound b("test_integer", a, {}); return v.is_int() || is_bigint(v); }
bool t_float(Frame&, const Value& v, TArgs& a) { Bound b("test_float", a, {}); return v.is_float(); }
bool t_number(Frame&, const Value& v, TArgs& a) { Bound b("test_number", a, {}); return is_numeric(v); }
bool t_string(Frame&, const Value& v, TArgs& a) { Bound b("test_string", a, {}); return v.is_string(); }
bool t_mapping(Frame&, const Value& v, TArgs& a) { Bound b("test_mapping", a, {}); return v.is_dict(); }
bool t_sequence(Frame&, const Value& v, TArgs& a) {
    Bound b("test_sequence", a, {});
    if (v.is_string() || v.is_list() || v.is_dict() || v.is_bytes() || v.is_undefined()) return true;
    return v.is_object() && dynamic_cast<RangeObject*>(&v.as_object());
}
bool t_iterable(Frame&, const Value& v, TArgs& a) {
    Bound b("test_iterable", a, {});
    try {
        if (v.is_undefined()) return true;
        iterate(v);
        return true;
    } catch (const TypeError&) {
        return false;
    }
}
bool t_callable(Frame&, const Value& v, TArgs& a) {
    Bound b("callable", a, {});
    return v.is_undefined() || (v.is_object() && v.as_object().callable());
}
bool t_escaped(Frame&, const Value& v, TArgs& a) { Bound b("test_escaped", a, {}); return is_safe_html(v); }
bool t_lower(Frame&, const Value& v, TArgs& a) {
    Bound b("test_lower", a, {});
    std::string s = py_str(v);
    return pystr::lower(s) == s && pystr::upper(s) != s;
}
bool t_upper(Frame&, const Value& v, TArgs& a) {
    Bound b("test_upper", a, {});
    std::string s = py_str(v);
    return pystr::upper(s) == s && pystr::lower(s) != s;
}
bool t_odd(Frame&, const Value& v, TArgs& a) {
    Bound b("test_odd", a, {});
    return py_mod(v, Value(2)).truthy();
}
bool t_even(Frame&, const Value& v, TArgs& a) {
    Bound b("test_even", a, {});
    return !py_mod(v, Value(2)).truthy();
}
bool t_divisibleby(Frame&, const Value& v, TArgs& a) {
    Bound b("test_divisibleby", a, {"num"}, 1);
    const Value& n = *b.get(0);
    if (v.is_string()) throw TypeError("not all arguments converted during string formatting");
    if (is_int_like(v) && is_int_like(n) && to_double(n) == 0) throw ZeroDivisionError("integer modulo by zero");
    return py_eq(py_mod(v, n), Value(0));
}
bool t_sameas(Frame&, const Value& v, TArgs& a) {
    Bound b("test_sameas", a, {"other"}, 1);
    const Value& o = *b.get(0);
    if (v.kind() != o.kind()) return false;
    switch (v.kind()) {
        case Value::Kind::None:
        case Value::Kind::Undefined: return true;
        case Value::Kind::Bool: return v.as_bool() == o.as_bool();
        case Value::Kind::Int: return v.as_int() == o.as_int() && v.as_int() >= -5 && v.as_int() <= 256;
        case Value::Kind::List: return &v.as_list() == &o.as_list();
        case Value::Kind::Dict: return &v.as_dict() == &o.as_dict();
        case Value::Kind::Object: return &v.as_object() == &o.as_object();
        case Value::Kind::String: return v.as_string() == o.as_string() && v.as_string().size() <= 1;
        default: return false;
    }
}
bool cmp_test(const char* name, const Value& v, TArgs& a, int which) {
    if (a.args.size() + a.kwargs.size() != 1)
        throw TypeError(std::string(name) + " expected 2 arguments, got " + std::to_string(a.args.size() + a.kwargs.size() + 1));
    const Value& o = a.args.empty() ? a.kwargs[0].second : a.args[0];
    switch (which) {
        case 0: return py_eq(v, o);
        case 1: return !py_eq(v, o);
        case 2: return py_compare(v, o, "<") == -1;
        case 3: { int c = py_compare(v, o, "<="); return c == -1 || c == 0; }
        case 4: return py_compare(v, o, ">") == 1;
        default: { int c = py_compare(v, o, ">="); return c == 1 || c == 0; }
    }
}
bool t_eq(Frame&, const Value& v, TArgs& a) { return cmp_test("eq", v, a, 0); }
bool t_ne(Frame&, const Value& v, TArgs& a) { return cmp_test("ne", v, a, 1); }
bool t_lt(Frame&, const Value& v, TArgs& a) { return cmp_test("lt", v, a, 2); }
bool t_le(Frame&, const Value& v, TArgs& a) { return cmp_test("le", v, a, 3); }
bool t_gt(Frame&, const Value& v, TArgs& a) { return cmp_test("gt", v, a, 4); }
bool t_ge(Frame&, const Value& v, TArgs& a) { return cmp_test("ge", v, a, 5); }
bool t_in(Frame&, const Value& v, TArgs& a) {
    Bound b("test_in", a, {"seq"}, 1);
    return py_contains(*b.get(0), v);
}
bool t_filter(Frame& f, const Value& v, TArgs& a) {
    Bound b("test_filter", a, {}, 0, 1);
    return v.is_string() && f.env->has_filter(v.as_string());
}
bool t_test(Frame& f, const Value& v, TArgs& a) {
    Bound b("test_test", a, {}, 0, 1);
    return v.is_string() && f.env->has_test(v.as_string());
}
}  // namespace

std::vector<std::pair<std::string, Environment::TestEntry>> builtin_tests() {
    using E = Environment::TestEntry;
    return {
        {"defined", E{t_defined}},     {"undefined", E{t_undefined}}, {"none", E{t_none}},
        {"boolean", E{t_boolean}},     {"false", E{t_false}},         {"true", E{t_true}},
        {"integer", E{t_integer}},     {"float", E{t_float}},         {"number", E{t_number}},
        {"string", E{t_string}},       {"mapping", E{t_mapping}},     {"sequence", E{t_sequence}},
        {"iterable", E{t_iterable}},   {"callable", E{t_callable}},   {"escaped", E{t_escaped}},
        {"lower", E{t_lower}},         {"upper", E{t_upper}},         {"odd", E{t_odd}},
        {"even", E{t_even}},           {"divisibleby", E{t_divisibleby}}, {"sameas", E{t_sameas}},
        {"eq", E{t_eq}},               {"equalto", E{t_eq}},          {"==", E{t_eq}},
        {"ne", E{t_ne}},               {"!=", E{t_ne}},               {"lt", E{t_lt}},
        {"lessthan", E{t_lt}},         {"<", E{t_lt}},                {"le", E{t_le}},
        {"<=", E{t_le}},               {"gt", E{t_gt}},               {"greaterthan", E{t_gt}},
        {">", E{t_gt}},                {"ge", E{t_ge}},               {">=", E{t_ge}},
        {"in", E{t_in}},               {"filter", E{t_filter, false}}, {"test", E{t_test, false}},
    };
}

}  // namespace jinja::detail
