// Operators and lookups with Python's rules (int/float mixing, unbounded ints,
// Markup-aware string concatenation, Jinja's getattr/getitem fallbacks).
#include "ops.hpp"

#include <cmath>
#include <typeinfo>

#include "bigint.hpp"
#include "jinja/markup.hpp"
#include "jinja/pyformat.hpp"
#include "jinja/pystr.hpp"

namespace jinja::detail {

namespace {

[[noreturn]] void unsupported(const char* op, const Value& a, const Value& b) {
    throw TypeError(std::string("unsupported operand type(s) for ") + op + ": '" + py_type(a) + "' and '" + py_type(b) + "'");
}

void check_undefined(const Value& a, const Value& b) {
    if (a.is_undefined()) raise_undefined(a);
    if (b.is_undefined()) raise_undefined(b);
}

bool is_small_int(const Value& v) { return v.is_int() || v.is_bool(); }

Value big_or_float(const Value& a, const Value& b, char op) {
    BigInt x = to_bigint(a), y = to_bigint(b);
    switch (op) {
        case '+': return int_value(x + y);
        case '-': return int_value(x - y);
        default: return int_value(x * y);
    }
}

Value repeat_seq(const Value& seq, std::int64_t n) {
    if (seq.is_string()) {
        if (seq.is_markup()) return markup_mul(seq, Value(n));
        return Value(pystr::repeat(seq.as_string(), n));
    }
    List out;
    const List& items = seq.as_list();
    if (n > 0 && !items.empty() && static_cast<std::uint64_t>(n) > pystr::max_text_size / sizeof(Value) / items.size())
        pystr::check_text_size(pystr::max_text_size + 1, "repeated list");
    if (items.empty()) n = 0;  // [] * 10**18 is [] at once
    for (std::int64_t i = 0; i < n; ++i) out.insert(out.end(), items.begin(), items.end());
    return seq.is_tuple() ? Value::tuple(std::move(out)) : Value(std::move(out));
}

double floor_mod(double a, double b) {
    double m = std::fmod(a, b);
    if (m != 0 && ((m < 0) != (b < 0))) m += b;
    if (m == 0) m = std::copysign(0.0, b);
    return m;
}

}  // namespace

bool is_int_like(const Value& v) { return v.is_int() || v.is_bool() || is_bigint(v); }
bool is_numeric(const Value& v) { return is_int_like(v) || v.is_float(); }
double to_double(const Value& v) {
    if (const BigInt* b = as_bigint(v)) return b->to_double();
    return v.as_float();
}

std::string py_type(const Value& v) { return std::string(v.type_name()); }

std::string object_type_repr(const Value& v) {
    if (v.is_none()) return "None";
    std::string t = py_type(v);
    if (v.is_object()) {
        static const std::pair<const char*, const char*> modules[] = {
            {"LoopContext", "jinja2.runtime."},      {"Macro", "jinja2.runtime."},
            {"TemplateReference", "jinja2.runtime."}, {"BlockReference", "jinja2.runtime."},
            {"Namespace", "jinja2.utils."},          {"Cycler", "jinja2.utils."},
            {"Joiner", "jinja2.utils."},             {"TemplateModule", "jinja2.environment."},
        };
        for (const auto& [name, mod] : modules)
            if (t == name) return std::string(mod) + t + " object";
    }
    if (v.is_markup()) return "markupsafe.Markup object";
    return t + " object";
}

Value py_add(const Value& a, const Value& b) {
    if (a.is_int() && b.is_int()) {
        std::int64_t r;
        if (!__builtin_add_overflow(a.as_int(), b.as_int(), &r)) return Value(r);
        return big_or_float(a, b, '+');
    }
    check_undefined(a, b);
    if (is_numeric(a) && is_numeric(b)) {
        if (a.is_float() || b.is_float()) return Value(to_double(a) + to_double(b));
        if (is_small_int(a) && is_small_int(b)) return Value(a.as_int() + b.as_int());
        return big_or_float(a, b, '+');
    }
    if (a.is_string() && b.is_string()) {
        if (b.is_markup() && !a.is_markup()) return markup_radd(b, a);
        if (a.is_markup()) return markup_add(a, b);
        return Value(a.as_string() + b.as_string());
    }
    if (a.is_markup() && b.is_object() && b.as_object().html()) return markup_add(a, b);
    if (b.is_markup() && a.is_object() && a.as_object().html()) return markup_radd(b, a);
    if (a.is_list() && b.is_list() && a.is_tuple() == b.is_tuple()) {
        List out = a.as_list();
        out.insert(out.end(), b.as_list().begin(), b.as_list().end());
        return a.is_tuple() ? Value::tuple(std::move(out)) : Value(std::move(out));
    }
    if (a.is_bytes() && b.is_bytes()) return Value::bytes(a.as_string() + b.as_string());
    if ((a.is_string() && !a.is_markup()) || a.is_list()) {
        std::string what = a.is_string() ? "str" : py_type(a);
        throw TypeError("can only concatenate " + what + " (not \"" + py_type(b) + "\") to " + what);
    }
    unsupported("+", a, b);
}

Value py_sub(const Value& a, const Value& b) {
    if (a.is_int() && b.is_int()) {
        std::int64_t r;
        if (!__builtin_sub_overflow(a.as_int(), b.as_int(), &r)) return Value(r);
        return big_or_float(a, b, '-');
    }
    check_undefined(a, b);
    if (is_numeric(a) && is_numeric(b)) {
        if (a.is_float() || b.is_float()) return Value(to_double(a) - to_double(b));
        return big_or_float(a, b, '-');
    }
    unsupported("-", a, b);
}

Value py_mul(const Value& a, const Value& b) {
    if (a.is_int() && b.is_int()) {
        std::int64_t r;
        if (!__builtin_mul_overflow(a.as_int(), b.as_int(), &r)) return Value(r);
        return big_or_float(a, b, '*');
    }
    check_undefined(a, b);
    if (is_numeric(a) && is_numeric(b)) {
        if (a.is_float() || b.is_float()) return Value(to_double(a) * to_double(b));
        return big_or_float(a, b, '*');
    }
    if ((a.is_string() || a.is_list()) && is_small_int(b)) return repeat_seq(a, b.as_int());
    if ((b.is_string() || b.is_list()) && is_small_int(a)) return repeat_seq(b, a.as_int());
    if (a.is_string() || a.is_list() || b.is_string() || b.is_list()) {
        const Value& n = (a.is_string() || a.is_list()) ? b : a;
        throw TypeError("can't multiply sequence by non-int of type '" + py_type(n) + "'");
    }
    unsupported("*", a, b);
}

Value py_div(const Value& a, const Value& b) {
    check_undefined(a, b);
    if (!is_numeric(a) || !is_numeric(b)) unsupported("/", a, b);
    double y = to_double(b);
    if (y == 0) throw ZeroDivisionError(a.is_float() || b.is_float() ? "float division by zero" : "division by zero");
    return Value(to_double(a) / y);
}

Value py_floordiv(const Value& a, const Value& b) {
    check_undefined(a, b);
    if (!is_numeric(a) || !is_numeric(b)) unsupported("//", a, b);
    if (a.is_float() || b.is_float() || is_bigint(a) || is_bigint(b)) {
        double y = to_double(b);
        if (y == 0) {
            if (a.is_float() || b.is_float()) throw ZeroDivisionError("float floor division by zero");
            throw ZeroDivisionError("integer division or modulo by zero");
        }
        double r = std::floor(to_double(a) / y);
        if (a.is_float() || b.is_float()) return Value(r);
        return int_value(BigInt::from_double(r));
    }
    std::int64_t x = a.as_int(), y = b.as_int();
    if (y == 0) throw ZeroDivisionError("integer division or modulo by zero");
    if (x == INT64_MIN && y == -1) return int_value(BigInt::from_int(x).negated());
    std::int64_t q = x / y;
    if ((x % y != 0) && ((x < 0) != (y < 0))) --q;
    return Value(q);
}

Value py_mod(const Value& a, const Value& b) {
    if (a.is_string()) {
        if (a.is_markup()) return markup_mod(a, b);
        return Value(percent_format(a.as_string(), b));
    }
    check_undefined(a, b);
    if (!is_numeric(a) || !is_numeric(b)) unsupported("%", a, b);
    if (a.is_float() || b.is_float() || is_bigint(a) || is_bigint(b)) {
        double y = to_double(b);
        if (y == 0) throw ZeroDivisionError(a.is_float() || b.is_float() ? "float modulo" : "integer modulo by zero");
        double r = floor_mod(to_double(a), y);
        if (a.is_float() || b.is_float()) return Value(r);
        return int_value(BigInt::from_double(r));
    }
    std::int64_t x = a.as_int(), y = b.as_int();
    if (y == 0) throw ZeroDivisionError("integer modulo by zero");
    if (y == -1) return Value(std::int64_t{0});
    std::int64_t m = x % y;
    if (m != 0 && ((m < 0) != (y < 0))) m += y;
    return Value(m);
}

Value py_pow(const Value& a, const Value& b) {
    check_undefined(a, b);
    if (!is_numeric(a) || !is_numeric(b)) unsupported("** or pow()", a, b);
    if (is_int_like(a) && is_int_like(b)) {
        if (is_bigint(b)) throw OverflowError("exponent too large");
        std::int64_t e = b.as_int();
        if (e < 0) {
            double base = to_double(a);
            if (base == 0) throw ZeroDivisionError("0.0 cannot be raised to a negative power");
            return Value(std::pow(base, static_cast<double>(e)));
        }
        BigInt result = BigInt::from_int(1), base = to_bigint(a);
        while (e > 0) {
            if (e & 1) result = result * base;
            e >>= 1;
            if (e) base = base * base;
        }
        return int_value(result);
    }
    double x = to_double(a), y = to_double(b);
    if (x == 0 && y < 0) throw ZeroDivisionError("0.0 cannot be raised to a negative power");
    return Value(std::pow(x, y));
}

Value py_neg(const Value& a) {
    if (a.is_undefined()) raise_undefined(a);
    if (a.is_int()) {
        if (a.as_int() == INT64_MIN) return int_value(BigInt::from_int(a.as_int()).negated());
        return Value(-a.as_int());
    }
    if (a.is_bool()) return Value(-a.as_int());
    if (a.is_float()) return Value(-a.as_float());
    if (const BigInt* b = as_bigint(a)) return int_value(b->negated());
    throw TypeError("bad operand type for unary -: '" + py_type(a) + "'");
}

Value py_pos(const Value& a) {
    if (a.is_undefined()) raise_undefined(a);
    if (a.is_bool()) return Value(a.as_int());
    if (is_numeric(a)) return a;
    throw TypeError("bad operand type for unary +: '" + py_type(a) + "'");
}

Value py_abs(const Value& a) {
    if (a.is_undefined()) raise_undefined(a);
    if (a.is_float()) return Value(std::fabs(a.as_float()));
    if (a.is_int() || a.is_bool()) {
        if (a.as_int() < 0) return py_neg(a);
        return Value(a.as_int());
    }
    if (const BigInt* b = as_bigint(a)) return b->neg ? int_value(b->negated()) : a;
    throw TypeError("bad operand type for abs(): '" + py_type(a) + "'");
}

bool py_eq(const Value& a, const Value& b) {
    if (a.is_undefined() || b.is_undefined()) {
        const Value& u = a.is_undefined() ? a : b;
        if (undefined_kind(u, UndefKind::Default) == UndefKind::Strict) raise_undefined(u);
        return a.is_undefined() && b.is_undefined();
    }
    if (is_bigint(a) || is_bigint(b)) {
        if (!is_numeric(a) || !is_numeric(b)) return false;
        if (a.is_float() || b.is_float()) return to_double(a) == to_double(b);
        return BigInt::compare(to_bigint(a), to_bigint(b)) == 0;
    }
    return a == b;
}

int py_compare(const Value& a, const Value& b, const char* op) {
    if (a.is_undefined()) raise_undefined(a);
    if (b.is_undefined()) raise_undefined(b);
    if (is_numeric(a) && is_numeric(b)) {
        if (is_bigint(a) || is_bigint(b)) {
            if (a.is_float() || b.is_float()) {
                double x = to_double(a), y = to_double(b);
                return x < y ? -1 : x > y ? 1 : 0;
            }
            return BigInt::compare(to_bigint(a), to_bigint(b));
        }
        if (a.is_float() || b.is_float()) {
            double x = a.as_float(), y = b.as_float();
            if (std::isnan(x) || std::isnan(y)) return 2;  // unordered
            return x < y ? -1 : x > y ? 1 : 0;
        }
        std::int64_t x = a.as_int(), y = b.as_int();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if ((a.is_string() && b.is_string()) || (a.is_bytes() && b.is_bytes())) {
        int c = a.as_string().compare(b.as_string());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (a.is_list() && b.is_list() && a.is_tuple() == b.is_tuple()) {
        const List& x = a.as_list();
        const List& y = b.as_list();
        for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (py_eq(x[i], y[i])) continue;
            return py_compare(x[i], y[i], op);
        }
        return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    throw TypeError(std::string("'") + op + "' not supported between instances of '" + py_type(a) + "' and '" + py_type(b) + "'");
}

bool py_lt(const Value& a, const Value& b) { return py_compare(a, b, "<") == -1; }

void check_hashable(const Value& v) {
    if (v.is_list() && !v.is_tuple()) throw TypeError("unhashable type: 'list'");
    if (v.is_dict()) throw TypeError("unhashable type: 'dict'");
    if (v.is_list())
        for (const auto& i : v.as_list()) check_hashable(i);
}

bool py_contains(const Value& c, const Value& item) {
    switch (c.kind()) {
        case Value::Kind::String:
            if (!item.is_string()) throw TypeError("'in <string>' requires string as left operand, not " + py_type(item));
            return c.as_string().find(item.as_string()) != std::string::npos;
        case Value::Kind::Dict:
            check_hashable(item);
            for (const auto& [k, v] : c.as_dict())
                if (py_eq(k, item)) return true;
            return false;
        case Value::Kind::List:
            for (const auto& v : c.as_list())
                if (py_eq(v, item)) return true;
            return false;
        case Value::Kind::Undefined:
            if (undefined_kind(c, UndefKind::Default) == UndefKind::Strict) raise_undefined(c);
            return false;
        default: {
            List items = iterate(c);
            for (const auto& v : items)
                if (py_eq(v, item)) return true;
            return false;
        }
    }
}

bool py_truthy(const Value& v) {
    if (v.is_undefined() && undefined_kind(v, UndefKind::Default) == UndefKind::Strict) raise_undefined(v);
    return v.truthy();
}

std::string py_str(const Value& v) {
    if (v.is_undefined()) {
        UndefKind k = undefined_kind(v, UndefKind::Default);
        if (k == UndefKind::Strict) raise_undefined(v);
        if (k == UndefKind::Debug) {
            std::string n = undefined_plain_name(v);
            return n.empty() ? "" : "{{ " + n + " }}";
        }
        return "";
    }
    return v.str();
}

const List& iterate_view(const Value& v, List& tmp) {
    if (v.is_list()) return v.as_list();
    if (v.is_object() && typeid(v.as_object()) == typeid(GeneratorObject)) return static_cast<GeneratorObject&>(v.as_object()).items;
    tmp = iterate(v);
    return tmp;
}

namespace {
bool unpackable(const Value& v) {
    return v.is_list() || v.is_string() || v.is_bytes() || v.is_dict() || v.is_object() || v.is_undefined();
}
}  // namespace

List unpack(const Value& v, std::size_t n) {
    if (!unpackable(v)) throw TypeError("cannot unpack non-iterable " + py_type(v) + " object");
    List items = iterate(v);
    if (items.size() > n) throw ValueError("too many values to unpack (expected " + std::to_string(n) + ")");
    if (items.size() < n)
        throw ValueError("not enough values to unpack (expected " + std::to_string(n) + ", got " +
                         std::to_string(items.size()) + ")");
    return items;
}

std::pair<Value, Value> update_pair(const Value& item, std::size_t index) {
    const std::string element = "dictionary update sequence element #" + std::to_string(index);
    if (!unpackable(item)) throw TypeError("cannot convert " + element + " to a sequence");
    List kv = iterate(item);
    if (kv.size() != 2) throw ValueError(element + " has length " + std::to_string(kv.size()) + "; 2 is required");
    return {std::move(kv[0]), std::move(kv[1])};
}

List iterate(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::List: return v.as_list();
        case Value::Kind::Dict: {
            List out;
            out.reserve(v.as_dict().size());
            for (const auto& [k, x] : v.as_dict()) out.push_back(k);
            return out;
        }
        case Value::Kind::String: {
            List out;
            const std::string& s = v.as_string();
            std::size_t pos = 0;
            while (pos < s.size()) {
                std::size_t start = pos;
                pystr::decode_utf8(s, pos);
                std::string ch = s.substr(start, pos - start);
                out.push_back(v.is_markup() ? Value::markup(std::move(ch)) : Value(std::move(ch)));
            }
            return out;
        }
        case Value::Kind::Bytes: {
            List out;
            for (unsigned char c : v.as_string()) out.push_back(Value(static_cast<int>(c)));
            return out;
        }
        case Value::Kind::Undefined:
            if (undefined_kind(v, UndefKind::Default) == UndefKind::Strict) raise_undefined(v);
            return {};
        case Value::Kind::Object: {
            Object& o = v.as_object();
            if (auto* r = dynamic_cast<RangeObject*>(&o)) return r->items();
            if (auto* g = dynamic_cast<GeneratorObject*>(&o)) return g->items;
            if (auto* d = dynamic_cast<DictView*>(&o)) return d->items();
            if (auto* m = dynamic_cast<NamespaceObject*>(&o)) {
                (void)m;
            }
            break;
        }
        default: break;
    }
    throw TypeError("'" + py_type(v) + "' object is not iterable");
}

std::int64_t py_len(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::String:
        case Value::Kind::Bytes:
        case Value::Kind::List:
        case Value::Kind::Dict: return static_cast<std::int64_t>(v.size());
        case Value::Kind::Undefined:
            if (undefined_kind(v, UndefKind::Default) == UndefKind::Strict) raise_undefined(v);
            return 0;
        case Value::Kind::Object: {
            Object& o = v.as_object();
            if (auto* r = dynamic_cast<RangeObject*>(&o)) return r->size();
            if (auto* d = dynamic_cast<DictView*>(&o)) return static_cast<std::int64_t>(d->dict.as_dict().size());
            break;
        }
        default: break;
    }
    throw TypeError("object of type '" + py_type(v) + "' has no len()");
}

Value get_slice(const Value& obj, const Value& start, const Value& stop, const Value& step) {
    auto idx = [](const Value& v) -> std::optional<std::int64_t> {
        if (v.is_none() || v.is_undefined()) return std::nullopt;
        if (!is_small_int(v))
            throw TypeError("slice indices must be integers or None or have an __index__ method");
        return v.as_int();
    };
    std::optional<std::int64_t> a = idx(start), b = idx(stop), s = idx(step);
    std::int64_t st = s.value_or(1);
    if (st == 0) throw ValueError("slice step cannot be zero");
    bool is_str = obj.is_string();
    std::vector<std::string> chars;
    std::int64_t len;
    const RangeObject* range = nullptr;
    if (is_str) {
        const std::string& text = obj.as_string();
        std::size_t pos = 0;
        while (pos < text.size()) {
            std::size_t p0 = pos;
            pystr::decode_utf8(text, pos);
            chars.push_back(text.substr(p0, pos - p0));
        }
        len = static_cast<std::int64_t>(chars.size());
    } else if (obj.is_list()) {
        len = static_cast<std::int64_t>(obj.as_list().size());
    } else if (obj.is_object() && dynamic_cast<RangeObject*>(&obj.as_object())) {
        range = static_cast<RangeObject*>(&obj.as_object());
        len = range->size();
    } else {
        throw TypeError("'" + py_type(obj) + "' object is not subscriptable");
    }
    std::int64_t lo, hi;
    if (st > 0) {
        auto clamp = [&](std::optional<std::int64_t> v, std::int64_t def) {
            if (!v) return def;
            std::int64_t x = *v < 0 ? *v + len : *v;
            return std::clamp<std::int64_t>(x, 0, len);
        };
        lo = clamp(a, 0);
        hi = clamp(b, len);
    } else {
        auto clamp = [&](std::optional<std::int64_t> v, std::int64_t def) {
            if (!v) return def;
            std::int64_t x = *v < 0 ? *v + len : *v;
            return std::clamp<std::int64_t>(x, -1, len - 1);
        };
        lo = clamp(a, len - 1);
        hi = clamp(b, -1);
    }
    if (range) {
        // range(a, b, s)[i:j:k] is range(a + i*s, a + j*s, s*k), as in Python.
        auto r = std::make_shared<RangeObject>(range->start + lo * range->step, range->start + hi * range->step,
                                               range->step * st);
        return Value(std::static_pointer_cast<Object>(r));
    }
    std::vector<std::int64_t> picks;
    if (st > 0)
        for (std::int64_t i = lo; i < hi; i += st) picks.push_back(i);
    else
        for (std::int64_t i = lo; i > hi; i += st) picks.push_back(i);
    if (is_str) {
        std::string out;
        for (auto i : picks) out += chars[static_cast<std::size_t>(i)];
        return obj.is_markup() ? Value::markup(std::move(out)) : Value(std::move(out));
    }
    List out;
    const List& items = obj.as_list();
    for (auto i : picks) out.push_back(items[static_cast<std::size_t>(i)]);
    return obj.is_tuple() ? Value::tuple(std::move(out)) : Value(std::move(out));
}

}  // namespace jinja::detail
