// Statements and the entry point of the parser (parser.hpp has the class).
#include "parser.hpp"

namespace jinja::detail {

// ---- statements ----
Body Parser::subparse(const std::vector<std::string>& end) {
    Body body;
    if (!end.empty()) end_stack_.push_back(end);
    struct Pop {
        Parser* p;
        bool on;
        ~Pop() {
            if (on) p->end_stack_.pop_back();
        }
    } pop{this, !end.empty()};
    while (!at_eof()) {
        const Token& t = cur();
        if (t.type == Tok::Data) {
            auto s = std::make_unique<TextStmt>();
            s->lineno = t.lineno;
            s->text = t.value;
            next();
            body.push_back(std::move(s));
        } else if (t.type == Tok::VariableBegin) {
            int line = t.lineno;
            next();
            auto s = std::make_unique<PrintStmt>();
            s->lineno = line;
            s->expr = parse_tuple(false, true, {}, false);
            s->autoescape = autoescape_.back();
            expect(Tok::VariableEnd);
            add_print(body, std::move(s));
        } else if (t.type == Tok::BlockBegin) {
            next();
            if (!end.empty() && cur().type == Tok::Name &&
                std::find(end.begin(), end.end(), cur().value) != end.end()) {
                fuse_output(body);
                return body;
            }
            parse_statement(body);
            expect(Tok::BlockEnd);
        } else {
            fail("internal parsing error");
        }
    }
    fuse_output(body);
    return body;
}

// Constant output becomes text (escaped as Jinja's compiler does).
void Parser::add_print(Body& body, std::unique_ptr<PrintStmt> s) {
    if (auto* c = dynamic_cast<ConstExpr*>(s->expr.get())) {
        try {
            std::string text = output_text(c->value, s->autoescape);
            auto t = std::make_unique<TextStmt>();
            t->lineno = s->lineno;
            t->text = std::move(text);
            body.push_back(std::move(t));
            return;
        } catch (...) {
        }
    }
    body.push_back(std::move(s));
}

Body Parser::parse_statements(const std::vector<std::string>& end, bool drop_needle) {
    skip_op(":");
    expect(Tok::BlockEnd);
    Body body = subparse(end);
    if (at_eof()) {
        auto stack = end_stack_;
        stack.push_back(end);
        fail_ut_eof(nullptr, stack, cur().lineno);
    }
    if (drop_needle) next();
    return body;
}

void Parser::parse_statement(Body& body) {
    const Token& t = cur();
    if (t.type != Tok::Name) fail("tag name expected", t.lineno);
    std::string tag = t.value;
    int line = t.lineno;
    tag_stack_.push_back(tag);
    struct Pop {
        std::vector<std::string>& s;
        ~Pop() { s.pop_back(); }
    } pop{tag_stack_};
    if (tag == "for") return body.push_back(parse_for());
    if (tag == "if") return body.push_back(parse_if());
    if (tag == "block") return body.push_back(parse_block());
    if (tag == "extends") {
        next();
        auto s = stmt<ExtendsStmt>(line);
        s->expr = parse_expression();
        prog_->has_extends = true;
        return body.push_back(std::move(s));
    }
    if (tag == "print") {
        next();
        bool first = true;
        while (cur().type != Tok::BlockEnd) {
            if (!first) expect_op(",");
            first = false;
            auto s = stmt<PrintStmt>(line);
            s->expr = parse_expression();
            s->autoescape = autoescape_.back();
            add_print(body, std::move(s));
        }
        return;
    }
    if (tag == "macro") return body.push_back(parse_macro());
    if (tag == "include") return body.push_back(parse_include());
    if (tag == "from") return body.push_back(parse_from());
    if (tag == "import") return body.push_back(parse_import());
    if (tag == "set") return body.push_back(parse_set());
    if (tag == "with") return body.push_back(parse_with());
    if (tag == "autoescape") return body.push_back(parse_autoescape());
    if (tag == "call") return body.push_back(parse_call_block());
    if (tag == "filter") return body.push_back(parse_filter_block());
    if (env_.options().ext_loopcontrols && (tag == "break" || tag == "continue")) {
        next();
        if (loop_depth_ == 0)
            throw PySyntaxError("'" + tag + "' " + (tag == "break" ? "outside loop" : "not properly in loop"));
        auto s = stmt<LoopControlStmt>(line);
        s->is_break = tag == "break";
        return body.push_back(std::move(s));
    }
    if (env_.options().ext_do && tag == "do") {
        next();
        auto s = stmt<ExprStmt>(line);
        s->expr = parse_tuple(false, true, {}, false);
        return body.push_back(std::move(s));
    }
    tag_stack_.pop_back();
    struct Push {
        std::vector<std::string>& s;
        std::string v;
        ~Push() { s.push_back(v); }
    } repush{tag_stack_, tag};
    fail_ut_eof(&tag, end_stack_, line);
}

std::unique_ptr<Stmt> Parser::parse_for() {
    int line = expect_kw("for").lineno;
    Target target = parse_assign_target(true, false, {"in"}, false);
    check_loop_target(target, line);
    expect_kw("in");
    auto s = stmt<ForStmt>(line);
    s->target = std::move(target);
    s->iter = parse_tuple(false, false, {"recursive"}, false);
    {
        Hard hard(this);
        if (skip_name("if")) s->filter = parse_expression();
        s->recursive = skip_name("recursive");
        ++loop_depth_;
        s->body = parse_statements({"endfor", "else"}, false);
        --loop_depth_;
        if (next().value == "endfor") return s;
        s->otherwise = parse_statements({"endfor"}, true);
    }
    return s;
}

void Parser::check_loop_target(const Target& t, int line) {
    if (t.kind == Target::Name && t.name == "loop")
        fail_assert("Can't assign to special loop variable in for-loop target", line);
    for (const auto& i : t.items) check_loop_target(i, line);
}

std::unique_ptr<Stmt> Parser::parse_if() {
    int line = expect_kw("if").lineno;
    auto s = stmt<IfStmt>(line);
    ++soft_;
    while (true) {
        ExprPtr test = parse_tuple(false, false, {}, false);
        Body body = parse_statements({"elif", "else", "endif"}, false);
        s->branches.emplace_back(std::move(test), std::move(body));
        const Token& t = next();
        if (t.is_name("elif")) continue;
        if (t.is_name("else")) s->otherwise = parse_statements({"endif"}, true);
        break;
    }
    --soft_;
    return s;
}

std::unique_ptr<Stmt> Parser::parse_block() {
    int line = next().lineno;
    std::string name = expect(Tok::Name).value;
    auto block = std::make_unique<BlockNode>();
    block->name = name;
    block->lineno = line;
    block->scoped = skip_name("scoped");
    block->required = skip_name("required");
    if (cur_op("-"))
        fail("Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an "
             "underscore instead.");
    {
        Hard hard(this);
        int saved_loop = loop_depth_;
        loop_depth_ = 0;
        block->body = parse_statements({"endblock"}, true);
        loop_depth_ = saved_loop;
    }
    if (block->required) {
        for (const auto& st : block->body) {
            auto* text = dynamic_cast<TextStmt*>(st.get());
            auto* output = dynamic_cast<OutputStmt*>(st.get());
            const bool blank = text ? is_space_text(text->text)
                                    : output && std::all_of(output->parts.begin(), output->parts.end(), [](const auto& p) {
                                          return !p.ends_part() && is_space_text(p.text);
                                      });
            if (!blank) fail("Required blocks can only contain comments or whitespace");
        }
    }
    skip_name(name);
    if (prog_->blocks.count(name)) fail_assert("block '" + name + "' defined twice", line);
    auto s = stmt<BlockStmt>(line);
    s->block = block.get();
    prog_->blocks[name] = std::move(block);
    return s;
}

bool Parser::is_space_text(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; });
}

