// Query strings and url-encoded form bodies, decoded as Werkzeug decodes them.
#pragma once

#include <string>
#include <string_view>

#include "flask/datastructures.hpp"

namespace flask {

/// Thrown when decoded bytes are not UTF-8 (Werkzeug raises UnicodeDecodeError).
struct InvalidUtf8 : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Decodes "a=1&b=x+y&c=%C3%BC" as Werkzeug's request.args / request.form do
/// (parse_qsl with keep_blank_values): '&' separates pairs (';' does not),
/// empty pairs are skipped, '+' is a space, a pair without '=' has an empty
/// value.  Invalid %-escapes stay as they are; escapes that decode to invalid
/// UTF-8 come back re-quoted in upper case ("%ff" -> "%FF").  Input that is not
/// UTF-8 as a whole throws InvalidUtf8 (request.args: 400; request.form: empty).
MultiDict url_decode(std::string_view query);

/// Percent-decodes one component; `plus_as_space` for query strings and forms.
/// Invalid escapes are kept verbatim.  The result is raw bytes.
std::string percent_decode(std::string_view text, bool plus_as_space = false);

/// True when `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace flask
