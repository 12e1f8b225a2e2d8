// Python string formatting on jinja::Value: `fmt % args`, `fmt.format(...)`
// and `format(value, spec)` (the format-spec mini-language).
//
// Templates use both styles (`"%s items"|format(n)`, `"{0:>5}".format(x)`) and
// Markup reuses them with escaping, so the formatters take optional hooks:
// Markup supplies how an argument turns into text and the formatting logic
// (widths, padding, numbers, errors) stays in one place.  Errors are the
// Python ones with Python's messages: TypeError, ValueError, KeyError,
// IndexError, AttributeError.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jinja/value.hpp"

namespace jinja {

/// `format(value, spec)`: [[fill]align][sign][z][#][0][width][,|_][.precision][type]
/// for str, int, bool, float; other values accept only an empty spec.
std::string format_value(const Value& value, std::string_view spec);

/// Customises `%` formatting (used by Markup's `__mod__`).
struct PercentHooks {
    /// Text of an argument for %s and for %r/%a (the latter gets its repr).
    std::function<std::string(const Value&)> str;
    std::function<std::string(const Value&)> repr;
    /// MarkupSafe wraps each argument in a helper that converts with int() /
    /// float() (so `%d` accepts "5") but is no index (so `%x`/`%c` raise).
    bool wrapped = false;
    /// The helper's class name for TypeError messages.
    std::string wrapper_name = "_MarkupEscapeHelper";
};

/// `format % args`: a tuple gives positional arguments, a dict (or list)
/// a mapping for `%(key)s`, anything else a single argument.
std::string percent_format(std::string_view format, const Value& args, const PercentHooks* hooks = nullptr);

using KwArgs = std::vector<std::pair<std::string, Value>>;

/// Customises str.format (used by Markup.format).
struct FormatHooks {
    /// Turns a looked-up (and converted) field value into text, given its
    /// already-expanded spec.  Default: format_value.
    std::function<std::string(const Value& value, std::string_view spec)> format_field;
};

/// `format.format(*args, **kwargs)`: fields {} {0} {name} {0.attr} {0[key]},
/// conversions !s !r !a, nested specs {0:{1}}.
std::string str_format(std::string_view format, const List& args, const KwArgs& kwargs,
                       const FormatHooks* hooks = nullptr);
/// `format.format_map(mapping)`.
std::string str_format_map(std::string_view format, const Value& mapping, const FormatHooks* hooks = nullptr);

/// Python's int(value) / float(value) for the types templates have (numbers,
/// bools, str with Python literal syntax); ValueError / TypeError otherwise.
std::int64_t python_int(const Value& value);
double python_float(const Value& value);

}  // namespace jinja
