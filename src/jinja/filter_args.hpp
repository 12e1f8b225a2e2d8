// Python-style binding of filter/test arguments to parameter names.
#pragma once

#include <array>
#include <initializer_list>
#include <string>
#include <vector>

#include "jinja/value.hpp"
#include "runtime.hpp"

namespace jinja::detail {

class Bound {
public:
    /// `params` excludes the filtered value; the first `required` are mandatory.
    /// `fname` is the Python function name for messages (do_upper).
    Bound(const char* fname, const CallArgs& a, std::initializer_list<const char*> params, std::size_t required = 0,
          int hidden = 0);
    const Value* get(std::size_t i) const { return vals_[i]; }
    bool has(std::size_t i) const { return vals_[i] != nullptr; }
    Value value(std::size_t i, Value fallback) const { return vals_[i] ? *vals_[i] : std::move(fallback); }
    bool flag(std::size_t i, bool fallback) const { return vals_[i] ? vals_[i]->truthy() : fallback; }
    std::int64_t integer(std::size_t i, std::int64_t fallback) const;

private:
    std::array<const Value*, 8> vals_{};  // no filter or test takes more parameters
};

}  // namespace jinja::detail
