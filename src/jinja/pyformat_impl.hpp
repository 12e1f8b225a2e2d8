// Internals shared by the `%` and str.format implementations: a parsed format
// spec and the number layout both styles end up in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jinja::detail {

struct Spec {
    std::string fill = " ";  // one code point, UTF-8
    bool fill_given = false;
    char align = 0;  // '<' '>' '^' '=' or 0 for the type's default
    char sign = 0;   // '+' '-' ' ' or 0
    bool no_neg_zero = false;  // 'z'
    bool alternate = false;    // '#'
    std::int64_t width = -1;
    char grouping = 0;  // ',' '_' or 0
    std::int64_t precision = -1;
    char type = 0;
};

/// Parses a format spec; `type_name` names the value's type in errors.
/// `default_align` is '<' for strings, '>' for numbers ('0' then means '=').
Spec parse_spec(std::string_view spec, std::string_view type_name, char default_align);

/// Lays out a number: sign, prefix ("0x"), integer digits (grouped when
/// spec.grouping is set), the rest (".25e+03", "%"), then pads to width.
std::string layout_number(bool negative, std::string_view prefix, std::string_view digits, std::string_view rest,
                          const Spec& spec, int group_size, bool groupable);

/// Pads already-formatted text to spec.width by spec.align (default `dflt`).
std::string pad_text(std::string_view text, const Spec& spec, char dflt);

/// Formats |x| in a printf style ('e' 'f' 'g' 'E' 'F' 'G', or 'r' for repr,
/// or 0 for format()'s no-type rule) and lays it out with spec.
std::string format_float(double x, const Spec& spec, char style);
/// Formats an integer for types d b o x X n (prefix with '#'), and int
/// precision (`%.3d`) as a minimum digit count when min_digits > 0.
std::string format_int(std::int64_t x, const Spec& spec, char type, std::int64_t min_digits = 0);

}  // namespace jinja::detail

namespace jinja {
class Value;
using List = std::vector<Value>;
/// `fmt % tuple(items)` without building the tuple.
std::string percent_format_items(std::string_view fmt, const List& items);
}  // namespace jinja

namespace jinja::detail {

}  // namespace jinja::detail
