// Execution of statement nodes: output, control flow, assignments, macros.
#include <typeinfo>

#include "compiler.hpp"
#include "jinja/markup.hpp"
#include "nodes.hpp"
#include "ops.hpp"

namespace jinja::detail {

namespace {
const int kLoopId = intern("loop");
const int kCallerId = intern("caller");
const int kVarargsId = intern("varargs");
const int kKwargsId = intern("kwargs");

Value text_value(std::string s, bool autoescape) { return autoescape ? Value::markup(std::move(s)) : Value(std::move(s)); }
}  // namespace

void exec_body(const Body& body, Frame& f) {
    std::size_t i = 0;
    try {
        for (; i < body.size(); ++i) {
            body[i]->exec(f);
            if (f.loop_ctl) return;
        }
    } catch (TemplateError& e) {
        if (!e.located() && f.tmpl) e.locate(f.tmpl->name, body[i]->lineno);
        throw;
    }
}

void PrintStmt::exec(Frame& f) const {
    expr->emit(f, *f.out, f.output_escape(autoescape));
}

namespace {
// The names a run of outputs reads (`row`, `loop`), each looked up once: no
// statement runs between the parts of one OutputStmt and expressions never
// bind names, so a name stays bound where it was found.
class Bindings {
public:
    explicit Bindings(Frame& f) : f_(f) {}
    const Value* get(const NameExpr& name) {
        for (std::size_t k = 0; k < used_; ++k)
            if (ids_[k] == name.id) return values_[k];
        const std::size_t slot = used_ < kSlots ? used_++ : (next_++ % kSlots);
        ids_[slot] = name.id;
        return values_[slot] = name.lookup(f_);
    }
    /// `row.key` on a dict: the item in place, or null for the general path.
    const Value* item(const GetattrExpr& a) {
        const Value* row = get(*a.name_obj);
        return row && row->is_dict() ? a.find_key(row->as_dict()) : nullptr;
    }

private:
    static constexpr std::size_t kSlots = 4;
    Frame& f_;
    int ids_[kSlots] = {};
    const Value* values_[kSlots] = {};
    std::size_t used_ = 0, next_ = 0;
};
}  // namespace

void OutputStmt::exec(Frame& f) const {
    std::string& out = *f.out;
    std::size_t i = 0;
    Bindings names(f);
    const bool direct = !f.folding;
    try {
        for (; i < parts.size(); ++i) {
            const Part& p = parts[i];
            if (!p.text.empty()) out.append(p.text);
            if (p.cond) {
                const Value* v = direct && p.cond_attr ? names.item(*p.cond_attr) : nullptr;
                const bool yes = v ? py_truthy(*v) != p.cond_negated : p.cond->truthy(f);
                out.append(yes ? p.if_text : p.else_text);
                continue;
            }
            if (!p.expr) continue;
            const bool escape = f.output_escape(p.autoescape);
            if (p.attr) {
                const GetattrExpr& a = *p.attr;
                if (direct && a.row_key()) {
                    if (const Value* item = names.item(a)) {
                        append_output(out, *item, escape);
                        continue;
                    }
                } else if (direct && a.name_obj && a.loop_counter != LoopObject::Counter::None) {
                    const Value* loop = names.get(*a.name_obj);
                    if (loop && loop->is_object() && typeid(loop->as_object()) == typeid(LoopObject)) {
                        append_output(out, static_cast<const LoopObject&>(loop->as_object()).counter(a.loop_counter), escape);
                        continue;
                    }
                }
                Value tmp;
                append_output(out, a.eval_ref(f, tmp), escape);
            } else if (p.filter) {
                const Value* input = direct && p.filter->filters_row_key() && p.filter->emits_directly(f)
                                         ? names.item(*p.filter->node_attr)
                                         : nullptr;
                if (input) p.filter->emit_on(f, *input, out, escape);
                else p.filter->emit(f, out, escape);
            } else if (p.call && direct && p.call->method->name_obj) {
                const Value* callee = names.get(*p.call->method->name_obj);
                if (!callee || !p.call->emit_cycle(*callee, out, escape)) p.call->emit(f, out, escape);
            } else {
                p.expr->emit(f, out, escape);
            }
        }
    } catch (TemplateError& e) {
        if (!e.located() && f.tmpl) e.locate(f.tmpl->name, parts[i].lineno);
        throw;
    }
}

void OutputStmt::run_tests(Frame& f) const {
    for (const Part& p : parts) {
        if (!p.cond) continue;
        try {
            p.cond->truthy(f);
        } catch (TemplateError& e) {
            if (!e.located() && f.tmpl) e.locate(f.tmpl->name, p.lineno);
            throw;
        }
    }
}

namespace {
// `{% if test %}text{% else %}text{% endif %}`: one test, bodies of text only.
bool is_text_choice(const Stmt& s) {
    auto* i = dynamic_cast<const IfStmt*>(&s);
    if (!i || i->branches.size() != 1) return false;
    auto text_only = [](const Body& b) { return b.empty() || (b.size() == 1 && dynamic_cast<const TextStmt*>(b[0].get())); };
    return text_only(i->branches[0].second) && text_only(i->otherwise);
}
std::string body_text(Body& b) { return b.empty() ? std::string() : std::move(static_cast<TextStmt&>(*b[0]).text); }
}  // namespace

void fuse_output(Body& body) {
    Body fused;
    fused.reserve(body.size());
    OutputStmt* run = nullptr;   // the OutputStmt being filled, if any
    std::unique_ptr<Stmt> single;  // a lone Text/Print/text choice that may start a run
    auto flush_single = [&] {
        if (single) fused.push_back(std::move(single));
    };
    auto as_part = [](std::unique_ptr<Stmt>& s) {
        OutputStmt::Part part;
        part.lineno = s->lineno;
        if (auto* t = dynamic_cast<TextStmt*>(s.get())) {
            part.text = std::move(t->text);
        } else if (auto* c = dynamic_cast<IfStmt*>(s.get())) {
            part.cond = std::move(c->branches[0].first);
            part.if_text = body_text(c->branches[0].second);
            part.else_text = body_text(c->otherwise);
            const Expr* test = part.cond.get();
            if (auto* n = dynamic_cast<const NotExpr*>(test)) {
                part.cond_negated = true;
                test = n->node.get();
            }
            part.cond_attr = dynamic_cast<const GetattrExpr*>(test);
            if (part.cond_attr && !part.cond_attr->row_key()) part.cond_attr = nullptr;
        } else {
            auto* p = static_cast<PrintStmt*>(s.get());
            part.expr = std::move(p->expr);
            part.attr = dynamic_cast<const GetattrExpr*>(part.expr.get());
            part.filter = dynamic_cast<const FilterExpr*>(part.expr.get());
            part.call = dynamic_cast<const CallExpr*>(part.expr.get());
            if (part.call && (part.call->cycle_html.empty() || !part.call->method)) part.call = nullptr;
            part.autoescape = p->autoescape;
        }
        return part;
    };
    auto add = [](OutputStmt& o, OutputStmt::Part part) {
        // Neighbouring texts become one piece, and an output joins the text
        // before it: a part is "text, then expression", so that writing a row
        // takes no unpredictable branch between the two kinds.
        if (o.parts.empty() || o.parts.back().ends_part()) {
            o.parts.push_back(std::move(part));
            return;
        }
        OutputStmt::Part& last = o.parts.back();
        part.text.insert(0, last.text);
        last = std::move(part);
    };
    for (auto& s : body) {
        const bool output = dynamic_cast<TextStmt*>(s.get()) || dynamic_cast<PrintStmt*>(s.get()) || is_text_choice(*s);
        if (!output) {
            flush_single();
            run = nullptr;
            fused.push_back(std::move(s));
            continue;
        }
        if (run) {
            add(*run, as_part(s));
        } else if (single) {
            auto o = std::make_unique<OutputStmt>();
            o->lineno = single->lineno;
            add(*o, as_part(single));
            add(*o, as_part(s));
            single.reset();
            run = o.get();
            fused.push_back(std::move(o));
        } else {
            single = std::move(s);
        }
    }
    flush_single();
    body = std::move(fused);
}

void assign_target(Frame& f, const Target& t, const Value& v) {
    switch (t.kind) {
        case Target::Name:
            f.scope->set(t.id, v);
            if (f.toplevel && f.scope == &f.ctx->root && !t.name.empty() && t.name[0] != '_') {
                auto& ex = f.ctx->exported;
                if (std::find(ex.begin(), ex.end(), t.id) == ex.end()) ex.push_back(t.id);
            }
            return;
        case Target::NSRef: {
            // The namespace is only looked at, so it is not copied.
            const Value* ns = nullptr;
            for (Scope* s = f.scope; s && !ns; s = s->parent) ns = s->find_local(t.id);
            if (!ns) ns = f.ctx->vars.find(std::string_view(t.name));
            auto* obj = ns && ns->is_object() && typeid(ns->as_object()) == typeid(NamespaceObject)
                            ? static_cast<NamespaceObject*>(&ns->as_object())
                            : nullptr;
            if (!obj) throw TemplateRuntimeError("cannot assign attribute on non-namespace object");
            if (Value* slot = obj->attrs.find(std::string_view(t.attr))) *slot = v;
            else obj->attrs.set(Value(t.attr), v);
            return;
        }
        case Target::Tuple: {
            List items = unpack(v, t.items.size());
            for (std::size_t i = 0; i < items.size(); ++i) assign_target(f, t.items[i], items[i]);
            return;
        }
    }
}

void IfStmt::exec(Frame& f) const {
    for (const auto& [test, body] : branches) {
        if (test->truthy(f)) {
            exec_body(body, f);
            return;
        }
    }
    exec_body(otherwise, f);
}

void ForStmt::exec(Frame& f) const { run(f, iter->eval(f), 0, f.scope); }

void ForStmt::run(Frame& f, const Value& iterable, int depth, Scope* outer) const {
    // A list (or a filter's generator) is walked in place instead of copied
    // item by item: `keep` holds it alive, and each step re-reads its size, so
    // a body that pops stays in bounds.  Unlike Python, items appended during
    // the loop are not visited: a body that appends on every step would
    // otherwise never end.
    const Value keep = iterable;
    List owned;
    const List* items = &iterate_view(keep, owned);
    std::size_t visible = items->size();
    auto steps = [&] { return std::min(items->size(), visible); };
    Frame nf = f;
    nf.toplevel = false;
    if (filter) {
        List kept;
        Scope tmp(outer);
        nf.scope = &tmp;
        for (std::size_t i = 0; i < steps(); ++i) {
            const Value item = (*items)[i];  // the filter may change the list
            assign_target(nf, target, item);
            if (py_truthy(filter->eval(nf))) kept.push_back(item);
        }
        owned = std::move(kept);
        items = &owned;
        visible = owned.size();
    }
    Scope scope(outer);
    nf.scope = &scope;
    auto loop = std::make_shared<LoopObject>();
    loop->items = items;
    loop->depth0 = depth;
    loop->stmt = this;
    loop->outer = outer;
    loop->ctx = f.ctx;
    loop->tmpl = f.tmpl;
    loop->undef = env_undef_kind(*f.env);
    scope.set(kLoopId, Value(std::static_pointer_cast<Object>(loop)));
    bool run_else = true;
    const std::size_t base = scope.vars.size();
    for (std::size_t i = 0; i < steps(); ++i) {
        loop->index0 = i;
        if (scope.vars.size() > base) scope.vars.resize(base);
        assign_target(nf, target, (*items)[i]);
        exec_body(body, nf);
        if (nf.loop_ctl) {
            int ctl = nf.loop_ctl;
            nf.loop_ctl = 0;
            if (ctl == 1) break;
            continue;
        }
        run_else = false;
    }
    if (run_else) exec_body(otherwise, nf);
    loop->items = nullptr;
}

Value LoopObject::invoke(CallArgs& args, Frame* caller) {
    if (!stmt->recursive) throw TypeError("The loop must have the 'recursive' marker to be called recursively.");
    if (args.args.size() != 1) throw TypeError("loop() takes exactly one argument");
    RecursionGuard guard(ctx->session);
    std::string buf;
    Frame f;
    f.ctx = ctx;
    f.env = ctx->env;
    f.scope = outer;
    f.out = &buf;
    f.tmpl = tmpl;
    if (caller) f.autoescape = caller->autoescape;
    stmt->run(f, args.args[0], depth0 + 1, outer);
    return text_value(std::move(buf), tmpl->autoescape);
}

void LoopControlStmt::exec(Frame& f) const { f.loop_ctl = is_break ? 1 : 2; }

void AssignStmt::exec(Frame& f) const { assign_target(f, target, expr->eval(f)); }

namespace {
// Applies a filter chain whose innermost node is empty to `input`.
Value apply_chain(Frame& f, const Expr* e, const Value& input) {
    auto* fe = static_cast<const FilterExpr*>(e);
    Value v = fe->node ? apply_chain(f, fe->node.get(), input) : input;
    return fe->apply(f, v);
}
}  // namespace

void AssignBlockStmt::exec(Frame& f) const {
    std::string buf;
    Frame nf = f;
    nf.out = &buf;
    exec_body(body, nf);
    Value v = text_value(std::move(buf), autoescape);
    if (filter) v = apply_chain(f, filter.get(), v);
    assign_target(f, target, v);
}

void FilterBlockStmt::exec(Frame& f) const {
    std::string buf;
    Frame nf = f;
    nf.out = &buf;
    Scope scope(f.scope);
    nf.scope = &scope;
    nf.toplevel = false;
    exec_body(body, nf);
    Value v = apply_chain(f, filter.get(), text_value(std::move(buf), autoescape));
    if (v.is_string()) {
        f.out->append(v.as_string());
    } else if (v.is_undefined()) {
        f.out->append(py_str(v));
    } else {
        throw TypeError("sequence item 0: expected str instance, " + py_type(v) + " found");
    }
}

void WithStmt::exec(Frame& f) const {
    std::vector<Value> values;
    for (const auto& [t, e] : assigns) values.push_back(e->eval(f));
    Scope scope(f.scope);
    Frame nf = f;
    nf.scope = &scope;
    nf.toplevel = false;
    for (std::size_t i = 0; i < assigns.size(); ++i) assign_target(nf, assigns[i].first, values[i]);
    exec_body(body, nf);
    f.loop_ctl = nf.loop_ctl;
}

void ScopeStmt::exec(Frame& f) const {
    Scope scope(f.scope);
    Frame nf = f;
    if (autoescape) nf.autoescape_override = py_truthy(autoescape->eval(f)) ? 1 : 0;
    nf.scope = &scope;
    nf.toplevel = false;
    exec_body(body, nf);
    f.loop_ctl = nf.loop_ctl;
}

// ---- macros ------------------------------------------------------------------

void MacroStmt::exec(Frame& f) const {
    auto m = std::make_shared<Macro>();
    m->node = &macro;
    m->ctx = f.ctx;
    m->closure = f.scope;
    m->tmpl = f.tmpl;
    Target t;
    t.id = id;
    t.name = macro.name;
    assign_target(f, t, Value(std::static_pointer_cast<Object>(m)));
}

namespace {
// A small array on the stack, or on the heap when a call is unusually wide.
template <class T>
class SmallArray {
public:
    explicit SmallArray(std::size_t n, T init) : n_(n) {
        if (n > kInline) heap_.assign(n, init);
        else std::fill(inline_, inline_ + n, init);
    }
    T& operator[](std::size_t i) { return n_ > kInline ? heap_[i] : inline_[i]; }

private:
    static constexpr std::size_t kInline = 8;
    std::size_t n_;
    T inline_[kInline] = {};
    std::vector<T> heap_;
};
}  // namespace

Value Macro::invoke(CallArgs& args, Frame* caller) {
    std::string buf;
    bool autoescape = run(args, caller, buf);
    return text_value(std::move(buf), autoescape);
}

bool Macro::run(CallArgs& args, Frame* caller, std::string& out) {
    RecursionGuard guard(ctx ? ctx->session : nullptr);
    const MacroNode& m = *node;
    auto label = [&] { return is_caller ? std::string("None") : string_repr(m.name); };
    const std::size_t nparams = m.arg_ids.size();
    Scope scope(closure);
    scope.vars.reserve(nparams + 3);
    // Keyword arguments still unclaimed (by index into args.kwargs).
    const std::size_t nkw = args.kwargs.size();
    SmallArray<char> kw_used(nkw, 0);
    auto take_kwarg = [&](std::string_view name) -> const Value* {
        for (std::size_t k = 0; k < nkw; ++k)
            if (!kw_used[k] && args.kwargs[k].first == name) {
                kw_used[k] = 1;
                return &args.kwargs[k].second;
            }
        return nullptr;
    };
    const std::size_t npos = std::min(args.args.size(), nparams);
    SmallArray<const Value*> given(nparams, nullptr);
    for (std::size_t i = 0; i < npos; ++i) given[i] = &args.args[i];
    bool found_caller = false;
    if (npos != nparams) {
        for (std::size_t i = npos; i < nparams; ++i) {
            if (nkw) given[i] = take_kwarg(m.arg_names[i]);
            if (m.arg_names[i] == "caller") found_caller = true;
        }
    } else {
        found_caller = std::find(m.arg_names.begin(), m.arg_names.end(), "caller") != m.arg_names.end();
    }
    Value caller_value;
    if (m.caller && !found_caller) {
        if (const Value* c = nkw ? take_kwarg("caller") : nullptr) caller_value = *c;
        else caller_value = make_undefined(env_undef_kind(*ctx->env), "caller", "No caller defined");
    }
    Dict extra_kwargs;
    std::size_t left = 0;
    for (std::size_t k = 0; k < nkw; ++k) left += !kw_used[k];
    if (m.catch_kwargs) {
        for (std::size_t k = 0; k < nkw; ++k)
            if (!kw_used[k]) extra_kwargs.set(Value(args.kwargs[k].first), args.kwargs[k].second);
    } else if (left) {
        for (std::size_t k = 0; k < nkw; ++k)
            if (!kw_used[k] && args.kwargs[k].first == "caller")
                throw TypeError("macro " + label() +
                                " was invoked with two values for the special caller argument. This is most likely a bug.");
        for (std::size_t k = 0; k < nkw; ++k)
            if (!kw_used[k]) throw TypeError("macro " + label() + " takes no keyword argument " + string_repr(args.kwargs[k].first));
    }
    List varargs;
    if (m.catch_varargs) {
        for (std::size_t i = nparams; i < args.args.size(); ++i) varargs.push_back(args.args[i]);
    } else if (args.args.size() > nparams) {
        throw TypeError("macro " + label() + " takes not more than " + std::to_string(nparams) + " argument(s)");
    }

    Frame f;
    f.ctx = ctx;
    f.env = ctx->env;
    f.scope = &scope;
    f.out = &out;
    f.tmpl = tmpl;
    std::size_t first_default = nparams - m.defaults.size();
    for (std::size_t i = 0; i < nparams; ++i) {
        if (given[i]) {
            scope.set(m.arg_ids[i], *given[i]);
        } else if (i >= first_default) {
            // Defaults see the parameters bound before them.
            scope.set(m.arg_ids[i], m.defaults[i - first_default]->eval(f));
        } else {
            scope.set(m.arg_ids[i], make_undefined(env_undef_kind(*ctx->env), m.arg_names[i],
                                                   "parameter " + string_repr(m.arg_names[i]) + " was not provided"));
        }
    }
    if (m.caller && !found_caller) scope.set(kCallerId, caller_value);
    if (m.catch_varargs) scope.set(kVarargsId, Value::tuple(std::move(varargs)));
    if (m.catch_kwargs) scope.set(kKwargsId, Value(std::move(extra_kwargs)));
    exec_body(m.body, f);
    return caller ? caller->autoescape : m.autoescape;
}

void CallBlockStmt::exec(Frame& f) const {
    auto m = std::make_shared<Macro>();
    m->node = &caller;
    m->ctx = f.ctx;
    m->closure = f.scope;
    m->tmpl = f.tmpl;
    m->is_caller = true;
    ScratchArgs a;
    call->args.build(f, *a);
    (*a).kwargs.emplace_back("caller", Value(std::static_pointer_cast<Object>(m)));
    call->call_into(f, *a, *f.out, false, true);
}

}  // namespace jinja::detail
