// Runtime state of a render: scopes, contexts, frames, and the helper objects
// templates see (loop, macros, cycler, namespace, ...).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "jinja/errors.hpp"
#include "jinja/template.hpp"
#include "jinja/value.hpp"

namespace jinja::detail {

struct Program;
struct BlockNode;
struct MacroNode;
struct Stmt;
using Body = std::vector<std::unique_ptr<Stmt>>;

/// Interned variable names (compile time only).
int intern(std::string_view name);
const std::string& interned_name(int id);

/// One variable scope (for body, macro call, with, block, template root).
struct Scope {
    Scope* parent = nullptr;
    std::vector<std::pair<int, Value>> vars = {};

    explicit Scope(Scope* p = nullptr) : parent(p) {}
    Value* find_local(int id) {
        for (auto& [k, v] : vars)
            if (k == id) return &v;
        return nullptr;
    }
    void set(int id, Value v) {
        if (Value* slot = find_local(id)) {
            *slot = std::move(v);
            return;
        }
        vars.emplace_back(id, std::move(v));
    }
};

struct Session;

/// Jinja's Context: one per template render, include or import.
struct Context {
    const Environment* env = nullptr;
    Session* session = nullptr;
    Dict vars;                  // render arguments (Jinja's parent dict)
    Scope root;                 // template-level assignments
    std::vector<int> exported;  // top-level names in assignment order
    std::unordered_map<std::string, std::vector<const BlockNode*>> blocks;
    const Program* parent_program = nullptr;  // set by {% extends %}
    const Program* program = nullptr;         // the entry template of this context
};

/// Per top-level render: owns every context and loaded template so that
/// macros can refer to them by plain pointers.
struct Session {
    std::deque<std::unique_ptr<Context>> contexts;
    std::vector<std::shared_ptr<const Program>> keep;
    std::map<const Program*, Value> modules;  // imports without context
    int depth = 0;
    // The last striptags input (a str) and result: templates often strip one
    // value twice (`x|striptags|wordcount`, then `x|striptags|truncate`).
    // Strings are immutable and the input is held, so its address identifies it.
    Value striptags_input, striptags_result;
    Context* new_context() {
        contexts.push_back(std::make_unique<Context>());
        contexts.back()->session = this;
        return contexts.back().get();
    }
    ~Session();
};

/// Nesting of macro calls, recursive loops and rendered templates within one
/// render: past max_depth, Python's RecursionError (a RuntimeError) instead
/// of a stack overflow.  Jinja2 stops between 200 and 300 macro levels.
class RecursionGuard {
public:
    static constexpr int max_depth = 250;
    explicit RecursionGuard(Session* session);
    ~RecursionGuard() {
        if (session_) --session_->depth;
    }
    RecursionGuard(const RecursionGuard&) = delete;
    RecursionGuard& operator=(const RecursionGuard&) = delete;

private:
    Session* session_;
};

/// State of the code currently running.
struct Frame {
    Context* ctx = nullptr;
    Scope* scope = nullptr;
    std::string* out = nullptr;
    const Program* tmpl = nullptr;
    // the block being rendered (for super())
    const std::vector<const BlockNode*>* block_chain = nullptr;
    std::size_t block_index = 0;
    bool toplevel = false;  // assignments are exported
    int loop_ctl = 0;       // 1: break, 2: continue pending
    bool autoescape = false;  // eval-context autoescape of the running filter / call
    const Environment* env = nullptr;
    signed char autoescape_override = -1;  // {% autoescape expr %} decided at run time
    /// Whether `{{ }}` output compiled with `node_autoescape` is escaped here.
    bool output_escape(bool node_autoescape) const {
        return autoescape_override >= 0 ? autoescape_override != 0 : node_autoescape;
    }
    bool folding = false;  // constant folding at compile time: names and calls are impossible
};

/// Thrown while constant folding when an expression needs the runtime.
struct Impossible {};

// ---- undefined values ------------------------------------------------------

enum class UndefKind : char { Default = 'd', Strict = 's', Chainable = 'c', Debug = 'g' };

/// Makes an Undefined carrying Jinja's message for when it is used.
Value make_undefined(UndefKind kind, const std::string& name, const std::string& hint = {});
Value undefined_for_attr(UndefKind kind, const Value& obj, const Value& attr);
UndefKind undefined_kind(const Value& u, UndefKind fallback);
std::string undefined_message(const Value& u);
[[noreturn]] void raise_undefined(const Value& u);
/// The bare name (`{{ x }}` for DebugUndefined).
std::string undefined_plain_name(const Value& u);

UndefKind env_undef_kind(const Environment& env);

// ---- helper objects ----------------------------------------------------------

/// Objects the engine calls with the caller's autoescape setting.
class TemplateCallable : public Object {
public:
    bool callable() const override { return true; }
    Value call(CallArgs& args) override { return invoke(args, nullptr); }
    virtual Value invoke(CallArgs& args, Frame* caller) = 0;
};

class RangeObject final : public Object {
public:
    RangeObject(std::int64_t a, std::int64_t b, std::int64_t s) : start(a), stop(b), step(s) {}
    std::string_view type_name() const override { return "range"; }
    std::string repr() const override;
    bool truthy() const override { return size() > 0; }
    std::int64_t size() const;
    List items() const;
    std::int64_t start, stop, step;
};

/// The result of map/select/...: printed and measured like a Python generator.
class GeneratorObject final : public Object {
public:
    // `fn` names the producing function in repr(); always a string literal.
    explicit GeneratorObject(List items, const char* fn = "select_or_reject") : items(std::move(items)), fn(fn) {}
    std::string_view type_name() const override { return "generator"; }
    std::string repr() const override;
    List items;
    const char* fn;
};

/// dict_keys / dict_values / dict_items.
class DictView final : public Object {
public:
    DictView(Value dict, int which) : dict(std::move(dict)), which(which) {}
    std::string_view type_name() const override;
    std::string repr() const override;
    bool truthy() const override { return !dict.as_dict().empty(); }
    List items() const;
    Value dict;
    int which;  // 0 keys, 1 values, 2 items
};

class NamespaceObject final : public Object {
public:
    std::string_view type_name() const override { return "Namespace"; }
    std::string repr() const override;
    Value get_attr(std::string_view name) const override;
    Value get_item(const Value& key) const override { return get_attr(key.is_string() ? key.as_string() : key.str()); }
    Dict attrs;
};

struct ForStmt;

/// The `loop` variable of a for loop.
class LoopObject final : public TemplateCallable {
public:
    std::string_view type_name() const override { return "LoopContext"; }
    std::string repr() const override;
    Value get_attr(std::string_view name) const override;
    Value invoke(CallArgs& args, Frame* caller) override;
    /// The plain numeric and boolean attributes (index, first, length ...),
    /// named by a number the compiler looks up once: `loop.index` in a loop
    /// body then costs no string comparisons.
    enum class Counter : signed char { None = -1, Index, Index0, RevIndex, RevIndex0, First, Last, Length, Depth, Depth0 };
    static Counter counter_named(std::string_view name);
    Value counter(Counter which) const;
    Value cycle(const CallArgs& args) const;
    /// cycle() without the copy; throws as cycle() does.
    const Value& cycle_ref(const CallArgs& args) const;
    bool changed(const CallArgs& args);

