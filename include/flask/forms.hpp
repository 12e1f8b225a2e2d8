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

/// Decodes "a=1&b=x+y&c=%C3%BC": '&' separates pairs, '+' is a space, a pair
/// without '=' has an empty value.  Invalid %-escapes stay as they are;
/// escapes that decode to invalid UTF-8 come back re-quoted in upper case
/// ("%ff" -> "%FF"); raw invalid UTF-8 throws InvalidUtf8.
MultiDict url_decode(std::string_view query);

/// Percent-decodes one component; `plus_as_space` for query strings and forms.
/// Invalid escapes are kept verbatim.  The result is raw bytes.
std::string percent_decode(std::string_view text, bool plus_as_space = false);

/// True when `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace flask
