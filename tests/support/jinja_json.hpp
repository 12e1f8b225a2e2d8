// JSON test data (Boost.JSON) as template values, for the programs that feed
// the shared corpora to the engine: conformance_jinja and bench_templates.
#pragma once

#include <boost/json.hpp>

#include <string>

#include "jinja/value.hpp"

namespace jinja_json {

/// Objects become insertion-ordered dicts; integers past int64 become floats.
/// With `markup_tag`, an object {"__markup__": "html"} is Markup("html"), the
/// corpus' spelling of a safe string.
inline jinja::Value to_value(const boost::json::value& v, bool markup_tag = false) {
    namespace json = boost::json;
    switch (v.kind()) {
        case json::kind::null: return jinja::Value();
        case json::kind::bool_: return jinja::Value(v.get_bool());
        case json::kind::int64: return jinja::Value(v.get_int64());
        case json::kind::uint64: return jinja::Value(static_cast<double>(v.get_uint64()));
        case json::kind::double_: return jinja::Value(v.get_double());
        case json::kind::string: return jinja::Value(std::string(v.get_string()));
        case json::kind::array: {
            jinja::List items;
            for (const auto& i : v.get_array()) items.push_back(to_value(i, markup_tag));
            return jinja::Value(std::move(items));
        }
        case json::kind::object: {
            const auto& o = v.get_object();
            if (markup_tag && o.size() == 1 && o.contains("__markup__") && o.at("__markup__").is_string())
                return jinja::Value::markup(std::string(o.at("__markup__").get_string()));
            jinja::Dict d;
            for (const auto& [k, x] : o) d.set(jinja::Value(std::string(k)), to_value(x, markup_tag));
            return jinja::Value(std::move(d));
        }
    }
    return jinja::Value();
}

}  // namespace jinja_json
