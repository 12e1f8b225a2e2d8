// Tokens -> compiled nodes, following Jinja2's grammar and error messages.
#include <algorithm>
#include <set>

#include "compiler.hpp"
#include "lexer.hpp"
#include "nodes.hpp"
#include "ops.hpp"

namespace jinja::detail {

namespace {

std::string describe_expr(const std::string& e) {
    if (e == "block_end") return "end of statement block";
    if (e == "variable_end") return "end of print statement";
    if (e == "name") return "name";
    return e;
}

class Parser {
public:
    Parser(const Environment& env, std::vector<Token> tokens, std::shared_ptr<Program> program)
        : env_(env), toks_(std::move(tokens)), prog_(std::move(program)) {
        autoescape_.push_back(prog_->autoescape);
    }

    void parse() {
        prog_->body = subparse({});
        for (auto& [name, block] : prog_->blocks) block->program = prog_.get();
    }

private:
    // ---- token stream ----
    const Token& cur() const { return toks_[pos_]; }
    const Token& look() const { return toks_[std::min(pos_ + 1, toks_.size() - 1)]; }
    const Token& next() {
        const Token& t = toks_[pos_];
        if (pos_ + 1 < toks_.size()) ++pos_;
        return t;
    }
    bool at_eof() const { return cur().type == Tok::Eof; }
    bool cur_op(std::string_view op) const { return cur().is_op(op); }
    bool cur_name(std::string_view n) const { return cur().is_name(n); }
    bool skip_op(std::string_view op) {
        if (!cur_op(op)) return false;
        next();
        return true;
    }
    bool skip_name(std::string_view n) {
        if (!cur_name(n)) return false;
        next();
        return true;
    }

    [[noreturn]] void fail(const std::string& msg, int lineno = -1) const {
        throw TemplateSyntaxError(msg, prog_->name, lineno < 0 ? cur().lineno : lineno);
    }
    [[noreturn]] void fail_assert(const std::string& msg, int lineno) const {
        throw TemplateAssertionError(msg, prog_->name, lineno);
    }
    [[noreturn]] void fail_expected(const std::string& what) const {
        if (at_eof()) fail("unexpected end of template, expected '" + describe_expr(what) + "'.");
        fail("expected token '" + describe_expr(what) + "', got '" + describe_token(cur()) + "'");
    }
    const Token& expect_op(std::string_view op) {
        if (!cur_op(op)) fail_expected(std::string(op));
        return next();
    }
    const Token& expect_kw(std::string_view n) {
        if (!cur_name(n)) fail_expected(std::string(n));
        return next();
    }
    const Token& expect(Tok type) {
        if (cur().type != type) {
            fail_expected(type == Tok::Name ? "name" : type == Tok::BlockEnd ? "block_end" : "variable_end");
        }
        return next();
    }

    // ---- error helpers for tags ----
    [[noreturn]] void fail_ut_eof(const std::string* name, const std::vector<std::vector<std::string>>& stack, int lineno) {
        std::set<std::string> expected;
        for (const auto& e : stack) expected.insert(e.begin(), e.end());
        std::string looking;
        if (!stack.empty())
            for (const auto& e : stack.back()) looking += (looking.empty() ? "'" : " or '") + e + "'";
        std::string msg = name ? "Encountered unknown tag '" + *name + "'." : "Unexpected end of template.";
        if (!looking.empty()) {
            if (name && expected.count(*name))
                msg += " You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for " + looking + ".";
            else
                msg += " Jinja was looking for the following tags: " + looking + ".";
        }
        if (!tag_stack_.empty()) msg += " The innermost block that needs to be closed is '" + tag_stack_.back() + "'.";
        fail(msg, lineno);
    }

