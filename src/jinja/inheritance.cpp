// Template composition: extends/blocks/super/self, include, import.
#include "compiler.hpp"
#include "jinja/markup.hpp"
#include "nodes.hpp"
#include "ops.hpp"

namespace jinja::detail {

namespace {

void register_blocks(Context& ctx, const Program& p) {
    for (const auto& [name, block] : p.blocks) ctx.blocks[name].push_back(block.get());
}

// Runs a template's top level; after {% extends %} output is dropped and the
// parent's top level runs with the same context.
void run_root(const Program& program, Context& ctx, std::string& out) {
    Frame f;
    f.ctx = &ctx;
    f.env = ctx.env;
    f.scope = &ctx.root;
    f.out = &out;
    f.tmpl = &program;
    f.toplevel = true;
    std::string discard;
    const Program* parent = nullptr;
    std::size_t i = 0;
    try {
        for (; i < program.body.size(); ++i) {
            const Stmt* s = program.body[i].get();
            if (parent) {
                if (dynamic_cast<const TextStmt*>(s) || dynamic_cast<const PrintStmt*>(s) || dynamic_cast<const BlockStmt*>(s))
                    continue;
                if (auto* o = dynamic_cast<const OutputStmt*>(s)) {
                    o->run_tests(f);  // an `{% if %}` still tests, as it would unfused
                    continue;
                }
                discard.clear();
            }
            s->exec(f);
            if (!parent && ctx.parent_program) {
                parent = ctx.parent_program;
                f.out = &discard;
            }
        }
    } catch (TemplateError& e) {
        if (!e.located()) e.locate(program.name, program.body[i]->lineno);
        throw;
    }
    if (parent) {
        ctx.parent_program = nullptr;
        RecursionGuard guard(ctx.session);  // templates that extend each other
        run_root(*parent, ctx, out);
    }
}


}  // namespace

void render_program(const Program& program, Context& ctx, std::string& out) {
    RecursionGuard guard(ctx.session);  // a template that includes itself
    ctx.program = &program;
    register_blocks(ctx, program);
    run_root(program, ctx, out);
}

const Program* load_program(Frame& f, const Value& name, int) {
    if (name.is_undefined()) raise_undefined(name);
    std::shared_ptr<const Program> p;
    if (name.is_list()) {
        std::vector<std::string> names;
        for (const auto& n : name.as_list()) {
            if (n.is_undefined()) raise_undefined(n);
            names.push_back(n.str());
        }
        for (const auto& n : names) {
            try {
                p = f.env->load_program(n);
                break;
            } catch (const TemplateNotFound& e) {
                if (e.missing() != n) throw;
            }
        }
        if (!p) throw TemplatesNotFound(names);
    } else if (name.is_object() && dynamic_cast<TemplateModule*>(&name.as_object())) {
        p = f.env->load_program(static_cast<TemplateModule&>(name.as_object()).name);
    } else if (name.is_none()) {
        throw TemplateNotFound("");
    } else {
        p = f.env->load_program(name.str());
    }
    f.ctx->session->keep.push_back(p);
    return p.get();
}

void ExtendsStmt::exec(Frame& f) const {
    if (f.ctx->parent_program) throw TemplateRuntimeError("extended multiple times");
    Value name = expr->eval(f);
    if (name.is_list() && !name.is_tuple()) throw TypeError("unhashable type: 'list'");
    const Program* parent = load_program(f, name, lineno);
    register_blocks(*f.ctx, *parent);
    f.ctx->parent_program = parent;
}

namespace {

void render_block(Frame& f, const std::vector<const BlockNode*>& chain, std::size_t index, Scope* parent_scope,
                  std::string& out) {
    const BlockNode* b = chain[index];
    if (b->required && index == 0) throw TemplateRuntimeError("Required block '" + b->name + "' not found");
    Scope scope(parent_scope);
    Frame nf;
    nf.ctx = f.ctx;
    nf.env = f.env;
    nf.scope = &scope;
    nf.out = &out;
    nf.tmpl = b->program;
    nf.block_chain = &chain;
    nf.block_index = index;
    exec_body(b->body, nf);
}

}  // namespace

void BlockStmt::exec(Frame& f) const {
    auto it = f.ctx->blocks.find(block->name);
    if (it == f.ctx->blocks.end() || it->second.empty()) return;
    render_block(f, it->second, 0, block->scoped ? f.scope : &f.ctx->root, *f.out);
}

Value BlockReference::invoke(CallArgs&, Frame* caller) {
    std::string buf;
    Frame f;
    f.ctx = ctx;
    f.env = ctx->env;
    const BlockNode* b = (*chain)[index];
    if (b->required && index == 0) throw TemplateRuntimeError("Required block '" + b->name + "' not found");
    render_block(f, *chain, index, scope ? scope : &ctx->root, buf);
    bool autoescape = caller ? caller->autoescape : b->program->autoescape;
    return autoescape ? Value::markup(std::move(buf)) : Value(std::move(buf));
}

Value TemplateReference::get_attr(std::string_view name) const {
    auto it = ctx->blocks.find(std::string(name));
    if (it == ctx->blocks.end()) return Value::undefined(std::string(name));
    auto ref = std::make_shared<BlockReference>();
    ref->ctx = ctx;
    ref->chain = &it->second;
    ref->index = 0;
    return Value(std::static_pointer_cast<Object>(ref));
}

// ---- include / import ---------------------------------------------------------

namespace {

Dict context_with_locals(Frame& f) {
    static const int loop_id = intern("loop");
    Dict all = f.ctx->vars;
    std::vector<Scope*> chain;
    for (Scope* s = f.scope; s; s = s->parent) chain.push_back(s);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
        for (const auto& [id, v] : (*it)->vars)
            if (id != loop_id) all.set(Value(interned_name(id)), v);
    return all;
}

Value make_module(Frame& f, const Program& p, bool with_context) {
    Context* c = f.ctx->session->new_context();
    c->env = f.env;
    if (with_context) c->vars = context_with_locals(f);
    auto module = std::make_shared<TemplateModule>();
    render_program(p, *c, module->body);
    module->name = p.name;
    module->autoescape = p.autoescape;
    for (int id : c->exported)
        if (Value* v = c->root.find_local(id)) module->exports.set(Value(interned_name(id)), *v);
    return Value(std::static_pointer_cast<Object>(module));
}

Value import_module(Frame& f, const Value& name, bool with_context, int lineno) {
    if (name.is_object() && dynamic_cast<TemplateModule*>(&name.as_object())) return name;
    const Program* p = load_program(f, name, lineno);
    if (with_context) return make_module(f, *p, true);
    auto& cache = f.ctx->session->modules;
    auto it = cache.find(p);
    if (it != cache.end()) return it->second;
    Value m = make_module(f, *p, false);
    cache[p] = m;
    return m;
}

}  // namespace

void IncludeStmt::exec(Frame& f) const {
    Value name = expr->eval(f);
    const Program* p = nullptr;
    try {
        p = load_program(f, name, lineno);
    } catch (const TemplateNotFound&) {
        if (ignore_missing) return;
        throw;
    }
    Context* c = f.ctx->session->new_context();
    c->env = f.env;
    if (with_context) c->vars = context_with_locals(f);
    render_program(*p, *c, *f.out);
}

void ImportStmt::exec(Frame& f) const {
    Value m = import_module(f, expr->eval(f), with_context, lineno);
    Target t;
    t.id = id;
    t.name = interned_name(id);
    assign_target(f, t, m);
}

void FromImportStmt::exec(Frame& f) const {
    Value name = expr->eval(f);
    Value m = import_module(f, name, with_context, lineno);
    auto& module = static_cast<TemplateModule&>(m.as_object());
    for (const auto& [exported, id] : names) {
        Value v;
        if (const Value* x = module.exports.find(std::string_view(exported))) {
            v = *x;
        } else {
            v = make_undefined(env_undef_kind(*f.env), exported,
                               "the template " + string_repr(module.name) + " (imported on line " + std::to_string(lineno) +
                                   " in " + string_repr(f.tmpl->name) + ") does not export the requested name " +
                                   string_repr(exported));
        }
        Target t;
        t.id = id;
        t.name = interned_name(id);
        assign_target(f, t, v);
    }
}

}  // namespace jinja::detail
