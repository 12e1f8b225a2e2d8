// Flask's TaggedJSONSerializer: JSON that keeps tuples, bytes, Markup, UUIDs
// and datetimes apart, so session values survive a round trip (and cookies
// made by Python Flask decode to the same values).
#pragma once

#include <string>
#include <string_view>

#include "jinja/value.hpp"

namespace flask::tagged_json {

/// The tagged form: {" t": [...]}, {" b": base64}, {" m": html}, {" u": hex},
/// {" d": http date}, {" di": {"key__": v}} for one-key dicts whose key is a tag.
jinja::Value tag(const jinja::Value& value);
/// The inverse, applied innermost first (json.loads' object_hook).
jinja::Value untag(const jinja::Value& value);

/// Compact, sorted, ASCII-only JSON of the tagged value.  Throws jinja::TypeError
/// for values JSON cannot hold.
std::string dumps(const jinja::Value& value);
jinja::Value loads(std::string_view text);

}  // namespace flask::tagged_json
