// Internal text helpers shared by the HTTP helpers: Python's view of text
// (code points, Unicode whitespace, UTF-8 decoding with replacement) on the
// UTF-8 / raw byte strings flaskcpp passes around.
#pragma once

#include <string>
#include <string_view>

namespace flask::http_detail {

/// Python's str.strip() (Unicode whitespace) of UTF-8 text.
std::string_view py_strip(std::string_view text) noexcept;
/// Python's str.strip(chars) for ASCII `chars`.
std::string_view strip_chars(std::string_view text, std::string_view chars) noexcept;
/// ASCII whitespace as the `re.ASCII` class `\s` sees it: [ \t\n\r\f\v].
inline bool re_space(char c) noexcept { return c == ' ' || (c >= '\t' && c <= '\r'); }
inline bool ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
inline bool ascii_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
/// `\w` under re.ASCII.
inline bool re_word(char c) noexcept { return ascii_alpha(c) || ascii_digit(c) || c == '_'; }
std::string ascii_lower(std::string_view text);

/// Length in bytes of the well-formed UTF-8 sequence at `i`, 0 when invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept;
/// Python's bytes.decode("utf-8", errors="replace"): each maximal invalid
/// subpart becomes U+FFFD.
std::string utf8_decode_replace(std::string_view bytes);
/// bytes.decode("latin-1") as UTF-8: every byte is one code point.
std::string latin1_to_utf8(std::string_view bytes);
/// str.encode("latin-1") of UTF-8 text whose code points are all < 256
/// (the reverse of latin1_to_utf8); other code points are kept as UTF-8.
std::string utf8_to_latin1(std::string_view text);

int hex_value(char c) noexcept;
/// Decodes %XX escapes to bytes (invalid escapes stay as they are), then
/// decodes UTF-8 with Werkzeug's "werkzeug.url_quote" error handler: bytes
/// that are not valid UTF-8 come back as upper-case %XX.  `text` must be
/// valid UTF-8 itself (raw non-ASCII text passes through unchanged).
std::string unquote_requote(std::string_view text);

/// Python's int() restricted as Werkzeug's _plain_int: optional surrounding
/// whitespace, `-?[0-9]+`.  False on anything else or on int64 overflow.
bool plain_int(std::string_view text, long long& out) noexcept;

}  // namespace flask::http_detail
