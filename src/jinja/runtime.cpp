// Undefined values, interned names and the helper objects templates see.
#include "runtime.hpp"

#include <mutex>
#include <unordered_map>

#include "bigint.hpp"
#include "jinja/markup.hpp"
#include "nodes.hpp"
#include "ops.hpp"

namespace jinja::detail {

// ---- interning ---------------------------------------------------------------

namespace {
std::mutex intern_mutex;
std::unordered_map<std::string, int>& intern_table() {
    static std::unordered_map<std::string, int> t;
    return t;
}
std::deque<std::string>& intern_names() {
    static std::deque<std::string> n;
    return n;
}
}  // namespace

int intern(std::string_view name) {
    std::lock_guard lock(intern_mutex);
    auto& t = intern_table();
    auto it = t.find(std::string(name));
    if (it != t.end()) return it->second;
    int id = static_cast<int>(intern_names().size());
    intern_names().emplace_back(name);
    t.emplace(std::string(name), id);
    return id;
}

const std::string& interned_name(int id) {
    std::lock_guard lock(intern_mutex);
    return intern_names()[static_cast<std::size_t>(id)];
}

Session::~Session() {
    // Break reference cycles (macros stored in the scopes they close over).
    for (auto& c : contexts) c->root.vars.clear();
    modules.clear();
}

// ---- undefined ---------------------------------------------------------------
// The name of an engine-made Undefined is "\x01" kind hint "\x02" name.

Value make_undefined(UndefKind kind, const std::string& name, const std::string& hint) {
    std::string enc = "\x01";
    enc += static_cast<char>(kind);
    enc += hint;
    enc += '\x02';
    enc += name;
    return Value::undefined(std::move(enc));
}

UndefKind undefined_kind(const Value& u, UndefKind fallback) {
    const std::string& n = u.undefined_name();
    if (n.size() >= 2 && n[0] == '\x01') return static_cast<UndefKind>(n[1]);
    return fallback;
}

std::string undefined_plain_name(const Value& u) {
    const std::string& n = u.undefined_name();
    if (n.size() >= 2 && n[0] == '\x01') return n.substr(n.find('\x02') + 1);
    return n;
}

std::string undefined_message(const Value& u) {
    const std::string& n = u.undefined_name();
    if (n.size() >= 2 && n[0] == '\x01') {
        std::size_t sep = n.find('\x02');
        std::string hint = n.substr(2, sep - 2);
        if (!hint.empty()) return hint;
        return string_repr(n.substr(sep + 1)) + " is undefined";
    }
    if (n.empty()) return "'undefined' is undefined";
    return string_repr(n) + " is undefined";
}

void raise_undefined(const Value& u) { throw UndefinedError(undefined_message(u)); }

Value undefined_for_attr(UndefKind kind, const Value& obj, const Value& attr) {
    std::string msg;
    if (attr.is_string())
        msg = string_repr(object_type_repr(obj)) + " has no attribute " + string_repr(attr.as_string());
    else
        msg = object_type_repr(obj) + " has no element " + attr.repr();
    return make_undefined(kind, attr.is_string() ? attr.as_string() : attr.repr(), msg);
}

UndefKind env_undef_kind(const Environment& env) {
    switch (env.options().undefined) {
        case UndefinedKind::Strict: return UndefKind::Strict;
        case UndefinedKind::Chainable: return UndefKind::Chainable;
        case UndefinedKind::Debug: return UndefKind::Debug;
        default: return UndefKind::Default;
    }
}

// ---- objects -----------------------------------------------------------------

std::int64_t RangeObject::size() const {
    if (step > 0 && start < stop) return (stop - start + step - 1) / step;
    if (step < 0 && start > stop) return (start - stop - step - 1) / (-step);
    return 0;
}

List RangeObject::items() const {
    List out;
    std::int64_t n = size();
    if (n > 100000000) throw OverflowError("range too big");
    out.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) out.emplace_back(start + i * step);
    return out;
}

std::string RangeObject::repr() const {
    std::string s = "range(" + std::to_string(start) + ", " + std::to_string(stop);
    if (step != 1) s += ", " + std::to_string(step);
    return s + ")";
}

std::string GeneratorObject::repr() const { return "<generator object " + std::string(fn) + " at 0x7f0000000000>"; }

std::string_view DictView::type_name() const {
    return which == 0 ? "dict_keys" : which == 1 ? "dict_values" : "dict_items";
}

List DictView::items() const {
    List out;
    for (const auto& [k, v] : dict.as_dict()) {
        if (which == 0) out.push_back(k);
        else if (which == 1) out.push_back(v);
        else out.push_back(Value::tuple({k, v}));
    }
    return out;
}

std::string DictView::repr() const { return std::string(type_name()) + "(" + Value(items()).repr() + ")"; }

std::string NamespaceObject::repr() const { return "<Namespace " + Value(attrs).repr() + ">"; }

Value NamespaceObject::get_attr(std::string_view name) const {
    if (const Value* v = attrs.find(name)) return *v;
    return Value::undefined(std::string(name));
}

std::string Macro::repr() const {
    return "<Macro " + (is_caller ? std::string("None") : string_repr(node->name)) + ">";
}