bool Parser::skip_import_context(bool& with_context) {
    if (!((cur_name("with") || cur_name("without")) && look().is_name("context"))) return false;
    with_context = next().value == "with";
    next();
    return true;
}

void Parser::parse_import_context(bool& with_context, bool fallback) {
    if (!skip_import_context(with_context)) with_context = fallback;
}

std::unique_ptr<Stmt> Parser::parse_include() {
    int line = next().lineno;
    auto s = stmt<IncludeStmt>(line);
    s->expr = parse_expression();
    if (cur_name("ignore") && look().is_name("missing")) {
        s->ignore_missing = true;
        next();
        next();
    }
    parse_import_context(s->with_context, true);
    return s;
}

std::unique_ptr<Stmt> Parser::parse_import() {
    int line = next().lineno;
    auto s = stmt<ImportStmt>(line);
    s->expr = parse_expression();
    expect_kw("as");
    s->id = intern(expect(Tok::Name).value);
    parse_import_context(s->with_context, false);
    return s;
}

std::unique_ptr<Stmt> Parser::parse_from() {
    int line = next().lineno;
    auto s = stmt<FromImportStmt>(line);
    s->expr = parse_expression();
    expect_kw("import");
    s->with_context = false;  // unless a `with context` ends the list
    auto parse_context = [&] { return skip_import_context(s->with_context); };
    while (true) {
        if (!s->names.empty()) expect_op(",");
        if (cur().type == Tok::Name) {
            if (parse_context()) break;
            const Token& t = next();
            if (!t.value.empty() && t.value[0] == '_')
                fail_assert("names starting with an underline can not be imported", t.lineno);
            std::string alias = t.value;
            if (skip_name("as")) alias = expect(Tok::Name).value;
            s->names.emplace_back(t.value, intern(alias));
            if (parse_context() || !cur_op(",")) break;
        } else {
            expect(Tok::Name);
        }
    }
    return s;
}