    // ---- statements ----
    Body subparse(const std::vector<std::string>& end) {
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
                    std::find(end.begin(), end.end(), cur().value) != end.end())
                    return body;
                parse_statement(body);
                expect(Tok::BlockEnd);
            } else {
                fail("internal parsing error");
            }
        }
        return body;
    }

    // Constant output becomes text (escaped as Jinja's compiler does).
    void add_print(Body& body, std::unique_ptr<PrintStmt> s) {
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

    Body parse_statements(const std::vector<std::string>& end, bool drop_needle) {
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

    template <class T>
    std::unique_ptr<T> stmt(int line) {
        auto s = std::make_unique<T>();
        s->lineno = line;
        return s;
    }

    void parse_statement(Body& body) {
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

    // Soft frames: unknown filters/tests inside if statements and inline ifs fail only when run.
    struct Hard {
        Parser* p;
        int saved;
        explicit Hard(Parser* p) : p(p), saved(p->soft_) { p->soft_ = 0; }
        ~Hard() { p->soft_ = saved; }
    };

    std::unique_ptr<Stmt> parse_for() {
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

    void check_loop_target(const Target& t, int line) {
        if (t.kind == Target::Name && t.name == "loop")
            fail_assert("Can't assign to special loop variable in for-loop target", line);
        for (const auto& i : t.items) check_loop_target(i, line);
    }

    std::unique_ptr<Stmt> parse_if() {
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

    std::unique_ptr<Stmt> parse_block() {
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
                if (!text || !is_space_text(text->text)) fail("Required blocks can only contain comments or whitespace");
            }
        }
        skip_name(name);
        if (prog_->blocks.count(name)) fail_assert("block '" + name + "' defined twice", line);
        auto s = stmt<BlockStmt>(line);
        s->block = block.get();
        prog_->blocks[name] = std::move(block);
        return s;
    }

    static bool is_space_text(const std::string& s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; });
    }

    void parse_import_context(bool& with_context, bool fallback) {
        if ((cur_name("with") || cur_name("without")) && look().is_name("context")) {
            with_context = next().value == "with";
            next();
        } else {
            with_context = fallback;
        }
    }

    std::unique_ptr<Stmt> parse_include() {
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

    std::unique_ptr<Stmt> parse_import() {
        int line = next().lineno;
        auto s = stmt<ImportStmt>(line);
        s->expr = parse_expression();
        expect_kw("as");
        s->id = intern(expect(Tok::Name).value);
        parse_import_context(s->with_context, false);
        return s;
    }

    std::unique_ptr<Stmt> parse_from() {
        int line = next().lineno;
        auto s = stmt<FromImportStmt>(line);
        s->expr = parse_expression();
        expect_kw("import");
        bool have_ctx = false;
        auto parse_context = [&] {
            if ((cur_name("with") || cur_name("without")) && look().is_name("context")) {
                s->with_context = next().value == "with";
                next();
                have_ctx = true;
                return true;
            }
            return false;
        };
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
        if (!have_ctx) s->with_context = false;
        return s;
    }

    std::unique_ptr<Stmt> parse_set() {
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

    std::unique_ptr<Stmt> parse_with() {
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

    std::unique_ptr<Stmt> parse_autoescape() {
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

    void parse_signature(MacroNode& m) {
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
    void parse_macro_body(MacroNode& m, const std::string& end) {
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

    std::unique_ptr<Stmt> parse_macro() {
        int line = next().lineno;
        auto s = stmt<MacroStmt>(line);
        s->macro.name = expect(Tok::Name).value;
        s->macro.lineno = line;
        s->id = intern(s->macro.name);
        parse_signature(s->macro);
        parse_macro_body(s->macro, "endmacro");
        return s;
    }

    std::unique_ptr<Stmt> parse_call_block() {
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

    std::unique_ptr<Stmt> parse_filter_block() {
        int line = next().lineno;
        auto s = stmt<FilterBlockStmt>(line);
        s->filter = parse_filter(nullptr, true);
        s->autoescape = autoescape_.back();
        Hard hard(this);
        s->body = parse_statements({"endfilter"}, true);
        return s;
    }

    // ---- assignment targets ----
    Target to_target(const Expr& e) {
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

    Target parse_assign_target(bool with_tuple, bool name_only, const std::vector<std::string>& extra_end,
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

    // ---- expressions ----
    ExprPtr parse_expression(bool with_condexpr = true) { return with_condexpr ? parse_condexpr() : parse_or(); }

    ExprPtr parse_condexpr() {
        int line = cur().lineno;
        ExprPtr e1 = parse_or();
        while (skip_name("if")) {
            ++soft_;
            auto c = std::make_unique<CondExpr>();
            c->lineno = line;
            c->template_name = prog_->name;
            c->test = parse_or();
            if (skip_name("else")) c->otherwise = parse_condexpr();
            c->then = std::move(e1);
            --soft_;
            e1 = fold(std::move(c));
            line = cur().lineno;
        }
        return e1;
    }

    ExprPtr parse_or() {
        int line = cur().lineno;
        ExprPtr left = parse_and();
        while (skip_name("or")) {
            auto e = std::make_unique<AndOrExpr>();
            e->lineno = line;
            e->is_and = false;
            e->left = std::move(left);
            e->right = parse_and();
            left = fold(std::move(e));
            line = cur().lineno;
        }
        return left;
    }

    ExprPtr parse_and() {
        int line = cur().lineno;
        ExprPtr left = parse_not();
        while (skip_name("and")) {
            auto e = std::make_unique<AndOrExpr>();
            e->lineno = line;
            e->left = std::move(left);
            e->right = parse_not();
            left = fold(std::move(e));
            line = cur().lineno;
        }
        return left;
    }

    ExprPtr parse_not() {
        if (cur_name("not")) {
            int line = next().lineno;
            auto e = std::make_unique<NotExpr>();
            e->lineno = line;
            e->node = parse_not();
            return fold(std::move(e));
        }
        return parse_compare();
    }

    ExprPtr parse_compare() {
        int line = cur().lineno;
        ExprPtr first = parse_math1();
        auto c = std::make_unique<CompareExpr>();
        while (true) {
            static const std::pair<const char*, CmpOp> ops[] = {{"==", CmpOp::Eq}, {"!=", CmpOp::Ne}, {"<", CmpOp::Lt},
                                                                {"<=", CmpOp::Le}, {">", CmpOp::Gt}, {">=", CmpOp::Ge}};
            bool found = false;
            for (const auto& [text, op] : ops) {
                if (cur_op(text)) {
                    next();
                    c->ops.emplace_back(op, parse_math1());
                    found = true;
                    break;
                }
            }
            if (found) {
            } else if (skip_name("in")) {
                c->ops.emplace_back(CmpOp::In, parse_math1());
            } else if (cur_name("not") && look().is_name("in")) {
                next();
                next();
                c->ops.emplace_back(CmpOp::NotIn, parse_math1());
            } else {
                break;
            }
            line = cur().lineno;
        }
        if (c->ops.empty()) return first;
        c->lineno = line;
        c->first = std::move(first);
        return fold(std::move(c));
    }

    ExprPtr binop(BinOp op, ExprPtr l, ExprPtr r, int line) {
        auto e = std::make_unique<BinExpr>();
        e->lineno = line;
        e->op = op;
        e->left = std::move(l);
        e->right = std::move(r);
        return fold(std::move(e));
    }

    ExprPtr parse_math1() {
        int line = cur().lineno;
        ExprPtr left = parse_concat();
        while (cur_op("+") || cur_op("-")) {
            BinOp op = next().value == "+" ? BinOp::Add : BinOp::Sub;
            left = binop(op, std::move(left), parse_concat(), line);
            line = cur().lineno;
        }
        return left;
    }

    ExprPtr parse_concat() {
        int line = cur().lineno;
        ExprPtr first = parse_math2();
        if (!cur_op("~")) return first;
        auto c = std::make_unique<ConcatExpr>();
        c->lineno = line;
        c->autoescape = autoescape_.back();
        c->items.push_back(std::move(first));
        while (skip_op("~")) c->items.push_back(parse_math2());
        return fold(std::move(c));
    }

    ExprPtr parse_math2() {
        int line = cur().lineno;
        ExprPtr left = parse_pow();
        while (cur_op("*") || cur_op("/") || cur_op("//") || cur_op("%")) {
            const std::string& v = next().value;
            BinOp op = v == "*" ? BinOp::Mul : v == "/" ? BinOp::Div : v == "//" ? BinOp::FloorDiv : BinOp::Mod;
            left = binop(op, std::move(left), parse_pow(), line);
            line = cur().lineno;
        }
        return left;
    }

    ExprPtr parse_pow() {
        int line = cur().lineno;
        ExprPtr left = parse_unary(true);
        while (skip_op("**")) {
            left = binop(BinOp::Pow, std::move(left), parse_unary(true), line);
            line = cur().lineno;
        }
        return left;
    }

    ExprPtr parse_unary(bool with_filter) {
        int line = cur().lineno;
        ExprPtr node;
        if (cur_op("-") || cur_op("+")) {
            bool neg = next().value == "-";
            auto u = std::make_unique<UnaryExpr>();
            u->lineno = line;
            u->negate = neg;
            u->node = parse_unary(false);
            node = fold(std::move(u));
        } else {
            node = parse_primary(false);
        }
        node = parse_postfix(std::move(node));
        if (with_filter) node = parse_filter_expr(std::move(node));
        return node;
    }

    ExprPtr constant(Value v, int line) { return std::make_unique<ConstExpr>(std::move(v), line); }

    ExprPtr parse_primary(bool with_namespace) {
        const Token& t = cur();
        int line = t.lineno;
        if (t.type == Tok::Name) {
            std::string v = t.value;
            next();
            if (v == "true" || v == "True") return constant(true, line);
            if (v == "false" || v == "False") return constant(false, line);
            if (v == "none" || v == "None") return constant(Value(), line);
            if (with_namespace && cur_op(".")) {
                next();
                auto r = std::make_unique<NSRefExpr>();
                r->lineno = line;
                r->name = v;
                r->attr = expect(Tok::Name).value;
                return r;
            }
            if (v == "caller" && !macro_uses_.empty()) macro_uses_.back() |= 1;
            if (v == "varargs" && !macro_uses_.empty()) macro_uses_.back() |= 2;
            if (v == "kwargs" && !macro_uses_.empty()) macro_uses_.back() |= 4;
            auto n = std::make_unique<NameExpr>();
            n->lineno = line;
            n->name = v;
            n->id = intern(v);
            return n;
        }
        if (t.type == Tok::String) {
            std::string s;
            while (cur().type == Tok::String) s += next().value;
            return constant(Value(std::move(s)), line);
        }
        if (t.type == Tok::Integer || t.type == Tok::Float) {
            std::string text = next().value;
            return constant(parse_number(text, t.type == Tok::Float, line), line);
        }
        if (t.is_op("(")) {
            next();
            ExprPtr e = parse_tuple(false, true, {}, true);
            expect_op(")");
            return e;
        }
        if (t.is_op("[")) return parse_list();
        if (t.is_op("{")) return parse_dict();
        fail("unexpected '" + describe_token(t) + "'", line);
    }

    Value parse_number(std::string text, bool is_float, int line) {
        text.erase(std::remove(text.begin(), text.end(), '_'), text.end());
        if (is_float) return Value(std::strtod(text.c_str(), nullptr));
        int base = 10;
        std::size_t skip = 0;
        if (text.size() > 1 && text[0] == '0') {
            char k = static_cast<char>(text[1] | 0x20);
            if (k == 'x') base = 16, skip = 2;
            if (k == 'o') base = 8, skip = 2;
            if (k == 'b') base = 2, skip = 2;
        }
        return parse_int_literal(text.substr(skip), base, line);
    }

    ExprPtr parse_tuple(bool simplified, bool with_condexpr, const std::vector<std::string>& extra_end,
                        bool explicit_parens, bool with_namespace = false) {
        int line = cur().lineno;
        std::vector<ExprPtr> args;
        bool is_tuple = false;
        while (true) {
            if (!args.empty()) expect_op(",");
            if (is_tuple_end(extra_end)) break;
            args.push_back(simplified ? parse_primary(with_namespace) : parse_expression(with_condexpr));
            if (cur_op(",")) {
                is_tuple = true;
            } else {
                break;
            }
            line = cur().lineno;
        }
        if (!is_tuple) {
            if (!args.empty()) return std::move(args[0]);
            if (!explicit_parens) fail("Expected an expression, got '" + describe_token(cur()) + "'");
        }
        auto t = std::make_unique<TupleExpr>();
        t->lineno = line;
        t->items = std::move(args);
        return fold(std::move(t));
    }

    bool is_tuple_end(const std::vector<std::string>& extra) const {
        const Token& t = cur();
        if (t.type == Tok::VariableEnd || t.type == Tok::BlockEnd || t.is_op(")")) return true;
        for (const auto& e : extra)
            if (t.is_name(e)) return true;
        return false;
    }

    ExprPtr parse_list() {
        int line = expect_op("[").lineno;
        auto l = std::make_unique<TupleExpr>();
        l->lineno = line;
        l->is_list = true;
        while (!cur_op("]")) {
            if (!l->items.empty()) expect_op(",");
            if (cur_op("]")) break;
            l->items.push_back(parse_expression());
        }
        expect_op("]");
        return fold(std::move(l));
    }

    ExprPtr parse_dict() {
        int line = expect_op("{").lineno;
        auto d = std::make_unique<DictExpr>();
        d->lineno = line;
        while (!cur_op("}")) {
            if (!d->items.empty()) expect_op(",");
            if (cur_op("}")) break;
            ExprPtr k = parse_expression();
            expect_op(":");
            ExprPtr v = parse_expression();
            d->items.emplace_back(std::move(k), std::move(v));
        }
        expect_op("}");
        return fold(std::move(d));
    }

    ExprPtr parse_postfix(ExprPtr node) {
        while (true) {
            if (cur_op(".") || cur_op("[")) {
                node = parse_subscript(std::move(node));
            } else if (cur_op("(")) {
                node = parse_call(std::move(node));
            } else {
                break;
            }
        }
        return node;
    }

    ExprPtr parse_filter_expr(ExprPtr node) {
        while (true) {
            if (cur_op("|")) {
                node = parse_filter(std::move(node), false);
            } else if (cur_name("is")) {
                node = parse_test(std::move(node));
            } else if (cur_op("(")) {
                node = parse_call(std::move(node));
            } else {
                break;
            }
        }
        return node;
    }

    ExprPtr parse_subscript(ExprPtr node) {
        const Token& t = next();
        int line = t.lineno;
        if (t.is_op(".")) {
            const Token& a = cur();
            next();
            if (a.type == Tok::Name) {
                auto g = std::make_unique<GetattrExpr>();
                g->lineno = line;
                g->obj = std::move(node);
                g->attr = a.value;
                g->dict_method = is_dict_method(g->attr);
                g->attr_tag = Value::str_tag(g->attr);
                return fold(std::move(g));
            }
            if (a.type != Tok::Integer) fail("expected name or number", a.lineno);
            auto g = std::make_unique<GetitemExpr>();
            g->lineno = line;
            g->obj = std::move(node);
            g->key = constant(parse_number(a.value, false, a.lineno), a.lineno);
            return fold(std::move(g));
        }
        std::vector<ExprPtr> args;
        while (!cur_op("]")) {
            if (!args.empty()) expect_op(",");
            args.push_back(parse_subscribed());
        }
        expect_op("]");
        auto g = std::make_unique<GetitemExpr>();
        g->lineno = line;
        g->obj = std::move(node);
        if (args.size() == 1) {
            g->key = std::move(args[0]);
        } else {
            auto tu = std::make_unique<TupleExpr>();
            tu->lineno = line;
            tu->items = std::move(args);
            g->key = fold(std::move(tu));
        }
        return fold(std::move(g));
    }

    ExprPtr parse_subscribed() {
        int line = cur().lineno;
        auto s = std::make_unique<SliceExpr>();
        s->lineno = line;
        if (cur_op(":")) {
            next();
        } else {
            ExprPtr node = parse_expression();
            if (!cur_op(":")) return node;
            next();
            s->start = std::move(node);
        }
        if (!cur_op(":") && !cur_op("]") && !cur_op(",")) s->stop = parse_expression();
        if (cur_op(":")) {
            next();
            if (!cur_op("]") && !cur_op(",")) s->step = parse_expression();
        }
        return s;
    }

    ArgList parse_call_args() {
        int line = expect_op("(").lineno;
        ArgList a;
        bool require_comma = false;
        auto ensure = [&](bool ok) {
            if (!ok) fail("invalid syntax for function call expression", line);
        };
        while (!cur_op(")")) {
            if (require_comma) {
                expect_op(",");
                if (cur_op(")")) break;
            }
            if (cur_op("*")) {
                ensure(!a.dyn_args && !a.dyn_kwargs);
                next();
                a.dyn_args = parse_expression();
            } else if (cur_op("**")) {
                ensure(!a.dyn_kwargs);
                next();
                a.dyn_kwargs = parse_expression();
            } else if (cur().type == Tok::Name && look().is_op("=")) {
                ensure(!a.dyn_kwargs);
                std::string key = next().value;
                next();
                a.kwargs.emplace_back(key, parse_expression());
            } else {
                ensure(!a.dyn_args && !a.dyn_kwargs && a.kwargs.empty());
                a.args.push_back(parse_expression());
            }
            require_comma = true;
        }
        expect_op(")");
        return a;
    }

    ExprPtr parse_call(ExprPtr node) {
        int line = cur().lineno;
        auto c = std::make_unique<CallExpr>();
        c->lineno = line;
        c->autoescape = autoescape_.back();
        c->args = parse_call_args();
        c->fn = std::move(node);
        c->method = dynamic_cast<const GetattrExpr*>(c->fn.get());
        c->prepare();
        return c;
    }

    ExprPtr parse_filter(ExprPtr node, bool start_inline) {
        bool block_filter = node == nullptr;
        while (cur_op("|") || start_inline) {
            if (!start_inline) next();
            const Token& t = expect(Tok::Name);
            int line = t.lineno;
            std::string name = t.value;
            while (cur_op(".")) {
                next();
                name += "." + expect(Tok::Name).value;
            }
            auto f = std::make_unique<FilterExpr>();
            f->lineno = line;
            f->autoescape = autoescape_.back();
            f->name = name;
            if (cur_op("(")) f->args = parse_call_args();
            f->fn = env_.find_filter(name);
            if (!f->fn && soft_ == 0) fail_assert("No filter named '" + name + "'.", line);
            f->node = std::move(node);
            f->prepare();
            node = block_filter ? ExprPtr(std::move(f)) : fold(std::move(f));
            start_inline = false;
        }
        return node;
    }

    ExprPtr parse_test(ExprPtr node) {
        int line = next().lineno;
        bool negated = skip_name("not");
        std::string name = expect(Tok::Name).value;
        while (cur_op(".")) {
            next();
            name += "." + expect(Tok::Name).value;
        }
        auto t = std::make_unique<TestExpr>();
        t->lineno = line;
        t->name = name;
        if (cur_op("(")) {
            t->args = parse_call_args();
        } else {
            const Token& c = cur();
            bool starts = c.type == Tok::Name || c.type == Tok::String || c.type == Tok::Integer ||
                          c.type == Tok::Float || c.is_op("(") || c.is_op("[") || c.is_op("{");
            if (starts && !c.is_name("else") && !c.is_name("or") && !c.is_name("and")) {
                if (c.is_name("is")) fail("You cannot chain multiple tests with is");
                ExprPtr arg = parse_primary(false);
                t->args.args.push_back(parse_postfix(std::move(arg)));
            }
        }
        t->fn = env_.find_test(name);
        if (!t->fn && soft_ == 0) fail_assert("No test named '" + name + "'.", line);
        t->node = std::move(node);
        t->prepare();
        ExprPtr e = fold(std::move(t));
        if (negated) {
            auto n = std::make_unique<NotExpr>();
            n->lineno = line;
            n->node = std::move(e);
            e = fold(std::move(n));
        }
        return e;
    }

    ExprPtr fold(ExprPtr e) { return fold_constant(std::move(e), env_, autoescape_.back()); }

    const Environment& env_;
    std::vector<Token> toks_;
    std::size_t pos_ = 0;
    std::shared_ptr<Program> prog_;
    std::vector<bool> autoescape_;
    std::vector<std::vector<std::string>> end_stack_;
    std::vector<std::string> tag_stack_;
    std::vector<int> macro_uses_;
    int soft_ = 0;
    int loop_depth_ = 0;
};

}  // namespace

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
