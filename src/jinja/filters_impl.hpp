// Shared helpers of the filter implementations.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jinja/template.hpp"
#include "runtime.hpp"

namespace jinja::detail {

Value soft(const Value& v);
Value keep_markup(const Value& like, std::string s);
std::vector<Value> attr_parts(const Value& attribute);
Value lower_if_str(const Value& v);
Value attr_get(Frame& f, const Value& item, const std::vector<Value>& parts, bool ignore_case, const Value* def);
double py_round(double x, std::int64_t ndigits);
/// round(x, ndigits) when 0 <= ndigits <= 22 and x * 10**ndigits stays below
/// 2**52: `digits` gets the rounded x * 10**ndigits, `out` the result.
bool round_scaled(double x, std::int64_t ndigits, double& digits, double& out);
Value f_truncate_impl(const Value& s, std::int64_t length, bool killwords, const Value& end, std::int64_t leeway);
/// do_truncate's arguments, checked as Jinja checks them.
struct TruncateArgs {
    std::int64_t length = 0;
    bool killwords = false;
    const Value* end = nullptr;  // points into the call's arguments or a static "..."
    std::int64_t leeway = 0;
};
TruncateArgs truncate_args(const CallArgs& a);
/// The part of `text` truncate keeps before `end`, or nullopt when the text stays whole.
std::optional<std::string_view> truncate_head(std::string_view text, std::int64_t length, bool killwords,
                                              std::string_view end, std::int64_t leeway);
std::string wordwrap(const std::string& s, std::int64_t width, bool break_long, const std::string& wrapstring,
                     bool break_on_hyphens);
std::string urlize(const std::string& text, std::int64_t trim_limit, const std::string& rel, const std::string& target,
                   const std::vector<std::string>& extra_schemes, bool text_is_safe);
std::string pformat(const Value& v);
std::string json_dumps(const Value& v, int indent);
std::string url_quote(const Value& v, bool for_qs);

/// Whether a filter entry is the builtin implemented by `fn` (not a user's filter of that name).
using FilterFn = Value (*)(Frame&, const Value&, CallArgs&);
inline bool is_filter_function(const Environment::FilterEntry& e, FilterFn fn) {
    const FilterFn* target = e.fn.target<FilterFn>();
    return target && *target == fn;
}

/// striptags, whose result a render keeps for the next call on the same string.
bool is_builtin_striptags(const Environment::FilterEntry& e);
// `x|select...(...)|list|length` counts without building either list.
bool is_builtin_list(const Environment::FilterEntry& e);
bool is_builtin_length(const Environment::FilterEntry& e);  // length or count
enum class SelectKind : signed char { None = -1, Select, Reject, SelectAttr, RejectAttr };
SelectKind builtin_select_kind(const Environment::FilterEntry& e);
/// How many items select/reject/selectattr/rejectattr(v, *a) would keep.
std::size_t count_selected(Frame& f, const Value& v, CallArgs& a, SelectKind kind);

std::vector<std::pair<std::string, Environment::FilterEntry>> text_filters();
std::vector<std::pair<std::string, Environment::FilterEntry>> sequence_filters();
/// Gives the builtin filters that can print without building a result Value their emit fast path.
void attach_emitters(std::vector<std::pair<std::string, Environment::FilterEntry>>& filters);

}  // namespace jinja::detail