    const List* items = nullptr;
    std::size_t index0 = 0;
    int depth0 = 0;
    const ForStmt* stmt = nullptr;  // recursive loops
    Scope* outer = nullptr;
    Context* ctx = nullptr;
    const Program* tmpl = nullptr;
    UndefKind undef = UndefKind::Default;
    bool has_last_changed = false;
    List last_changed;
};

class CyclerObject final : public Object {
public:
    std::string_view type_name() const override { return "Cycler"; }
    Value get_attr(std::string_view name) const override;
    Value next();
    List items;
    std::size_t pos = 0;
};

class JoinerObject final : public TemplateCallable {
public:
    std::string_view type_name() const override { return "Joiner"; }
    Value invoke(CallArgs& args, Frame* caller) override;
    std::string sep = ", ";
    bool used = false;
};

/// `self` in templates: `self.blockname()`.
class TemplateReference final : public Object {
public:
    explicit TemplateReference(Context* ctx) : ctx(ctx) {}
    std::string_view type_name() const override { return "TemplateReference"; }
    std::string repr() const override;
    Value get_attr(std::string_view name) const override;
    Context* ctx;
};

/// A callable rendering a block (`self.x`, `super`).
class BlockReference final : public TemplateCallable {
public:
    std::string_view type_name() const override { return "BlockReference"; }
    Value invoke(CallArgs& args, Frame* caller) override;
    Context* ctx = nullptr;
    const std::vector<const BlockNode*>* chain = nullptr;
    std::size_t index = 0;
    Scope* scope = nullptr;  // for scoped blocks
};

class Macro final : public TemplateCallable {
public:
    std::string_view type_name() const override { return "Macro"; }
    std::string repr() const override;
    Value get_attr(std::string_view name) const override;
    Value invoke(CallArgs& args, Frame* caller) override;
    /// Binds the arguments and renders the body onto `out`; returns whether
    /// the result counts as Markup (what invoke() would wrap it in).
    bool run(CallArgs& args, Frame* caller, std::string& out);

