// Shared plumbing for conformance_vectors: each vectors file has a runner that
// checks one JSON line and reports failures with the vector's id.
#pragma once

#include <boost/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "jinja/value.hpp"

namespace vectors {

/// Outcome of one vector: empty `failure` means it passed.
struct Outcome {
    std::string id;
    std::string failure;
};

/// A runner gets one parsed line and returns one outcome per vector in it
/// (routing lines hold several probes).
using Runner = std::function<std::vector<Outcome>(const boost::json::object& line)>;

/// Registers a runner for a vectors file name (e.g. "escape.jsonl") at start-up.
struct Registration {
    Registration(const char* file_name, Runner runner);
};

/// Converts the typed-value convention of the vectors README ({"$type": ...})
/// into a jinja::Value.  Unknown $types become a Dict holding the raw object.
jinja::Value typed_value(const boost::json::value& json);
/// The opposite, for comparing results: typed JSON of a Value.
boost::json::value to_typed_json(const jinja::Value& value);
/// Compact rendering for failure messages.
std::string show(const boost::json::value& json);

}  // namespace vectors