std::unique_ptr<Stmt> Parser::parse_set() {
    int line = next().lineno;
    Target target = parse_assign_target(true, false, {}, true);
    if (skip_op("=")) {
        auto s = stmt<AssignStmt>(line);
        s->target = std::move(target);
        s->expr = parse_tuple(false, true, {}, false);
        return s;
    }
    auto s = stmt<AssignBlockStmt>(line);
    s->target = std::move(target);
    s->filter = parse_filter(nullptr, false);
    s->autoescape = autoescape_.back();
    s->body = parse_statements({"endset"}, true);
    return s;
}

std::unique_ptr<Stmt> Parser::parse_with() {
    int line = next().lineno;
    auto s = stmt<WithStmt>(line);
    while (cur().type != Tok::BlockEnd) {
        if (!s->assigns.empty()) expect_op(",");
        Target t = parse_assign_target(true, false, {}, false);
        expect_op("=");
        s->assigns.emplace_back(std::move(t), parse_expression());
    }
    Hard hard(this);
    s->body = parse_statements({"endwith"}, true);
    return s;
}

std::unique_ptr<Stmt> Parser::parse_autoescape() {
    int line = next().lineno;
    ExprPtr e = parse_expression();
    bool on = autoescape_.back();
    if (e->is_const()) on = static_cast<ConstExpr*>(e.get())->value.truthy();
    autoescape_.push_back(on);
    auto s = stmt<ScopeStmt>(line);
    if (!e->is_const()) s->autoescape = std::move(e);
    {
        Hard hard(this);
        s->body = parse_statements({"endautoescape"}, true);
    }
    autoescape_.pop_back();
    return s;
}

void Parser::parse_signature(MacroNode& m) {
    expect_op("(");
    while (!cur_op(")")) {
        if (!m.arg_names.empty()) expect_op(",");
        const Token& t = expect(Tok::Name);
        std::string name = t.value;
        if (skip_op("=")) {
            m.defaults.push_back(parse_expression());
        } else if (!m.defaults.empty()) {
            fail("non-default argument follows default argument");
        }
        m.arg_names.push_back(name);
        m.arg_ids.push_back(intern(name));
    }
    expect_op(")");
}

