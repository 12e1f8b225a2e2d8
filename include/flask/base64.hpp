// Base64 in the two alphabets Flask's stack uses: standard (tagged JSON
// bytes, HTTP Basic credentials) and URL-safe without padding (itsdangerous).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace flask {

/// Standard alphabet, '=' padded (Python's base64.b64encode).
std::string base64_encode(std::string_view data);
/// URL-safe alphabet, no padding (itsdangerous' base64_encode).
std::string base64url_encode(std::string_view data);

/// Decodes either alphabet, with or without padding, like Python's
/// non-validating decoder: characters outside the alphabet are skipped and
/// '=' ends the data.  nullopt when the symbol count cannot be valid.
std::optional<std::string> base64_decode_lenient(std::string_view text);
/// Python's base64.b64decode(text) (validate=False): characters outside the
/// standard alphabet are skipped, and missing padding is an error.
std::optional<std::string> base64_decode_python(std::string_view text);

}  // namespace flask
