// URL quoting helpers with the exact rules Werkzeug and Flask use when they
// build URLs (urllib.parse.quote / quote_plus / urlencode / urljoin, and the
// IDNA step of Map.bind).  Text is UTF-8; percent-escapes use upper-case hex.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jinja/value.hpp"

namespace flask {

/// Safe set Werkzeug uses for path segments (url.spec.whatwg.org path-segment string).
inline constexpr std::string_view kPathSafe = "!$&'()*+,/:;=@";
/// Safe set of Werkzeug's query-string encoder (`_urlencode`).
inline constexpr std::string_view kQuerySafe = "!$'()*,/:;?@";
/// Safe set Flask's url_for uses for `_anchor`.
inline constexpr std::string_view kFragmentSafe = "%!#$&'()*+,/:;=?@";

/// urllib.parse.quote: every UTF-8 byte except ASCII letters, digits, `_.-~`
/// and the bytes in `safe` becomes %XX.
std::string url_quote(std::string_view text, std::string_view safe = "/");
/// urllib.parse.quote_plus: like url_quote, but spaces become '+'.
std::string url_quote_plus(std::string_view text, std::string_view safe = "");
/// Percent-decoding of %XX sequences (invalid escapes are kept as they are).
/// With `plus_as_space`, '+' decodes to a space (query strings and forms).
std::string url_unquote(std::string_view text, bool plus_as_space = false);

/// Werkzeug's query encoder: `urlencode(pairs, safe="!$'()*,/:;?@")` after
/// expanding list/tuple values into repeated keys and dropping None values.
/// Keys and values use Python's str() (True -> "True", 1.0 -> "1.0").
using QueryPairs = std::vector<std::pair<std::string, jinja::Value>>;
std::string url_encode(const QueryPairs& pairs, bool sort = false);
/// Appends `key=value` (already str()-ed) to a query string under construction.
void append_query_pair(std::string& out, std::string_view key, std::string_view value);

/// urllib.parse.urljoin for the common cases: absolute URLs, network-path
/// references, absolute and relative paths (dot segments removed), queries
/// and fragments.
std::string url_join(std::string_view base, std::string_view url);

/// Python's `host.encode("idna")` for a host name (labels that are not ASCII
/// become xn--punycode; ASCII labels are kept).  A ":port" suffix is kept.
/// Throws std::invalid_argument when a label cannot be encoded.
std::string idna_encode_host(std::string_view host);
/// Punycode (RFC 3492) of one label's code points, without the xn-- prefix.
std::string punycode_encode(std::u32string_view label);

}  // namespace flask