// Parses a macro-like body and records which of caller/varargs/kwargs it uses.
void Parser::parse_macro_body(MacroNode& m, const std::string& end) {
    Hard hard(this);
    int saved_loop = loop_depth_;
    loop_depth_ = 0;
    macro_uses_.push_back(0);
    m.body = parse_statements({end}, true);
    int uses = macro_uses_.back();
    macro_uses_.pop_back();
    loop_depth_ = saved_loop;
    if (!macro_uses_.empty()) macro_uses_.back() |= uses;
    auto declared = [&](const char* n) { return std::find(m.arg_names.begin(), m.arg_names.end(), n) != m.arg_names.end(); };
    m.caller = (uses & 1) && !declared("caller");
    m.catch_varargs = (uses & 2) && !declared("varargs");
    m.catch_kwargs = (uses & 4) && !declared("kwargs");
    m.autoescape = autoescape_.back();
}

std::unique_ptr<Stmt> Parser::parse_macro() {
    int line = next().lineno;
    auto s = stmt<MacroStmt>(line);
    s->macro.name = expect(Tok::Name).value;
    s->macro.lineno = line;
    s->id = intern(s->macro.name);
    parse_signature(s->macro);
    parse_macro_body(s->macro, "endmacro");
    return s;
}

std::unique_ptr<Stmt> Parser::parse_call_block() {
    int line = next().lineno;
    auto s = stmt<CallBlockStmt>(line);
    if (cur_op("(")) parse_signature(s->caller);
    s->caller.name = "caller";
    s->caller.lineno = line;
    ExprPtr call = parse_expression();
    if (call->kind() != std::string_view("call")) fail("expected call", line);
    s->call.reset(static_cast<CallExpr*>(call.release()));
    s->autoescape = autoescape_.back();
    parse_macro_body(s->caller, "endcall");
    return s;
}

std::unique_ptr<Stmt> Parser::parse_filter_block() {
    int line = next().lineno;
    auto s = stmt<FilterBlockStmt>(line);
    s->filter = parse_filter(nullptr, true);
    s->autoescape = autoescape_.back();
    Hard hard(this);
    s->body = parse_statements({"endfilter"}, true);
    return s;
}

// ---- assignment targets ----
Target Parser::to_target(const Expr& e) {
    Target t;
    if (auto* n = dynamic_cast<const NameExpr*>(&e)) {
        t.kind = Target::Name;
        t.id = n->id;
        t.name = n->name;
    } else if (auto* r = dynamic_cast<const NSRefExpr*>(&e)) {
        t.kind = Target::NSRef;
        t.id = intern(r->name);
        t.name = r->name;
        t.attr = r->attr;
    } else if (auto* tu = dynamic_cast<const TupleExpr*>(&e); tu && !tu->is_list) {
        t.kind = Target::Tuple;
        for (const auto& i : tu->items) {
            if (!dynamic_cast<const NameExpr*>(i.get()) && !dynamic_cast<const NSRefExpr*>(i.get()) &&
                !dynamic_cast<const TupleExpr*>(i.get()))
                fail("can't assign to '" + std::string(e.kind()) + "'", e.lineno);
            t.items.push_back(to_target(*i));
        }
    } else {
        fail("can't assign to '" + std::string(e.kind()) + "'", e.lineno);
    }
    return t;
}

Target Parser::parse_assign_target(bool with_tuple, bool name_only, const std::vector<std::string>& extra_end,
                               bool with_namespace) {
    if (name_only) {
        const Token& t = expect(Tok::Name);
        Target r;
        r.id = intern(t.value);
        r.name = t.value;
        return r;
    }
    ExprPtr e = with_tuple ? parse_tuple(true, true, extra_end, false, with_namespace) : parse_primary(with_namespace);
    return to_target(*e);
}

std::shared_ptr<Program> parse_program(const Environment& env, std::string_view source, const std::string& name,
                                       bool autoescape) {
    auto prog = std::make_shared<Program>();
    prog->name = name;
    prog->autoescape = autoescape;
    prog->env = &env;
    LexOptions lo;
    lo.trim_blocks = env.options().trim_blocks;
    lo.lstrip_blocks = env.options().lstrip_blocks;
    lo.keep_trailing_newline = env.options().keep_trailing_newline;
    Parser p(env, tokenize(source, name, lo), prog);
    p.parse();
    return prog;
}

}  // namespace jinja::detail