    const MacroNode* node = nullptr;
    Context* ctx = nullptr;
    Scope* closure = nullptr;
    const Program* tmpl = nullptr;
    bool is_caller = false;
    Value caller_value;  // for call blocks: nothing
};

/// A Python builtin function or class exposed as a global (range, dict, ...).
class Builtin final : public TemplateCallable {
public:
    using Fn = Value (*)(CallArgs&, Frame*);
    Builtin(std::string name, Fn fn, bool is_class) : name(std::move(name)), fn(fn), is_class(is_class) {}
    std::string_view type_name() const override { return is_class ? "type" : "builtin_function_or_method"; }
    std::string repr() const override {
        return is_class ? "<class '" + name + "'>" : "<built-in function " + name + ">";
    }
    Value invoke(CallArgs& args, Frame* caller) override { return fn(args, caller); }
    std::string name;
    Fn fn;
    bool is_class;
};

/// A bound method of a builtin type (`d.items`, `s.upper`, `loop.cycle`).
class BoundMethod final : public TemplateCallable {
public:
    BoundMethod(Value self, std::string name) : self(std::move(self)), name(std::move(name)) {}
    std::string_view type_name() const override { return "builtin_function_or_method"; }
    std::string repr() const override;
    Value invoke(CallArgs& args, Frame* caller) override;
    Value self;
    std::string name;
};

/// `{% import %}` result.
class TemplateModule final : public Object {
public:
    std::string_view type_name() const override { return "TemplateModule"; }
    std::string str() const override { return body; }
    std::string repr() const override;
    std::optional<std::string> html() const override {
        if (autoescape) return body;
        return std::nullopt;
    }
    Value get_attr(std::string_view name) const override;
    std::string name;
    std::string body;
    bool autoescape = false;
    Dict exports;
};

// ---- entry points used by nodes ------------------------------------------------

Value builtin_globals_lookup(std::string_view name);
/// Renders a whole template into `out` in a fresh or given context.
void render_program(const Program& program, Context& ctx, std::string& out);
/// Loads a template by name (throws TemplateNotFound) and keeps it alive for the session.
const Program* load_program(Frame& f, const Value& name, int lineno);
void exec_body(const Body& body, Frame& f);

}  // namespace jinja::detail
