#include "filter_args.hpp"

#include "ops.hpp"

namespace jinja::detail {

Bound::Bound(const char* fname, const CallArgs& a, std::initializer_list<const char*> params, std::size_t required,
             int hidden) {
    if (params.size() > vals_.size()) throw std::logic_error("Bound: too many parameters");
    const char* const* names = params.begin();
    const std::size_t nnames = params.size();
    std::size_t total = nnames + 1 + static_cast<std::size_t>(hidden);
    if (a.args.size() > nnames) {
        std::size_t given = a.args.size() + 1 + static_cast<std::size_t>(hidden);
        std::size_t least = required + 1 + static_cast<std::size_t>(hidden);
        std::string takes = least == total ? std::to_string(total) : "from " + std::to_string(least) + " to " + std::to_string(total);
        throw TypeError(std::string(fname) + "() takes " + takes + " positional argument" + (total == 1 && least == total ? "" : "s") +
                        " but " + std::to_string(given) + (given == 1 ? " was" : " were") + " given");
    }
    for (std::size_t i = 0; i < a.args.size(); ++i) vals_[i] = &a.args[i];
    for (const auto& [k, v] : a.kwargs) {
        std::size_t i = 0;
        for (; i < nnames; ++i)
            if (k == names[i]) break;
        if (i == nnames) throw TypeError(std::string(fname) + "() got an unexpected keyword argument '" + k + "'");
        if (vals_[i]) throw TypeError(std::string(fname) + "() got multiple values for argument '" + k + "'");
        vals_[i] = &v;
    }
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < required; ++i)
        if (!vals_[i]) missing.push_back(names[i]);
    if (!missing.empty()) {
        std::string list;
        for (std::size_t i = 0; i < missing.size(); ++i) {
            if (i) list += i + 1 == missing.size() ? " and " : ", ";
            list += "'" + missing[i] + "'";
        }
        throw TypeError(std::string(fname) + "() missing " + std::to_string(missing.size()) + " required positional argument" +
                        (missing.size() == 1 ? "" : "s") + ": " + list);
    }
}

std::int64_t Bound::integer(std::size_t i, std::int64_t fallback) const {
    if (!vals_[i] || vals_[i]->is_none()) return fallback;
    const Value& v = *vals_[i];
    if (v.is_int() || v.is_bool()) return v.as_int();
    if (v.is_float()) throw TypeError("'float' object cannot be interpreted as an integer");
    throw TypeError("'" + py_type(v) + "' object cannot be interpreted as an integer");
}

}  // namespace jinja::detail
