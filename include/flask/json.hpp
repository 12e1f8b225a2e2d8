// flask::json: Python's json module and Flask's DefaultJSONProvider on jinja::Value.
//
// `dumps` writes exactly what CPython's json.dumps writes (float repr, NaN and
// Infinity literals, lower-case \uXXXX escapes with surrogate pairs, sort_keys
// with Python's key conversion and ordering rules).  `flask_dumps`,
// `jsonify_body` and `htmlsafe_dumps` add Flask's defaults on top: sort_keys,
// ensure_ascii and Flask's `default()` for datetimes, UUIDs, Decimals,
// dataclass-like objects and anything with `__html__`.
//
// `loads` parses like json.loads applied to request bytes: UTF-8 (a leading BOM
// is skipped), NaN/Infinity/-Infinity accepted, duplicate keys last-wins in the
// position of the first, Python's error messages and character positions.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jinja/value.hpp"

namespace flask::json {

/// The keyword arguments of json.dumps that matter here.  The defaults are
/// Python's json.dumps defaults (not Flask's; see flask_options()).
struct DumpOptions {
    bool sort_keys = false;
    bool ensure_ascii = true;
    /// false: NaN/Infinity raise jinja::ValueError, as allow_nan=False does.
    bool allow_nan = true;
    /// Python's indent=N (N <= 0 still breaks lines, without indentation).
    std::optional<int> indent;
    /// nullopt means Python's default: ", " without indent, "," with indent.
    std::optional<std::string> item_separator;
    std::string key_separator = ": ";
    /// Also write < > & ' as \u003c \u003e \u0026 \u0027 (Jinja's htmlsafe_json_dumps).
    bool html_safe = false;
    /// Python's `default=`: called for values JSON cannot express (objects,
    /// bytes, Undefined); its result is encoded instead.  Empty: flask_default.
    std::function<jinja::Value(const jinja::Value&)> default_fn;
};

/// Flask's app.json.dumps options: sort_keys, ensure_ascii, ", " and ": ".
DumpOptions flask_options(std::optional<int> indent = std::nullopt);

/// json.dumps(value, **options).  Throws jinja::TypeError for values that cannot
/// be serialised (Python's messages), jinja::ValueError for circular containers
/// or NaN with allow_nan=false, RecursionError past kMaxDepth nesting.
std::string dumps(const jinja::Value& value, const DumpOptions& options = {});
/// Same, appending to `out` (no intermediate string).
void dump_to(std::string& out, const jinja::Value& value, const DumpOptions& options = {});

/// Flask's DefaultJSONProvider.default(): an Object's json() hook (UUID -> str,
/// DateTime/Date -> HTTP date, Decimal -> str, dataclass-like -> dict), else
/// str(obj.__html__()), else TypeError "Object of type X is not JSON serializable".
jinja::Value flask_default(const jinja::Value& value);

/// app.json.dumps(value): sort_keys, ensure_ascii, separators ", " / ": ".
std::string flask_dumps(const jinja::Value& value, std::optional<int> indent = std::nullopt);
/// The body flask.jsonify() sends: compact ("," ":") or indent=2 when debug,
/// always followed by "\n".
std::string jsonify_body(const jinja::Value& value, bool debug = false);
/// What jsonify(*args, **kwargs) serialises: None for nothing, the value for
/// one argument, a list for several, a dict for keyword arguments.  Both args
/// and kwargs: TypeError, as in Flask.
jinja::Value jsonify_value(jinja::List args, std::vector<std::pair<std::string, jinja::Value>> kwargs = {});
/// `{{ value|tojson }}`: app.json.dumps with < > & ' escaped as \u003c etc.
/// (The caller wraps it as Markup.)
std::string htmlsafe_dumps(const jinja::Value& value, std::optional<int> indent = std::nullopt);

/// Python's json.JSONDecodeError; a ValueError, as in Python.
/// what() is "msg: line L column C (char P)"; positions count code points.
class JSONDecodeError : public jinja::ValueError {
public:
    JSONDecodeError(std::string msg, std::size_t pos, std::size_t lineno, std::size_t colno);
    const std::string& msg() const noexcept { return msg_; }
    std::size_t pos() const noexcept { return pos_; }
    std::size_t lineno() const noexcept { return lineno_; }
    std::size_t colno() const noexcept { return colno_; }

private:
    std::string msg_;
    std::size_t pos_, lineno_, colno_;
};

/// Input bytes that are not UTF-8 (Python's UnicodeDecodeError, a ValueError):
/// "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte".
struct UnicodeDecodeError : jinja::ValueError {
    using jinja::ValueError::ValueError;
};

/// Nesting deeper than kMaxDepth in dumps or loads (Python's RecursionError;
/// not a ValueError, so Flask answers 500 rather than 400).
struct RecursionError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
inline constexpr std::size_t kMaxDepth = 1000;

/// json.loads(bytes).  Integers that fit int64 are Int; larger ones become a
/// RawNumber object (dumps writes its digits back verbatim); numbers with a
/// fraction or exponent are Float (1e400 -> inf).  Strings are UTF-8; lone
/// surrogates from \uD800-style escapes (or surrogate bytes in the input, which
/// Python's 'surrogatepass' admits) are kept as 3-byte generalised UTF-8, and
/// dumps writes them back as \udXXX.
jinja::Value loads(std::string_view text);

/// An integer too large for int64 (Python's int has no limit).  str()/repr()
/// are its decimal digits, dumps writes them verbatim, as Python would.
class RawNumber final : public jinja::Object {
public:
    explicit RawNumber(std::string digits) : digits_(std::move(digits)) {}
    const std::string& digits() const noexcept { return digits_; }
    std::string_view type_name() const override { return "int"; }
    std::string str() const override { return digits_; }
    std::string repr() const override { return digits_; }
    bool truthy() const override { return true; }  // zero always fits int64
    bool equals(const jinja::Object& other) const override;
    static jinja::Value make(std::string digits);

private:
    std::string digits_;
};

}  // namespace flask::json
