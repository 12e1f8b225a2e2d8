// Attribute and item lookup (Jinja's environment.getattr / getitem), calls,
// and the methods of builtin types templates may call.
#include <algorithm>
#include <cmath>
#include <typeinfo>

#include "bigint.hpp"
#include "jinja/markup.hpp"
#include "jinja/pystr.hpp"
#include "nodes.hpp"
#include "ops.hpp"

namespace jinja::detail {

namespace {

bool in(std::string_view name, std::initializer_list<std::string_view> names) {
    if (name.empty()) return false;
    for (std::string_view n : names)
        if (n.size() == name.size() && n[0] == name[0] && n == name) return true;
    return false;
}

bool has_method(const Value& v, std::string_view name) {
    switch (v.kind()) {
        case Value::Kind::String: return pystr::has_str_method(name) || name == "encode";
        case Value::Kind::Dict:
            return in(name, {"keys", "values", "items", "get", "pop", "setdefault", "copy", "update", "clear", "popitem"});
        case Value::Kind::List:
            if (v.is_tuple()) return in(name, {"index", "count"});
            return in(name, {"append", "pop", "index", "count", "copy", "sort", "reverse", "extend", "insert", "remove", "clear"});
        case Value::Kind::Int:
        case Value::Kind::Bool:
            return in(name, {"bit_length", "to_bytes", "conjugate", "__floor__", "__ceil__", "__abs__", "bit_count"});
        case Value::Kind::Float:
            return in(name, {"is_integer", "as_integer_ratio", "conjugate", "__floor__", "__ceil__", "__abs__", "hex"});
        default: return false;
    }
}

Value bound(const Value& self, const std::string& name) {
    return Value(std::static_pointer_cast<Object>(std::make_shared<BoundMethod>(self, name)));
}

UndefKind kind_of(Frame& f) { return f.env ? env_undef_kind(*f.env) : UndefKind::Default; }

void no_args(const char* qual, const CallArgs& a) {
    if (!a.kwargs.empty()) throw TypeError(std::string(qual) + "() takes no keyword arguments");
    if (!a.args.empty())
        throw TypeError(std::string(qual) + "() takes no arguments (" + std::to_string(a.args.size()) + " given)");
}

void max_args(const char* qual, const CallArgs& a, std::size_t most, std::size_t least = 0) {
    if (!a.kwargs.empty()) throw TypeError(std::string(qual) + "() takes no keyword arguments");
    if (a.args.size() > most)
        throw TypeError(std::string(qual) + " expected at most " + std::to_string(most) + " arguments, got " +
                        std::to_string(a.args.size()));
    if (a.args.size() < least)
        throw TypeError(std::string(qual) + " expected at least " + std::to_string(least) + " argument, got " +
                        std::to_string(a.args.size()));
}

Value dict_method(const Value& self, const std::string& name, CallArgs& a) {
    Dict& d = self.as_dict();
    if (name == "keys" || name == "values" || name == "items") {
        no_args(("dict." + name).c_str(), a);
        return Value(std::static_pointer_cast<Object>(
            std::make_shared<DictView>(self, name == "keys" ? 0 : name == "values" ? 1 : 2)));
    }
    if (name == "get") {
        max_args("get", a, 2, 1);
        check_hashable(a.args[0]);
        if (const Value* v = d.find(a.args[0])) return *v;
        return a.args.size() > 1 ? a.args[1] : Value();
    }
    if (name == "pop") {
        max_args("pop", a, 2, 1);
        if (const Value* v = d.find(a.args[0])) {
            Value r = *v;
            d.erase(a.args[0]);
            return r;
        }
        if (a.args.size() > 1) return a.args[1];
        throw KeyError(a.args[0].repr());
    }
    if (name == "setdefault") {
        max_args("setdefault", a, 2, 1);
        if (const Value* v = d.find(a.args[0])) return *v;
        Value def = a.args.size() > 1 ? a.args[1] : Value();
        d.set(a.args[0], def);
        return def;
    }
    if (name == "copy") {
        no_args("dict.copy", a);
        return Value(Dict(d));
    }
    if (name == "clear") {
        no_args("dict.clear", a);
        d.clear();
        return Value();
    }
    if (name == "popitem") {
        no_args("dict.popitem", a);
        if (d.empty()) throw KeyError("'popitem(): dictionary is empty'");
        auto item = d.items().back();
        d.items().pop_back();
        return Value::tuple({item.first, item.second});
    }
    if (name == "update") {
        for (const auto& arg : a.args) {
            if (arg.is_dict()) {
                for (const auto& [k, v] : arg.as_dict()) d.set(k, v);
            } else {
                for (const auto& item : iterate(arg)) {
                    List kv = iterate(item);
                    if (kv.size() != 2) throw ValueError("dictionary update sequence element has length " + std::to_string(kv.size()) + "; 2 is required");
                    d.set(kv[0], kv[1]);
                }
            }
        }
        for (const auto& [k, v] : a.kwargs) d.set(Value(k), v);
        return Value();
    }
    return Value::undefined();
}

Value list_method(const Value& self, const std::string& name, CallArgs& a) {
    List& l = self.as_list();
    if (name == "append") {
        max_args("list.append", a, 1, 1);
        l.push_back(a.args[0]);
        return Value();
    }
    if (name == "pop") {
        max_args("pop", a, 1);
        if (l.empty()) throw IndexError("pop from empty list");
        std::int64_t i = a.args.empty() ? -1 : a.args[0].as_int();
        if (i < 0) i += static_cast<std::int64_t>(l.size());
        if (i < 0 || i >= static_cast<std::int64_t>(l.size())) throw IndexError("pop index out of range");
        Value r = l[static_cast<std::size_t>(i)];
        l.erase(l.begin() + i);
        return r;
    }
    if (name == "index") {
        max_args("index", a, 3, 1);
        for (std::size_t i = 0; i < l.size(); ++i)
            if (py_eq(l[i], a.args[0])) return Value(static_cast<std::int64_t>(i));
        throw ValueError(a.args[0].repr() + (self.is_tuple() ? " is not in tuple" : " is not in list"));
    }
    if (name == "count") {
        max_args("count", a, 1, 1);
        std::int64_t n = 0;
        for (const auto& v : l) n += py_eq(v, a.args[0]);
        return Value(n);
    }
    if (name == "copy") return Value(List(l));
    if (name == "clear") {
        l.clear();
        return Value();
    }
    if (name == "reverse") {
        std::reverse(l.begin(), l.end());
        return Value();
    }
    if (name == "sort") {
        bool reverse = false;
        for (const auto& [k, v] : a.kwargs)
            if (k == "reverse") reverse = v.truthy();
        std::stable_sort(l.begin(), l.end(), [&](const Value& x, const Value& y) { return reverse ? py_lt(y, x) : py_lt(x, y); });
        return Value();
    }
    if (name == "extend") {
        max_args("list.extend", a, 1, 1);
        List more = iterate(a.args[0]);
        l.insert(l.end(), more.begin(), more.end());
        return Value();
    }
    if (name == "insert") {
        max_args("insert", a, 2, 2);
        std::int64_t i = a.args[0].as_int();
        auto n = static_cast<std::int64_t>(l.size());
        if (i < 0) i = std::max<std::int64_t>(0, i + n);
        if (i > n) i = n;
        l.insert(l.begin() + i, a.args[1]);
        return Value();
    }
    if (name == "remove") {
        max_args("list.remove", a, 1, 1);
        for (auto it = l.begin(); it != l.end(); ++it)
            if (py_eq(*it, a.args[0])) {
                l.erase(it);
                return Value();
            }
        throw ValueError("list.remove(x): x not in list");
    }
    return Value::undefined();
}

Value number_method(const Value& self, const std::string& name, CallArgs& a) {
    if (name == "__floor__") return self.is_float() ? int_value(BigInt::from_double(std::floor(self.as_float()))) : Value(self.as_int());
    if (name == "__ceil__") return self.is_float() ? int_value(BigInt::from_double(std::ceil(self.as_float()))) : Value(self.as_int());
    if (name == "__abs__" || name == "conjugate") return name == "__abs__" ? py_abs(self) : self;
    if (name == "bit_length") {
        std::int64_t v = self.as_int();
        std::uint64_t u = v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
        int n = 0;
        while (u) {
            ++n;
            u >>= 1;
        }
        return Value(n);
    }
    if (name == "bit_count") return Value(__builtin_popcountll(static_cast<unsigned long long>(std::llabs(self.as_int()))));
    if (name == "to_bytes") {
        std::int64_t len = a.args.size() > 0 ? a.args[0].as_int() : 1;
        std::string order = a.args.size() > 1 ? a.args[1].as_string() : "big";
        for (const auto& [k, v] : a.kwargs) {
            if (k == "length") len = v.as_int();
            if (k == "byteorder") order = v.as_string();
        }
        std::uint64_t v = static_cast<std::uint64_t>(self.as_int());
        std::string bytes(static_cast<std::size_t>(len), '\0');
        for (std::int64_t i = 0; i < len; ++i) {
            bytes[static_cast<std::size_t>(order == "big" ? len - 1 - i : i)] = static_cast<char>(v & 0xff);
            v >>= 8;
        }
        if (v) throw OverflowError("int too big to convert");
        return Value::bytes(std::move(bytes));
    }
    if (name == "is_integer") return Value(std::floor(self.as_float()) == self.as_float() && std::isfinite(self.as_float()));
    if (name == "as_integer_ratio") {
        double x = self.as_float();
        int exp = 0;
        double m = std::frexp(x, &exp);
        std::int64_t num = 0, den = 1;
        // scale mantissa to an integer
        for (int i = 0; i < 300 && m != std::floor(m); ++i) {
            m *= 2;
            --exp;
        }
        num = static_cast<std::int64_t>(m);
        if (exp > 0) {
            num <<= exp;
        } else {
            den = std::int64_t{1} << (-exp);
        }
        while (den > 1 && num % 2 == 0) {
            num /= 2;
            den /= 2;
        }
        return Value::tuple({Value(num), Value(den)});
    }
    return Value::undefined();
}

}  // namespace

bool is_dict_method(std::string_view name) { return has_method(Value(Dict()), name); }

Value get_attr(Frame& f, const Value& obj, const std::string& name) {
    switch (obj.kind()) {
        case Value::Kind::Undefined:
            if (undefined_kind(obj, kind_of(f)) == UndefKind::Chainable) return obj;
            raise_undefined(obj);
        case Value::Kind::Dict:
            if (has_method(obj, name)) return bound(obj, name);
            if (const Value* v = obj.as_dict().find(std::string_view(name))) return *v;
            break;
        case Value::Kind::Object: {
            Object& o = obj.as_object();
            if (typeid(o) == typeid(BigInt)) {
                if (name == "real" || name == "numerator") return obj;
                if (name == "imag") return Value(0);
                if (name == "denominator") return Value(1);
                break;
            }
            Value v = o.get_attr(name);
            if (!v.is_undefined()) return v;
            v = o.get_item(Value(name));
            if (!v.is_undefined()) return v;
            break;
        }
        case Value::Kind::Int:
        case Value::Kind::Bool:
            if (name == "real" || name == "numerator") return Value(obj.as_int());
            if (name == "imag") return Value(0);
            if (name == "denominator") return Value(1);
            if (has_method(obj, name)) return bound(obj, name);
            break;
        case Value::Kind::Float:
            if (name == "real") return obj;
            if (name == "imag") return Value(0.0);
            if (has_method(obj, name)) return bound(obj, name);
            break;
        case Value::Kind::List:
            if (obj.is_tuple() && obj.as_list().size() == 2 && (name == "grouper" || name == "list"))
                return obj.as_list()[name == "grouper" ? 0 : 1];
            if (has_method(obj, name)) return bound(obj, name);
            break;
        default:
            if (has_method(obj, name)) return bound(obj, name);
            break;
    }
    return undefined_for_attr(kind_of(f), obj, Value(name));
}

Value get_item(Frame& f, const Value& obj, const Value& key) {
    switch (obj.kind()) {
        case Value::Kind::Undefined:
            if (undefined_kind(obj, kind_of(f)) == UndefKind::Chainable) return obj;
            raise_undefined(obj);
        case Value::Kind::Dict:
            if (!(key.is_list() && !key.is_tuple()) && !key.is_dict()) {
                if (const Value* v = obj.as_dict().find(key)) return *v;
            }
            break;
        case Value::Kind::List:
        case Value::Kind::String:
            if (key.is_int() || key.is_bool()) {
                std::int64_t i = key.as_int();
                if (obj.is_list()) {
                    const List& l = obj.as_list();
                    auto n = static_cast<std::int64_t>(l.size());
                    if (i < 0) i += n;
                    if (i >= 0 && i < n) return l[static_cast<std::size_t>(i)];
                } else {
                    const std::string& s = obj.as_string();
                    auto n = static_cast<std::int64_t>(pystr::length(s));
                    if (i < 0) i += n;
                    if (i >= 0 && i < n) {
                        std::string_view ch = pystr::slice(s, i, i + 1);
                        return obj.is_markup() ? Value::markup(std::string(ch)) : Value(std::string(ch));
                    }
                }
            }
            break;
        case Value::Kind::Object: {
            Object& o = obj.as_object();
            if (dynamic_cast<RangeObject*>(&o) && key.is_int()) {
                List items = iterate(obj);
                return get_item(f, Value(std::move(items)), key);
            }
            Value v = o.get_item(key);
            if (!v.is_undefined()) return v;
            if (key.is_string()) {
                v = o.get_attr(key.as_string());
                if (!v.is_undefined()) return v;
            }
            return undefined_for_attr(kind_of(f), obj, key);
        }
        default: break;
    }
    if (key.is_string()) {
        const std::string& name = key.as_string();
        if (obj.is_tuple() && obj.as_list().size() == 2 && (name == "grouper" || name == "list"))
            return obj.as_list()[name == "grouper" ? 0 : 1];
        if (has_method(obj, name)) return bound(obj, name);
        if ((obj.is_int() || obj.is_bool()) && (name == "real" || name == "numerator")) return Value(obj.as_int());
    }
    return undefined_for_attr(kind_of(f), obj, key);
}

Value call_value(Frame& f, const Value& callee, CallArgs& args) {
    if (callee.is_object()) {
        Object& o = callee.as_object();
        // Macros are the usual callee: an exact type check spares the cross-cast.
        if (typeid(o) == typeid(Macro)) return static_cast<Macro&>(o).invoke(args, &f);
        if (auto* tc = dynamic_cast<TemplateCallable*>(&o)) return tc->invoke(args, &f);
        if (o.callable()) return o.call(args);
    }
    if (callee.is_undefined()) raise_undefined(callee);
    throw TypeError("'" + py_type(callee) + "' object is not callable");
}

Value call_method(Frame& f, const Value& obj, const std::string& name, CallArgs& args, bool& found) {
    found = true;
    switch (obj.kind()) {
        case Value::Kind::String:
            if (name == "encode") return Value::bytes(obj.as_string());
            if (pystr::has_str_method(name)) return pystr::call_str_method(obj, name, args);
            break;
        case Value::Kind::Dict:
            if (has_method(obj, name)) return dict_method(obj, name, args);
            break;
        case Value::Kind::List:
            if (has_method(obj, name)) return list_method(obj, name, args);
            break;
        case Value::Kind::Int:
        case Value::Kind::Bool:
        case Value::Kind::Float:
            if (has_method(obj, name)) return number_method(obj, name, args);
            break;
        case Value::Kind::Object: {
            Object& o = obj.as_object();
            if (typeid(o) == typeid(LoopObject)) {
                auto* loop = static_cast<LoopObject*>(&o);
                if (name == "cycle") return loop->cycle(args);
                if (name == "changed") return Value(loop->changed(args));
            } else if (typeid(o) == typeid(CyclerObject)) {
                auto* c = static_cast<CyclerObject*>(&o);
                if (name == "next") return c->next();
                if (name == "reset") {
                    c->pos = 0;
                    return Value();
                }
            }
            break;
        }
        default: break;
    }
    (void)f;
    found = false;
    return Value();
}

}  // namespace jinja::detail
