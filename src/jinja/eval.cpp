// Evaluation of expression nodes.
#include <algorithm>
#include <optional>
#include <typeinfo>

#include "bigint.hpp"
#include "compiler.hpp"
#include "filters_impl.hpp"
#include "jinja/markup.hpp"
#include "nodes.hpp"
#include "ops.hpp"

namespace jinja::detail {

namespace {
bool mutable_value(const Value& v) { return v.is_dict() || (v.is_list() && !v.is_tuple()) || (v.is_list() && !v.as_list().empty()); }

Value deep_copy(const Value& v) {
    if (v.is_list()) {
        List out;
        for (const auto& i : v.as_list()) out.push_back(deep_copy(i));
        return v.is_tuple() ? Value::tuple(std::move(out)) : Value(std::move(out));
    }
    if (v.is_dict()) {
        Dict d;
        for (const auto& [k, x] : v.as_dict()) d.set(k, deep_copy(x));
        return Value(std::move(d));
    }
    return v;
}

/// A call runs with its own node's autoescape; the caller's comes back on the
/// way out, also when the call throws.
class AutoescapeScope {
public:
    AutoescapeScope(Frame& f, bool value) : f_(f), saved_(f.autoescape) { f.autoescape = value; }
    ~AutoescapeScope() { f_.autoescape = saved_; }
    AutoescapeScope(const AutoescapeScope&) = delete;
    AutoescapeScope& operator=(const AutoescapeScope&) = delete;

private:
    Frame& f_;
    bool saved_;
};
}  // namespace

ConstExpr::ConstExpr(Value v, int line) : value(std::move(v)), mutable_container(mutable_value(value)) { lineno = line; }

Value ConstExpr::eval(Frame&) const { return mutable_container ? deep_copy(value) : value; }

const Value* NameExpr::lookup(Frame& f) const {
    for (Scope* s = f.scope; s; s = s->parent)
        if (Value* v = s->find_local(id)) return v;
    if (const Value* v = f.ctx->vars.find(std::string_view(name))) return v;
    if (const Value* v = f.env->globals().find(std::string_view(name))) return v;
    return nullptr;
}

const Value& NameExpr::eval_ref(Frame& f, Value& tmp) const {
    if (f.folding) throw Impossible{};
    if (const Value* v = lookup(f)) return *v;
    tmp = eval(f);
    return tmp;
}

Value NameExpr::eval(Frame& f) const {
    if (f.folding) throw Impossible{};
    if (const Value* v = lookup(f)) return *v;
    if (name == "self") return Value(std::static_pointer_cast<Object>(std::make_shared<TemplateReference>(f.ctx)));
    if (name == "super" && f.block_chain) {
        if (f.block_index + 1 < f.block_chain->size()) {
            auto ref = std::make_shared<BlockReference>();
            ref->ctx = f.ctx;
            ref->chain = f.block_chain;
            ref->index = f.block_index + 1;
            ref->scope = f.scope;
            return Value(std::static_pointer_cast<Object>(ref));
        }
        return make_undefined(env_undef_kind(*f.env), "super",
                              "there is no parent block called '" + (*f.block_chain)[0]->name + "'.");
    }
    return make_undefined(env_undef_kind(*f.env), name);
}

Value TupleExpr::eval(Frame& f) const {
    List out;
    out.reserve(items.size());
    for (const auto& i : items) out.push_back(i->eval(f));
    return is_list ? Value(std::move(out)) : Value::tuple(std::move(out));
}

Value DictExpr::eval(Frame& f) const {
    Dict d;
    for (const auto& [k, v] : items) {
        Value key = k->eval(f);
        check_hashable(key);
        d.set(std::move(key), v->eval(f));
    }
    return Value(std::move(d));
}

const Value* GetattrExpr::find_key(const Dict& d) const {
    const auto& items = d.items();
    // The tag sits in the dict's own storage: short keys are decided by it
    // alone, without a visit to the key's text elsewhere in memory.
    auto is_key = [&](const Value& k) {
        if (!k.is_string() || k.text_tag() != attr_tag) return false;
        if (attr.size() <= 7) return true;
        const std::string& s = k.as_string();
        if (s.size() != attr.size()) return false;  // sizes from 255 up share a tag
        for (std::size_t i = 7; i < s.size(); ++i)
            if (s[i] != attr[i]) return false;
        return true;
    };
    const std::size_t hint = slot_hint.load(std::memory_order_relaxed);
    if (hint < items.size() && is_key(items[hint].first)) return &items[hint].second;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (is_key(items[i].first)) {
            slot_hint.store(static_cast<std::uint32_t>(i), std::memory_order_relaxed);
            return &items[i].second;
        }
    return nullptr;
}

Value GetattrExpr::eval(Frame& f) const {
    Value tmp;
    const Value& v = eval_ref(f, tmp);
    return &v == &tmp ? std::move(tmp) : v;
}

const Value& GetattrExpr::eval_ref(Frame& f, Value& tmp) const {
    Value otmp;
    // `row.key`, the commonest lookup of all: the name is found without a
    // virtual call (a missing name takes the general path, which explains it).
    const Value* named = name_obj && !f.folding ? name_obj->lookup(f) : nullptr;
    const Value& o = named ? *named : obj->eval_ref(f, otmp);
    if (o.is_dict() && !dict_method && &o != &otmp)
        if (const Value* v = find_key(o.as_dict())) return *v;
    if (loop_counter != LoopObject::Counter::None && o.is_object() && typeid(o.as_object()) == typeid(LoopObject)) {
        tmp = static_cast<const LoopObject&>(o.as_object()).counter(loop_counter);
        return tmp;
    }
    tmp = get_attr(f, o, attr);
    return tmp;
}

Value GetitemExpr::eval(Frame& f) const {
    Value o = obj->eval(f);
    if (auto* s = dynamic_cast<const SliceExpr*>(key.get())) {
        Value a = s->start ? s->start->eval(f) : Value();
        Value b = s->stop ? s->stop->eval(f) : Value();
        Value c = s->step ? s->step->eval(f) : Value();
        if (o.is_undefined()) {
            if (undefined_kind(o, env_undef_kind(*f.env)) == UndefKind::Chainable) return o;
            raise_undefined(o);
        }
        return get_slice(o, a, b, c);
    }
    return get_item(f, o, key->eval(f));
}

namespace {
struct ArgsPool {
    std::vector<std::unique_ptr<CallArgs>> free;
};
thread_local ArgsPool args_pool;
}  // namespace

ScratchArgs::ScratchArgs() {
    auto& free = args_pool.free;
    if (free.empty()) {
        args_ = new CallArgs;
    } else {
        args_ = free.back().release();
        free.pop_back();
    }
}

ScratchArgs::~ScratchArgs() {
    args_->args.clear();
    args_->kwargs.clear();
    auto& free = args_pool.free;
    if (free.size() >= 64) {
        delete args_;
        return;
    }
    std::unique_ptr<CallArgs> owned(args_);
    try {
        free.push_back(std::move(owned));
    } catch (...) {
        // the pack is freed by `owned`
    }
}

void ArgList::build(Frame& f, CallArgs& out) const {
    out.args.reserve(args.size());
    for (const auto& a : args) out.args.push_back(a->eval(f));
    if (dyn_args) {
        List more = iterate(dyn_args->eval(f));
        out.args.insert(out.args.end(), more.begin(), more.end());
    }
    for (const auto& [k, v] : kwargs) out.kwargs.emplace_back(k, v->eval(f));
    if (dyn_kwargs) {
        Value d = dyn_kwargs->eval(f);
        if (!d.is_dict()) throw TypeError("argument after ** must be a mapping, not " + py_type(d));
        for (const auto& [k, v] : d.as_dict()) {
            if (!k.is_string()) throw TypeError("keywords must be strings");
            out.kwargs.emplace_back(k.as_string(), v);
        }
    }
}

bool ArgList::all_pure() const {
    for (const auto& a : args)
        if (!a->pure_read()) return false;
    for (const auto& [k, v] : kwargs)
        if (!v->pure_read()) return false;
    return (!dyn_args || dyn_args->pure_read()) && (!dyn_kwargs || dyn_kwargs->pure_read());
}

std::unique_ptr<CallArgs> ArgList::constant_args() const {
    if (dyn_args || dyn_kwargs) return nullptr;
    auto out = std::make_unique<CallArgs>();
    auto take = [](const Expr& e, Value& into) {
        auto* c = dynamic_cast<const ConstExpr*>(&e);
        if (!c || c->mutable_container) return false;
        into = c->value;
        return true;
    };
    out->args.resize(args.size());
    for (std::size_t i = 0; i < args.size(); ++i)
        if (!take(*args[i], out->args[i])) return nullptr;
    for (const auto& [k, v] : kwargs) {
        Value x;
        if (!take(*v, x)) return nullptr;
        out->kwargs.emplace_back(k, std::move(x));
    }
    return out;
}

bool ArgList::all_const() const {
    for (const auto& a : args)
        if (!a->is_const()) return false;
    for (const auto& [k, v] : kwargs)
        if (!v->is_const()) return false;
    return (!dyn_args || dyn_args->is_const()) && (!dyn_kwargs || dyn_kwargs->is_const());
}

Value CallExpr::call(Frame& f, CallArgs& a) const {
    AutoescapeScope scope(f, autoescape);
    if (auto* ga = method) {
        Value tmp;
        const Value& obj = ga->obj->eval_ref(f, tmp);
        if (!obj.is_undefined()) {
            // Methods (str.upper, dict.items ...) before attributes: `d.items` is the method.
            bool found = false;
            Value r = call_method(f, obj, ga->attr, a, found);
            if (found) return r;
        }
        Value callee = get_attr(f, obj, ga->attr);
        return call_value(f, callee, a);
    }
    Value callee = fn->eval(f);
    return call_value(f, callee, a);
}

void CallExpr::prepare() {
    // The callee is looked at twice when it is not a loop: only for plain reads.
    if (method && method->attr == "cycle" && method->obj->pure_read()) cycle_args = args.constant_args();
    if (!cycle_args) return;
    auto fixed_output = [](const Value& v) {
        using K = Value::Kind;
        return v.kind() == K::String || v.kind() == K::Int || v.kind() == K::Float || v.kind() == K::Bool ||
               v.kind() == K::None;
    };
    if (!std::all_of(cycle_args->args.begin(), cycle_args->args.end(), fixed_output)) return;
    for (const Value& v : cycle_args->args) {
        append_output(cycle_html.emplace_back(), v, true);
        append_output(cycle_text.emplace_back(), v, false);
    }
}

const Value* CallExpr::loop_cycle(Frame& f) const {
    if (!cycle_args) return nullptr;
    // Constant arguments have no side effects, so looking at the callee
    // first changes nothing observable.
    Value tmp;
    const Value& obj = method->obj->eval_ref(f, tmp);
    if (obj.is_object() && typeid(obj.as_object()) == typeid(LoopObject))
        return &static_cast<const LoopObject&>(obj.as_object()).cycle_ref(*cycle_args);
    return nullptr;
}

Value CallExpr::eval(Frame& f) const {
    Value tmp;
    const Value& v = eval_ref(f, tmp);
    return &v == &tmp ? std::move(tmp) : v;
}

const Value& CallExpr::eval_ref(Frame& f, Value& tmp) const {
    if (f.folding) throw Impossible{};
    if (const Value* item = loop_cycle(f)) return *item;
    ScratchArgs a;
    args.build(f, *a);
    tmp = call(f, *a);
    return tmp;
}

void CallExpr::call_into(Frame& f, CallArgs& a, std::string& out, bool out_escape, bool as_str) const {
    Value r;
    if (method) {
        r = call(f, a);
    } else {
        AutoescapeScope scope(f, autoescape);
        Value callee = fn->eval(f);
        if (callee.is_object() && typeid(callee.as_object()) == typeid(Macro)) {
            // The macro's result is Markup exactly when this call's autoescape
            // is on; Markup, and str printed unescaped, land in `out` as is.
            if (as_str || autoescape || !out_escape) {
                static_cast<Macro&>(callee.as_object()).run(a, &f, out);
                return;
            }
        }
        r = call_value(f, callee, a);
    }
    if (as_str) out.append(py_str(r));
    else append_output(out, r, out_escape);
}

bool CallExpr::emit_cycle(const Value& callee, std::string& out, bool out_escape) const {
    if (cycle_html.empty() || !callee.is_object() || typeid(callee.as_object()) != typeid(LoopObject)) return false;
    const Value& item = static_cast<const LoopObject&>(callee.as_object()).cycle_ref(*cycle_args);
    const auto i = static_cast<std::size_t>(&item - cycle_args->args.data());
    out += out_escape ? cycle_html[i] : cycle_text[i];
    return true;
}

void CallExpr::emit(Frame& f, std::string& out, bool out_escape) const {
    if (!cycle_html.empty() && !f.folding) {
        Value tmp;
        if (emit_cycle(method->obj->eval_ref(f, tmp), out, out_escape)) return;
    }
    if (f.folding || cycle_args) {
        Expr::emit(f, out, out_escape);
        return;
    }
    ScratchArgs a;
    args.build(f, *a);
    call_into(f, *a, out, out_escape, false);
}

void FilterExpr::prepare() {
    args_pure = args.all_pure();
    // Builtin (pure) filters never modify their arguments, so constant ones can be shared.
    if (fn && fn->pure) const_args = args.constant_args();
    if (fn && fn->emit && node) prepared = prepare_filter(*this);
    node_attr = dynamic_cast<const GetattrExpr*>(node.get());
    auto no_arguments = [](const ArgList& a) { return a.args.empty() && a.kwargs.empty() && !a.dyn_args && !a.dyn_kwargs; };
    strips_tags = fn && is_builtin_striptags(*fn) && no_arguments(args);
    if (fn && is_builtin_length(*fn) && no_arguments(args)) {
        const auto* list = dynamic_cast<const FilterExpr*>(node.get());
        if (list && list->fn && list->node && is_builtin_list(*list->fn) && no_arguments(list->args)) {
            counts_list = true;
            const auto* sel = dynamic_cast<const FilterExpr*>(list->node.get());
            if (sel && sel->fn && sel->node) count_select = static_cast<signed char>(builtin_select_kind(*sel->fn));
        }
    }
}

std::size_t FilterExpr::count_list(Frame& f) const {
    const auto& list = static_cast<const FilterExpr&>(*node);
    if (count_select >= 0) {
        // What select's apply() does, counting instead of collecting.
        const auto& sel = static_cast<const FilterExpr&>(*list.node);
        Value tmp;
        const Value& input = sel.input_of(f, tmp);
        std::optional<ScratchArgs> scratch;
        CallArgs& a = sel.bound_args(f, scratch);
        AutoescapeScope scope(f, sel.autoescape);
        return count_selected(f, input, a, static_cast<SelectKind>(count_select));
    }
    Value tmp;
    const Value& input = list.node->eval_ref(f, tmp);
    List scratch;
    return iterate_view(input, scratch).size();
}

CallArgs& FilterExpr::bound_args(Frame& f, std::optional<ScratchArgs>& scratch) const {
    if (const_args) return *const_args;
    scratch.emplace();
    args.build(f, **scratch);
    return **scratch;
}

Value FilterExpr::eval(Frame& f) const {
    if (counts_list && !f.folding) return Value(static_cast<std::int64_t>(count_list(f)));
    Value tmp;
    return apply(f, input_of(f, tmp));
}

Value FilterExpr::apply(Frame& f, const Value& input) const {
    if (!fn) {
        if (f.folding) throw Impossible{};
        throw TemplateRuntimeError("No filter named '" + name + "' found.");
    }
    if (f.folding && !fn->pure) throw Impossible{};
    std::optional<ScratchArgs> scratch;
    CallArgs& a = bound_args(f, scratch);
    AutoescapeScope scope(f, autoescape);
    if (strips_tags && input.is_string() && !f.folding && f.ctx && f.ctx->session) {
        Session& s = *f.ctx->session;
        if (s.striptags_input.is_string() && &s.striptags_input.as_string() == &input.as_string() &&
            s.striptags_input.is_markup() == input.is_markup())
            return s.striptags_result;
        Value result = fn->fn(f, input, a);
        s.striptags_input = input;
        s.striptags_result = result;
        return result;
    }
    return fn->fn(f, input, a);
}

void Expr::emit(Frame& f, std::string& out, bool autoescape) const {
    Value tmp;
    append_output(out, eval_ref(f, tmp), autoescape);
}

void FilterExpr::emit(Frame& f, std::string& out, bool out_escape) const {
    if (!emits_directly(f)) {
        Expr::emit(f, out, out_escape);
        return;
    }
    Value tmp;
    emit_on(f, input_of(f, tmp), out, out_escape);
}

void FilterExpr::emit_on(Frame& f, const Value& input, std::string& out, bool out_escape) const {
    if (prepared) {
        AutoescapeScope scope(f, autoescape);
        if (prepared->emit(f, *this, input, out, out_escape)) return;
    }
    std::optional<ScratchArgs> scratch;
    CallArgs& a = bound_args(f, scratch);
    AutoescapeScope scope(f, autoescape);
    if (fn->emit(f, input, a, out, out_escape)) return;
    append_output(out, fn->fn(f, input, a), out_escape);
}

Value TestExpr::eval(Frame& f) const {
    if (!fn) {
        if (f.folding) throw Impossible{};
        throw TemplateRuntimeError("No test named '" + name + "' found.");
    }
    if (f.folding && !fn->pure) throw Impossible{};
    Value tmp;
    const Value& v = args_pure ? node->eval_ref(f, tmp) : (tmp = node->eval(f));
    if (const_args) return Value(fn->fn(f, v, *const_args));
    ScratchArgs a;
    args.build(f, *a);
    return Value(fn->fn(f, v, *a));
}

void TestExpr::prepare() {
    args_pure = args.all_pure();
    if (fn && fn->pure) const_args = args.constant_args();
}

Value BinExpr::eval(Frame& f) const {
    // Operands are read in place when evaluating the right one cannot
    // disturb the left one.
    Value ta, tb;
    const Value& a = right->pure_read() ? left->eval_ref(f, ta) : (ta = left->eval(f));
    const Value& b = right->eval_ref(f, tb);
    switch (op) {
        case BinOp::Add: return py_add(a, b);
        case BinOp::Sub: return py_sub(a, b);
        case BinOp::Mul: return py_mul(a, b);
        case BinOp::Div: return py_div(a, b);
        case BinOp::FloorDiv: return py_floordiv(a, b);
        case BinOp::Mod: return py_mod(a, b);
        case BinOp::Pow: return py_pow(a, b);
    }
    return Value();
}

Value UnaryExpr::eval(Frame& f) const {
    Value v = node->eval(f);
    return negate ? py_neg(v) : py_pos(v);
}

bool Expr::truthy(Frame& f) const {
    Value tmp;
    return py_truthy(eval_ref(f, tmp));
}

Value NotExpr::eval(Frame& f) const { return Value(!node->truthy(f)); }

Value AndOrExpr::eval(Frame& f) const {
    Value l = left->eval(f);
    bool t = py_truthy(l);
    if (is_and ? !t : t) return l;
    return right->eval(f);
}

Value ConcatExpr::eval(Frame& f) const {
    if (f.folding || !autoescape) {
        std::string out;
        for (const auto& i : items) out += py_str(i->eval(f));
        return Value(std::move(out));
    }
    List parts;
    parts.reserve(items.size());
    bool safe = false;
    for (const auto& i : items) {
        Value v = i->eval(f);
        if (v.is_undefined()) v = Value(py_str(v));
        if (is_safe_html(v)) safe = true;
        parts.push_back(std::move(v));
    }
    if (safe) {
        std::string out;
        for (const auto& p : parts) out += escape(p).as_string();
        return Value::markup(std::move(out));
    }
    std::string out;
    for (const auto& p : parts) out += p.str();
    return Value(std::move(out));
}

namespace {
bool compare(CmpOp op, const Value& left, const Value& right) {
    switch (op) {
        case CmpOp::Eq: return py_eq(left, right);
        case CmpOp::Ne: return !py_eq(left, right);
        case CmpOp::Lt: return py_compare(left, right, "<") == -1;
        case CmpOp::Le: {
            int c = py_compare(left, right, "<=");
            return c == -1 || c == 0;
        }
        case CmpOp::Gt: return py_compare(left, right, ">") == 1;
        case CmpOp::Ge: {
            int c = py_compare(left, right, ">=");
            return c == 1 || c == 0;
        }
        case CmpOp::In: return py_contains(right, left);
        case CmpOp::NotIn: return !py_contains(right, left);
    }
    return false;
}
}  // namespace

Value CompareExpr::eval(Frame& f) const {
    if (ops.size() == 1 && ops[0].second->pure_read()) {
        // One comparison of plain reads: both sides are looked at in place.
        Value tl, tr;
        const Value& left = first->eval_ref(f, tl);
        return Value(compare(ops[0].first, left, ops[0].second->eval_ref(f, tr)));
    }
    Value left = first->eval(f);
    for (const auto& [op, expr] : ops) {
        Value right = expr->eval(f);
        if (!compare(op, left, right)) return Value(false);
        left = std::move(right);
    }
    return Value(true);
}

void CondExpr::emit(Frame& f, std::string& out, bool autoescape) const {
    if (!otherwise) {
        Expr::emit(f, out, autoescape);
        return;
    }
    if (test->truthy(f)) then->emit(f, out, autoescape);
    else otherwise->emit(f, out, autoescape);
}

Value CondExpr::eval(Frame& f) const {
    if (test->truthy(f)) return then->eval(f);
    if (otherwise) return otherwise->eval(f);
    if (f.folding) throw Impossible{};
    std::string pos = "line " + std::to_string(lineno) + (template_name.empty() ? "" : " in " + string_repr(template_name));
    return make_undefined(UndefKind::Default, "",
                          "the inline if-expression on " + pos + " evaluated to false and no else section was defined.");
}

}  // namespace jinja::detail
