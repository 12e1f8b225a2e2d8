// Expressions: Jinja2's precedence climbing, literals, calls, filters and tests.
#include "parser.hpp"

namespace jinja::detail {

// ---- expressions ----
ExprPtr Parser::parse_expression(bool with_condexpr) { return with_condexpr ? parse_condexpr() : parse_or(); }

ExprPtr Parser::parse_condexpr() {
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

ExprPtr Parser::parse_or() {
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

ExprPtr Parser::parse_and() {
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

ExprPtr Parser::parse_not() {
    if (cur_name("not")) {
        int line = next().lineno;
        auto e = std::make_unique<NotExpr>();
        e->lineno = line;
        e->node = parse_not();
        return fold(std::move(e));
    }
    return parse_compare();
}

ExprPtr Parser::parse_compare() {
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

ExprPtr Parser::binop(BinOp op, ExprPtr l, ExprPtr r, int line) {
    auto e = std::make_unique<BinExpr>();
    e->lineno = line;
    e->op = op;
    e->left = std::move(l);
    e->right = std::move(r);
    return fold(std::move(e));
}

ExprPtr Parser::parse_math1() {
    int line = cur().lineno;
    ExprPtr left = parse_concat();
    while (cur_op("+") || cur_op("-")) {
        BinOp op = next().value == "+" ? BinOp::Add : BinOp::Sub;
        left = binop(op, std::move(left), parse_concat(), line);
        line = cur().lineno;
    }
    return left;
}

ExprPtr Parser::parse_concat() {
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

ExprPtr Parser::parse_math2() {
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

ExprPtr Parser::parse_pow() {
    int line = cur().lineno;
    ExprPtr left = parse_unary(true);
    while (skip_op("**")) {
        left = binop(BinOp::Pow, std::move(left), parse_unary(true), line);
        line = cur().lineno;
    }
    return left;
}

ExprPtr Parser::parse_unary(bool with_filter) {
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

ExprPtr Parser::constant(Value v, int line) { return std::make_unique<ConstExpr>(std::move(v), line); }

ExprPtr Parser::parse_primary(bool with_namespace) {
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

Value Parser::parse_number(std::string text, bool is_float, int line) {
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

ExprPtr Parser::parse_tuple(bool simplified, bool with_condexpr, const std::vector<std::string>& extra_end,
                        bool explicit_parens, bool with_namespace) {
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

bool Parser::is_tuple_end(const std::vector<std::string>& extra) const {
    const Token& t = cur();
    if (t.type == Tok::VariableEnd || t.type == Tok::BlockEnd || t.is_op(")")) return true;
    for (const auto& e : extra)
        if (t.is_name(e)) return true;
    return false;
}

ExprPtr Parser::parse_list() {
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

ExprPtr Parser::parse_dict() {
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

ExprPtr Parser::parse_postfix(ExprPtr node) {
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

ExprPtr Parser::parse_filter_expr(ExprPtr node) {
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

ExprPtr Parser::parse_subscript(ExprPtr node) {
    const Token& t = next();
    int line = t.lineno;
    if (t.is_op(".")) {
        const Token& a = cur();
        next();
        if (a.type == Tok::Name) {
            auto g = std::make_unique<GetattrExpr>();
            g->lineno = line;
            g->obj = std::move(node);
            g->name_obj = dynamic_cast<const NameExpr*>(g->obj.get());
            g->attr = a.value;
            g->dict_method = is_dict_method(g->attr);
            g->attr_tag = Value::str_tag(g->attr);
            g->loop_counter = LoopObject::counter_named(g->attr);
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

ExprPtr Parser::parse_subscribed() {
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

ArgList Parser::parse_call_args() {
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

ExprPtr Parser::parse_call(ExprPtr node) {
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

ExprPtr Parser::parse_filter(ExprPtr node, bool start_inline) {
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

ExprPtr Parser::parse_test(ExprPtr node) {
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

ExprPtr Parser::fold(ExprPtr e) { return fold_constant(std::move(e), env_, autoescape_.back()); }

}  // namespace jinja::detail
