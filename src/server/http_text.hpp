// Fixed texts the server writes itself: the Date header value (cached per
// second), and the Werkzeug-style pages for errors the app never sees.
#pragma once

#include <string>
#include <string_view>

namespace flask::server {

/// RFC 9110 IMF-fixdate of the current second, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
/// Cached per thread, so the fast path formats a date once a second.
std::string_view http_date_now();

/// Format a time as IMF-fixdate (exposed for tests).
std::string format_http_date(long long unix_seconds);

/// Werkzeug's reason phrase for the server's own statuses ("Bad Request").
std::string_view reason_phrase(int status) noexcept;

/// The HTML page Werkzeug would send for that status.
std::string_view error_page(int status) noexcept;

/// A whole `Connection: close` error response for `status`.
void build_error_response(std::string& out, int status, bool head_request);

}  // namespace flask::server
