// The compiled template: expression and statement nodes that evaluate
// themselves.  The parser builds them with names interned, filters and tests
// resolved to functions and constant sub-expressions folded, so rendering is
// a walk over pre-resolved nodes.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime.hpp"

namespace jinja::detail {

struct Expr {
    int lineno = 0;
    virtual ~Expr() = default;
    virtual Value eval(Frame& f) const = 0;
    /// Like eval, but may return a reference to a value that already lives in
    /// a scope, the context or a container, sparing a copy; otherwise the result
    /// is stored in `tmp`.  The reference stays valid until the next statement
    /// runs or a container is mutated.
    virtual const Value& eval_ref(Frame& f, Value& tmp) const {
        tmp = eval(f);
        return tmp;
    }
    /// Evaluating it reads but cannot change any state (names, attributes, constants).
    virtual bool pure_read() const { return false; }
    virtual const char* kind() const = 0;  // Jinja's node class name, lower case
    virtual bool is_const() const { return false; }
    /// Appends what `{{ expr }}` prints.  Nodes that can write their result
    /// straight into the output override it, sparing the result Value.
    virtual void emit(Frame& f, std::string& out, bool autoescape) const;
    /// Python's bool(expr), for `if` tests: nodes that know their truth
    /// without building a Value (`not x`) override it.
    virtual bool truthy(Frame& f) const;
};
using ExprPtr = std::unique_ptr<Expr>;

struct ConstExpr final : Expr {
    Value value;
    bool mutable_container = false;
    explicit ConstExpr(Value v, int line = 0);
    Value eval(Frame&) const override;
    const Value& eval_ref(Frame& f, Value& tmp) const override {
        if (!mutable_container) return value;
        tmp = eval(f);
        return tmp;
    }
    bool pure_read() const override { return true; }
    const char* kind() const override { return "const"; }
    bool is_const() const override { return true; }
};

struct NameExpr final : Expr {
    int id = 0;
    std::string name;
    /// Where the name is bound (scopes, then the context, then globals), or null.
    const Value* lookup(Frame& f) const;
    Value eval(Frame& f) const override;
    const Value& eval_ref(Frame& f, Value& tmp) const override;
    bool pure_read() const override { return true; }
    const char* kind() const override { return "name"; }
};

struct NSRefExpr final : Expr {  // only as assignment target
    std::string name, attr;
    Value eval(Frame&) const override { throw Impossible{}; }
    const char* kind() const override { return "nsref"; }
};

struct TupleExpr final : Expr {
    std::vector<ExprPtr> items;
    bool is_list = false;
    Value eval(Frame& f) const override;
    const char* kind() const override { return is_list ? "list" : "tuple"; }
};

struct DictExpr final : Expr {
    std::vector<std::pair<ExprPtr, ExprPtr>> items;
    Value eval(Frame& f) const override;
    const char* kind() const override { return "dict"; }
};

struct SliceExpr final : Expr {
    ExprPtr start, stop, step;
    Value eval(Frame&) const override { return Value(); }
    const char* kind() const override { return "slice"; }
};

struct GetattrExpr final : Expr {
    ExprPtr obj;
    const NameExpr* name_obj = nullptr;  // obj, when it is a plain name: looked up in place
    std::string attr;
    bool dict_method = false;  // attr names a dict method, which wins over the key
    std::uint64_t attr_tag = 0;  // Value::str_tag(attr)
    LoopObject::Counter loop_counter = LoopObject::Counter::None;  // `loop.index` and the like
    // Where the key sat in the last dict looked at: rows of one list usually
    // share their key order, so the first probe mostly hits.  A hint only,
    // shared by concurrent renders, hence a relaxed atomic.
    mutable std::atomic<std::uint32_t> slot_hint{0};
    Value eval(Frame& f) const override;
    const Value& eval_ref(Frame& f, Value& tmp) const override;
    bool pure_read() const override { return obj->pure_read(); }
    const char* kind() const override { return "getattr"; }
    const Value* find_key(const Dict& d) const;
    /// `name.key` that may be a plain dict item (no dict method, no loop counter).
    bool row_key() const { return name_obj && !dict_method && loop_counter == LoopObject::Counter::None; }
};

struct GetitemExpr final : Expr {
    ExprPtr obj, key;
    Value eval(Frame& f) const override;
    const char* kind() const override { return "getitem"; }
};

struct ArgList {
    std::vector<ExprPtr> args;
    std::vector<std::pair<std::string, ExprPtr>> kwargs;
    ExprPtr dyn_args, dyn_kwargs;
    void build(Frame& f, CallArgs& out) const;
    bool all_const() const;
    bool all_pure() const;
    /// The arguments as values when all are immutable constants (no * or **).
    std::unique_ptr<CallArgs> constant_args() const;
};

/// A call's argument pack, recycled per thread: once a thread has rendered a
/// little, building arguments no longer allocates.
class ScratchArgs {
public:
    ScratchArgs();
    ~ScratchArgs();
    ScratchArgs(const ScratchArgs&) = delete;
    ScratchArgs& operator=(const ScratchArgs&) = delete;
    CallArgs& operator*() const { return *args_; }

private:
    CallArgs* args_;
};

struct GetattrExpr;
struct CallExpr final : Expr {
    ExprPtr fn;
    const GetattrExpr* method = nullptr;  // fn when it is `obj.name`
    ArgList args;
    bool autoescape = false;
    // `x.cycle(...)` with constant arguments: when x turns out to be a loop,
    // loop.cycle reads these shared arguments (it never changes them).
    std::unique_ptr<CallArgs> cycle_args;
    // And what printing each of them writes, escaped and not, when that is
    // fixed (plain strings, numbers, None, bools): a row's class costs a copy.
    std::vector<std::string> cycle_html, cycle_text;
    void prepare();  // after fn, method and args are set
    Value call(Frame& f, CallArgs& a) const;
    /// call(), then writes the result onto `out` as `{{ }}` would (as_str:
    /// raw str() as a call block does).  A macro whose result would be
    /// copied there unchanged renders onto `out` directly.
    void call_into(Frame& f, CallArgs& a, std::string& out, bool out_escape, bool as_str) const;
    void emit(Frame& f, std::string& out, bool autoescape) const override;
    Value eval(Frame& f) const override;
    const Value& eval_ref(Frame& f, Value& tmp) const override;
    /// `loop.cycle(...)` on a loop: the item, in the shared constant arguments; else null.
    const Value* loop_cycle(Frame& f) const;
    /// `loop.cycle(...)` of constants printed when `callee` (what `loop`
    /// names) is a loop: writes the item and returns true; else false.
    bool emit_cycle(const Value& callee, std::string& out, bool out_escape) const;
    const char* kind() const override { return "call"; }
};

struct FilterExpr;
/// A builtin filter's print fast path with its constant arguments checked and
/// bound once, when the template is compiled, instead of on every render.
struct PreparedFilter {
    virtual ~PreparedFilter() = default;
    /// FilterEntry::emit's contract: appends what printing `input|filter(...)`
    /// would write and returns true, or returns false having written nothing
    /// (the filter then runs as usual, raising its own errors).
    virtual bool emit(Frame& f, const FilterExpr& e, const Value& input, std::string& out, bool out_escape) const = 0;
};
/// The prepared form of `e`, or null when its filter or arguments have none.
std::unique_ptr<PreparedFilter> prepare_filter(const FilterExpr& e);

struct FilterExpr final : Expr {
    ExprPtr node;  // null inside filter blocks / set blocks
    std::string name;
    const Environment::FilterEntry* fn = nullptr;  // null: unknown, raise when run
    ArgList args;
    bool autoescape = false;
    bool args_pure = false;               // evaluating the arguments cannot change the input
    std::unique_ptr<CallArgs> const_args;  // arguments built once when all are immutable constants
    std::unique_ptr<PreparedFilter> prepared;
    const GetattrExpr* node_attr = nullptr;  // node, when it is `x.attr` (called directly)
    bool strips_tags = false;  // the builtin striptags, without arguments: see Session
    // `x|list|length`: the length of what list() would build, counted without
    // building it; with `x = y|select...(...)`, the kept items are only counted.
    bool counts_list = false;
    signed char count_select = -1;  // a SelectKind when the list's input is a select-like filter
    std::size_t count_list(Frame& f) const;
    void prepare();                        // after fn, args and node are set
    /// The filtered value, read in place when evaluating the arguments cannot change it.
    const Value& input_of(Frame& f, Value& tmp) const {
        if (!args_pure) return tmp = node->eval(f);
        return node_attr ? node_attr->eval_ref(f, tmp) : node->eval_ref(f, tmp);
    }
    /// The arguments: the constant ones, or built into `scratch` with the
    /// caller's autoescape (the filter itself then runs with the node's).
    CallArgs& bound_args(Frame& f, std::optional<ScratchArgs>& scratch) const;
    Value apply(Frame& f, const Value& input) const;
    Value eval(Frame& f) const override;
    void emit(Frame& f, std::string& out, bool autoescape) const override;
    /// Whether emit() writes through the filter's print path (emit_on).
    bool emits_directly(const Frame& f) const { return fn && fn->emit && node && !f.folding; }
    /// emit() with the input already evaluated (when emits_directly).
    void emit_on(Frame& f, const Value& input, std::string& out, bool out_escape) const;
    /// `row.key|filter(...)` whose input may be read in place from the row.
    bool filters_row_key() const { return node_attr && node_attr->row_key() && args_pure; }
    const char* kind() const override { return "filter"; }
};

struct TestExpr final : Expr {
    ExprPtr node;
    std::string name;
    const Environment::TestEntry* fn = nullptr;
    ArgList args;
    bool args_pure = false;
    std::unique_ptr<CallArgs> const_args;
    void prepare();
    Value eval(Frame& f) const override;
    const char* kind() const override { return "test"; }
};

enum class BinOp : unsigned char { Add, Sub, Mul, Div, FloorDiv, Mod, Pow };
struct BinExpr final : Expr {
    BinOp op = BinOp::Add;
    ExprPtr left, right;
    Value eval(Frame& f) const override;
    const char* kind() const override { return "binexpr"; }
};

struct UnaryExpr final : Expr {
    bool negate = true;  // Neg / Pos
    ExprPtr node;
    Value eval(Frame& f) const override;
    const char* kind() const override { return negate ? "neg" : "pos"; }
};

struct NotExpr final : Expr {
    ExprPtr node;
    Value eval(Frame& f) const override;
    bool truthy(Frame& f) const override { return !node->truthy(f); }
    const char* kind() const override { return "not"; }
};

struct AndOrExpr final : Expr {
    bool is_and = true;
    ExprPtr left, right;
    Value eval(Frame& f) const override;
    const char* kind() const override { return is_and ? "and" : "or"; }
};

struct ConcatExpr final : Expr {
    std::vector<ExprPtr> items;
    bool autoescape = false;
    Value eval(Frame& f) const override;
    const char* kind() const override { return "concat"; }
};

enum class CmpOp : unsigned char { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn };
struct CompareExpr final : Expr {
    ExprPtr first;
    std::vector<std::pair<CmpOp, ExprPtr>> ops;
    Value eval(Frame& f) const override;
    const char* kind() const override { return "compare"; }
};

struct CondExpr final : Expr {
    ExprPtr test, then, otherwise;  // otherwise may be null
    std::string template_name;
    Value eval(Frame& f) const override;
    void emit(Frame& f, std::string& out, bool autoescape) const override;
    const char* kind() const override { return "condexpr"; }
};

// ---- statements ----------------------------------------------------------------

struct Stmt {
    int lineno = 0;
    virtual ~Stmt() = default;
    virtual void exec(Frame& f) const = 0;
};

struct TextStmt final : Stmt {
    std::string text;
    void exec(Frame& f) const override { f.out->append(text); }
};

struct PrintStmt final : Stmt {
    ExprPtr expr;
    bool autoescape = false;
    void exec(Frame& f) const override;
};

/// A run of template text and `{{ }}` outputs, fused by the parser into one
/// statement: the run is written by one loop instead of a virtual call (and
/// a loop-control check) per piece, which is most of what a row of an HTML
/// table costs.  `{% if x %}text{% else %}text{% endif %}` with nothing but
/// text inside joins the run as a choice between two texts.
struct OutputStmt final : Stmt {
    struct Part {
        std::string text;  // written first, as is
        ExprPtr expr;      // then this one's output, if any
        // expr again when it is one of the commonest outputs (`row.key`,
        // `x|filter`, `loop.cycle(...)`): called directly, without a virtual call.
        const GetattrExpr* attr = nullptr;
        const FilterExpr* filter = nullptr;
        const CallExpr* call = nullptr;
        // Or, instead of expr, a test choosing between two texts; `row.key`
        // and `not row.key` tests are read directly (cond_attr, cond_negated).
        ExprPtr cond;
        std::string if_text, else_text;
        const GetattrExpr* cond_attr = nullptr;
        bool cond_negated = false;
        bool autoescape = false;
        int lineno = 0;
        bool ends_part() const { return expr || cond; }
    };
    std::vector<Part> parts;
    void exec(Frame& f) const override;
    /// Only the `{% if %}` tests, as a template's top level after {% extends %} runs them.
    void run_tests(Frame& f) const;
};

/// Replaces each run of two or more TextStmt/PrintStmt in `body` with one OutputStmt.
void fuse_output(Body& body);

struct Target {
    enum Kind { Name, NSRef, Tuple } kind = Name;
    int id = 0;
    std::string name, attr;
    std::vector<Target> items;
};
void assign_target(Frame& f, const Target& t, const Value& v);

struct IfStmt final : Stmt {
    std::vector<std::pair<ExprPtr, Body>> branches;
    Body otherwise;
    void exec(Frame& f) const override;
};

struct ForStmt final : Stmt {
    Target target;
    ExprPtr iter, filter;
    Body body, otherwise;
    bool recursive = false;
    bool uses_loop = true;
    void exec(Frame& f) const override;
    void run(Frame& f, const Value& iterable, int depth, Scope* outer) const;
};

struct AssignStmt final : Stmt {
    Target target;
    ExprPtr expr;
    void exec(Frame& f) const override;
};

struct AssignBlockStmt final : Stmt {
    Target target;
    ExprPtr filter;  // a FilterExpr chain whose innermost node is null, or null
    Body body;
    bool autoescape = false;
    void exec(Frame& f) const override;
};

struct MacroNode {
    std::string name;
    std::vector<int> arg_ids;
    std::vector<std::string> arg_names;
    std::vector<ExprPtr> defaults;  // for the last defaults.size() arguments
    Body body;
    bool catch_kwargs = false, catch_varargs = false, caller = false;
    bool autoescape = false;
    int lineno = 0;
};

struct MacroStmt final : Stmt {
    MacroNode macro;
    int id = 0;
    void exec(Frame& f) const override;
};

struct CallBlockStmt final : Stmt {
    std::unique_ptr<CallExpr> call;
    MacroNode caller;
    bool autoescape = false;
    void exec(Frame& f) const override;
};

struct FilterBlockStmt final : Stmt {
    ExprPtr filter;
    Body body;
    bool autoescape = false;
    void exec(Frame& f) const override;
};

struct WithStmt final : Stmt {
    std::vector<std::pair<Target, ExprPtr>> assigns;
    Body body;
    void exec(Frame& f) const override;
};

struct ScopeStmt final : Stmt {
    Body body;
    ExprPtr autoescape;  // {% autoescape expr %} with a non-constant expression
    void exec(Frame& f) const override;
};

struct BlockNode {
    std::string name;
    Body body;
    bool scoped = false, required = false;
    const Program* program = nullptr;
    int lineno = 0;
};

struct BlockStmt final : Stmt {
    const BlockNode* block = nullptr;
    void exec(Frame& f) const override;
};

struct ExtendsStmt final : Stmt {
    ExprPtr expr;
    void exec(Frame& f) const override;
};

struct IncludeStmt final : Stmt {
    ExprPtr expr;
    bool ignore_missing = false, with_context = true;
    void exec(Frame& f) const override;
};

struct ImportStmt final : Stmt {
    ExprPtr expr;
    int id = 0;
    bool with_context = false;
    void exec(Frame& f) const override;
};

struct FromImportStmt final : Stmt {
    ExprPtr expr;
    std::vector<std::pair<std::string, int>> names;  // exported name, local id
    bool with_context = false;
    void exec(Frame& f) const override;
};

struct ExprStmt final : Stmt {
    ExprPtr expr;
    void exec(Frame& f) const override { expr->eval(f); }
};

struct LoopControlStmt final : Stmt {
    bool is_break = true;
    void exec(Frame& f) const override;
};

/// A compiled template.
struct Program {
    std::string name;
    std::string filename;
    bool autoescape = false;
    bool has_extends = false;
    Body body;
    std::map<std::string, std::unique_ptr<BlockNode>> blocks;
    std::vector<std::unique_ptr<MacroNode>> macros;
    const Environment* env = nullptr;
    /// Size of the largest output rendered so far (capped): renders reserve
    /// it up front instead of growing the buffer step by step.  Only a hint,
    /// shared by concurrent renders, hence relaxed atomic.
    mutable std::atomic<std::size_t> output_hint{0};
};

/// Parses and compiles `source`; throws TemplateSyntaxError.
std::shared_ptr<Program> parse_program(const Environment& env, std::string_view source, const std::string& name,
                                       bool autoescape);

}  // namespace jinja::detail