Value Macro::get_attr(std::string_view name) const {
    if (name == "name") return is_caller ? Value() : Value(node->name);
    if (name == "arguments") {
        List a;
        for (const auto& n : node->arg_names) a.emplace_back(n);
        return Value::tuple(std::move(a));
    }
    if (name == "catch_kwargs") return node->catch_kwargs;
    if (name == "catch_varargs") return node->catch_varargs;
    if (name == "caller") return node->caller;
    return Value::undefined(std::string(name));
}

std::string BoundMethod::repr() const {
    return "<built-in method " + name + " of " + std::string(self.type_name()) + " object at 0x7f0000000000>";
}

Value BoundMethod::invoke(CallArgs& args, Frame* caller) {
    Frame dummy;
    Frame& f = caller ? *caller : dummy;
    bool found = false;
    Value r = call_method(f, self, name, args, found);
    if (!found) throw TypeError("'" + py_type(self) + "' object has no method '" + name + "'");
    return r;
}

std::string TemplateModule::repr() const {
    return name.empty() ? "<TemplateModule>" : "<Template '" + name + "'>";
}

Value TemplateModule::get_attr(std::string_view n) const {
    if (const Value* v = exports.find(n)) return *v;
    return Value::undefined(std::string(n));
}

std::string LoopObject::repr() const {
    return "<LoopContext " + std::to_string(index0 + 1) + "/" + std::to_string(items->size()) + ">";
}

LoopObject::Counter LoopObject::counter_named(std::string_view name) {
    static constexpr std::pair<std::string_view, Counter> names[] = {
        {"index", Counter::Index},         {"index0", Counter::Index0}, {"revindex", Counter::RevIndex},
        {"revindex0", Counter::RevIndex0}, {"first", Counter::First},   {"last", Counter::Last},
        {"length", Counter::Length},       {"depth", Counter::Depth},   {"depth0", Counter::Depth0}};
    for (const auto& [n, c] : names)
        if (n == name) return c;
    return Counter::None;
}

Value LoopObject::counter(Counter which) const {
    const auto n = static_cast<std::int64_t>(items->size());
    const auto i = static_cast<std::int64_t>(index0);
    switch (which) {
        case Counter::Index: return i + 1;
        case Counter::Index0: return i;
        case Counter::RevIndex: return n - i;
        case Counter::RevIndex0: return n - i - 1;
        case Counter::First: return i == 0;
        case Counter::Last: return i == n - 1;
        case Counter::Length: return n;
        case Counter::Depth: return depth0 + 1;
        case Counter::Depth0: return depth0;
        case Counter::None: break;
    }
    return Value::undefined();
}

Value LoopObject::get_attr(std::string_view name) const {
    if (Counter c = counter_named(name); c != Counter::None) return counter(c);
    if (name == "previtem") {
        if (index0 > 0 && index0 - 1 < items->size()) return (*items)[index0 - 1];
        return make_undefined(undef, "previtem", "there is no previous item");
    }
    if (name == "nextitem") {
        if (index0 + 1 < items->size()) return (*items)[index0 + 1];
        return make_undefined(undef, "nextitem", "there is no next item");
    }
    if (name == "cycle" || name == "changed")
        return Value(std::static_pointer_cast<Object>(std::make_shared<BoundMethod>(
            Value(std::static_pointer_cast<Object>(std::make_shared<LoopObject>(*this))), std::string(name))));
    return Value::undefined(std::string(name));
}

RecursionGuard::RecursionGuard(Session* session) : session_(session) {
    if (session_ && ++session_->depth > max_depth) {
        --session_->depth;
        throw RuntimeError("maximum recursion depth exceeded");
    }
}

Value LoopObject::cycle(const CallArgs& args) const { return cycle_ref(args); }

const Value& LoopObject::cycle_ref(const CallArgs& args) const {
    if (args.args.empty()) throw TypeError("no items for cycling given");
    return args.args[index0 % args.args.size()];
}

bool LoopObject::changed(const CallArgs& args) {
    if (!has_last_changed || !(Value(args.args) == Value(last_changed))) {
        has_last_changed = true;
        last_changed = args.args;
        return true;
    }
    return false;
}

Value CyclerObject::get_attr(std::string_view name) const {
    if (name == "current") return items.empty() ? Value() : items[pos];
    if (name == "items") return Value::tuple(items);
    if (name == "next" || name == "reset")
        return Value(std::static_pointer_cast<Object>(std::make_shared<BoundMethod>(
            Value(std::const_pointer_cast<Object>(std::shared_ptr<const Object>(std::shared_ptr<const Object>{}, this))),
            std::string(name))));
    return Value::undefined(std::string(name));
}

Value CyclerObject::next() {
    if (items.empty()) throw RuntimeError("at least one item has to be provided");
    Value v = items[pos];
    pos = (pos + 1) % items.size();
    return v;
}

Value JoinerObject::invoke(CallArgs&, Frame*) {
    if (!used) {
        used = true;
        return Value("");
    }
    return Value(sep);
}

std::string TemplateReference::repr() const {
    return "<TemplateReference " + (ctx->program ? string_repr(ctx->program->name) : std::string("None")) + ">";
}

}  // namespace jinja::detail
