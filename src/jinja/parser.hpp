// The parser's class, shared by parser.cpp (statements, the entry point)
// and parser_expressions.cpp (expressions): tokens -> compiled nodes,
// following Jinja2's grammar and error messages.
#pragma once

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "compiler.hpp"
#include "lexer.hpp"
#include "nodes.hpp"
#include "ops.hpp"

namespace jinja::detail {

inline std::string describe_expr(const std::string& e) {
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
    Body subparse(const std::vector<std::string>& end);

    // Constant output becomes text (escaped as Jinja's compiler does).
    void add_print(Body& body, std::unique_ptr<PrintStmt> s);

    Body parse_statements(const std::vector<std::string>& end, bool drop_needle);

    template <class T>
    std::unique_ptr<T> stmt(int line) {
        auto s = std::make_unique<T>();
        s->lineno = line;
        return s;
    }

    void parse_statement(Body& body);

    // Soft frames: unknown filters/tests inside if statements and inline ifs fail only when run.
    struct Hard {
        Parser* p;
        int saved;
        explicit Hard(Parser* p) : p(p), saved(p->soft_) { p->soft_ = 0; }
        ~Hard() { p->soft_ = saved; }
    };

    std::unique_ptr<Stmt> parse_for();

    void check_loop_target(const Target& t, int line);

    std::unique_ptr<Stmt> parse_if();

    std::unique_ptr<Stmt> parse_block();

    static bool is_space_text(const std::string& s);

    /// `with context` / `without context` when it comes next: sets `with_context`, returns whether it did.
    bool skip_import_context(bool& with_context);
    void parse_import_context(bool& with_context, bool fallback);

    std::unique_ptr<Stmt> parse_include();

    std::unique_ptr<Stmt> parse_import();

    std::unique_ptr<Stmt> parse_from();

    std::unique_ptr<Stmt> parse_set();

    std::unique_ptr<Stmt> parse_with();

    std::unique_ptr<Stmt> parse_autoescape();

    void parse_signature(MacroNode& m);

    // Parses a macro-like body and records which of caller/varargs/kwargs it uses.
    void parse_macro_body(MacroNode& m, const std::string& end);

    std::unique_ptr<Stmt> parse_macro();

    std::unique_ptr<Stmt> parse_call_block();

    std::unique_ptr<Stmt> parse_filter_block();

    // ---- assignment targets ----
    Target to_target(const Expr& e);

    Target parse_assign_target(bool with_tuple, bool name_only, const std::vector<std::string>& extra_end,
                               bool with_namespace);

    // ---- expressions ----
    ExprPtr parse_expression(bool with_condexpr = true);

    ExprPtr parse_condexpr();

    ExprPtr parse_or();

    ExprPtr parse_and();

    ExprPtr parse_not();

    ExprPtr parse_compare();

    ExprPtr binop(BinOp op, ExprPtr l, ExprPtr r, int line);

    ExprPtr parse_math1();

    ExprPtr parse_concat();

    ExprPtr parse_math2();

    ExprPtr parse_pow();

    ExprPtr parse_unary(bool with_filter);

    ExprPtr constant(Value v, int line);

    ExprPtr parse_primary(bool with_namespace);

    Value parse_number(std::string text, bool is_float, int line);

    ExprPtr parse_tuple(bool simplified, bool with_condexpr, const std::vector<std::string>& extra_end,
                        bool explicit_parens, bool with_namespace = false);

    bool is_tuple_end(const std::vector<std::string>& extra) const;

    ExprPtr parse_list();

    ExprPtr parse_dict();

    ExprPtr parse_postfix(ExprPtr node);

    ExprPtr parse_filter_expr(ExprPtr node);

    ExprPtr parse_subscript(ExprPtr node);

    ExprPtr parse_subscribed();

    ArgList parse_call_args();

    ExprPtr parse_call(ExprPtr node);

    ExprPtr parse_filter(ExprPtr node, bool start_inline);

    ExprPtr parse_test(ExprPtr node);

    ExprPtr fold(ExprPtr e);

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

}  // namespace jinja::detail
