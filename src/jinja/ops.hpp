// Python semantics of operators, attribute/item lookup, iteration and calls
// on jinja::Value, as a non-sandboxed Jinja2 environment exposes them.
#pragma once

#include <string>

#include "runtime.hpp"

namespace jinja::detail {

Value py_add(const Value& a, const Value& b);
Value py_sub(const Value& a, const Value& b);
Value py_mul(const Value& a, const Value& b);
Value py_div(const Value& a, const Value& b);
Value py_floordiv(const Value& a, const Value& b);
Value py_mod(const Value& a, const Value& b);
Value py_pow(const Value& a, const Value& b);
Value py_neg(const Value& a);
Value py_pos(const Value& a);
Value py_abs(const Value& a);

bool py_eq(const Value& a, const Value& b);
/// -1/0/1 for the orderable pairs; throws TypeError naming `op` otherwise.
int py_compare(const Value& a, const Value& b, const char* op);
bool py_lt(const Value& a, const Value& b);
bool py_contains(const Value& container, const Value& item);
bool py_truthy(const Value& v);  // raises for strict undefined
/// hash() check: throws TypeError("unhashable type: 'list'") for lists/dicts.
void check_hashable(const Value& v);

bool is_int_like(const Value& v);  // int, bool, BigInt
bool is_numeric(const Value& v);   // int-like or float
double to_double(const Value& v);

/// Python type name ('int', 'str', 'NoneType', ...).
std::string py_type(const Value& v);
/// Jinja's object_type_repr: "dict object", "None", "jinja2.runtime.LoopContext object".
std::string object_type_repr(const Value& v);

/// Jinja's environment.getattr / getitem.
Value get_attr(Frame& f, const Value& obj, const std::string& name);
/// Whether `name` is a method of dict (those win over keys in `d.name`).
bool is_dict_method(std::string_view name);
Value get_item(Frame& f, const Value& obj, const Value& key);
/// obj[start:stop:step] on str, list, tuple.
Value get_slice(const Value& obj, const Value& start, const Value& stop, const Value& step);

/// Materialises any iterable (list, tuple, dict keys, str chars, range, ...).
List iterate(const Value& v);
/// `a, b = v` with `n` names: v's items, or Python's TypeError / ValueError.
List unpack(const Value& v, std::size_t n);
/// Element `index` of dict(seq) / namespace(seq): its key and value, or Python's errors naming the element.
std::pair<Value, Value> update_pair(const Value& item, std::size_t index);
/// The items iterate() would give, without copying them when `v` already holds
/// a list (list, tuple, generator); otherwise they are built in `tmp`.  The
/// reference lives as long as `v` and `tmp`, unless the list is mutated.
const List& iterate_view(const Value& v, List& tmp);
std::int64_t py_len(const Value& v);

/// Calls a value (macros get the calling frame for autoescape).
Value call_value(Frame& f, const Value& callee, CallArgs& args);
/// `obj.name(*args)` for str/list/dict/number methods and loop/cycler/... objects;
/// `found` is false when `obj` has no such method.
Value call_method(Frame& f, const Value& obj, const std::string& name, CallArgs& args, bool& found);
/// Python str() for `~` and string filters (strict undefined raises).
std::string py_str(const Value& v);

}  // namespace jinja::detail
