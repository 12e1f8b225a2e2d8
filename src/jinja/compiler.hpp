// Compile-time helpers: constant folding and literal conversion.
#pragma once

#include "nodes.hpp"

namespace jinja::detail {

/// Jinja's optimizer: an expression whose operands are all constant is
/// evaluated now and replaced by its value (when that value is a plain
/// literal).  Anything that needs the runtime stays as it is.
ExprPtr fold_constant(ExprPtr e, const Environment& env, bool autoescape);

/// An integer literal (digits without sign/prefix/underscores) in `base`.
Value parse_int_literal(std::string_view digits, int base, int lineno);

/// What `{{ value }}` writes (escaped when autoescape is on).
std::string output_text(const Value& v, bool autoescape);
void append_output(std::string& out, const Value& v, bool autoescape);

}  // namespace jinja::detail
