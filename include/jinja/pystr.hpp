// Python's str methods on UTF-8 text.
//
// Python strings index, pad and split by code point, and their whitespace,
// line breaks and case mappings are Unicode-wide (`"ß".upper()` is "SS",
// `"\u3000"` is whitespace).  Templates, Markup and the format mini-language
// all need those exact rules, so they live here once.  Lengths, widths and
// indices are in code points; invalid UTF-8 bytes count as one code point each
// so nothing is ever lost.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jinja/value.hpp"

namespace jinja::pystr {

// ---- UTF-8 -----------------------------------------------------------------

/// Decodes the code point at `pos` and advances `pos`; a malformed byte decodes
/// as itself (0x80-0xFF) and advances by one.
char32_t decode_utf8(std::string_view text, std::size_t& pos) noexcept;
void append_utf8(std::string& out, char32_t code);
/// len() of a str.
std::size_t length(std::string_view text) noexcept;
/// Byte offset of code point `index` (clamped to the end).
std::size_t byte_offset(std::string_view text, std::size_t index) noexcept;
/// The code points [start, stop) after Python's slice clamping of negative /
/// out-of-range indices (no step).
std::string_view slice(std::string_view text, std::optional<std::int64_t> start,
                       std::optional<std::int64_t> stop);

// ---- Unicode properties (generated from CPython, see unicode_case.cpp) -------

enum CharFlag : std::uint8_t { UPPER = 1, LOWER = 2, CASED = 4, IGNORABLE = 8, SPACE = 16, LINEBREAK = 32 };
std::uint8_t char_flags(char32_t c) noexcept;
inline bool is_space(char32_t c) noexcept {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && (char_flags(c) & SPACE));
}
inline bool is_linebreak(char32_t c) noexcept { return char_flags(c) & LINEBREAK; }
/// Python's str.isprintable() for one code point (repr() escapes the others).
bool is_printable(char32_t c) noexcept;
/// unicodedata.lookup for `\N{NAME}` (case-insensitive); covers the BMP, the
/// emoji and symbol blocks, CJK ideographs and Hangul syllables.
std::optional<char32_t> lookup_name(std::string_view name);

enum class CaseKind { Lower, Upper, Title, Fold };
/// Appends the full case mapping of one code point (may be several).
void append_case(std::string& out, char32_t c, CaseKind kind);

// ---- str methods -----------------------------------------------------------

std::string upper(std::string_view text);
std::string lower(std::string_view text);  // with the final-sigma rule
std::string casefold(std::string_view text);
std::string title(std::string_view text);
std::string capitalize(std::string_view text);
std::string swapcase(std::string_view text);

/// split()/rsplit(): `sep` absent splits on runs of whitespace; throws
/// ValueError("empty separator") for "".
std::vector<std::string> split(std::string_view text, std::optional<std::string_view> sep = {},
                               std::int64_t maxsplit = -1);
std::vector<std::string> rsplit(std::string_view text, std::optional<std::string_view> sep = {},
                                std::int64_t maxsplit = -1);
std::vector<std::string> splitlines(std::string_view text, bool keepends = false);

/// strip(): `chars` absent strips whitespace, otherwise any of its code points.
std::string strip(std::string_view text, std::optional<std::string_view> chars = {});
std::string lstrip(std::string_view text, std::optional<std::string_view> chars = {});
std::string rstrip(std::string_view text, std::optional<std::string_view> chars = {});

/// center/ljust/rjust: `fill` must be one code point, else TypeError as Python.
std::string center(std::string_view text, std::int64_t width, std::string_view fill = " ");
std::string ljust(std::string_view text, std::int64_t width, std::string_view fill = " ");
std::string rjust(std::string_view text, std::int64_t width, std::string_view fill = " ");
std::string zfill(std::string_view text, std::int64_t width);
std::string expandtabs(std::string_view text, std::int64_t tabsize = 8);
std::string repeat(std::string_view text, std::int64_t times);

/// The longest text, in bytes, that padding, repetition and format widths
/// build: beyond it they raise OverflowError (Python would try to allocate
/// it; a server must not).
inline constexpr std::uint64_t max_text_size = std::uint64_t{1} << 30;
/// Throws OverflowError("<what> is too long") when `size` exceeds max_text_size.
void check_text_size(std::uint64_t size, std::string_view what);

/// replace(): an empty `old` inserts `replacement` around every code point.
std::string replace(std::string_view text, std::string_view old, std::string_view replacement,
                    std::int64_t count = -1);
/// count(): non-overlapping occurrences; "" occurs len()+1 times.
std::int64_t count(std::string_view text, std::string_view sub);
/// find()/rfind() in code points, -1 when absent.
std::int64_t find(std::string_view text, std::string_view sub);
std::int64_t rfind(std::string_view text, std::string_view sub);

/// partition()/rpartition(): throws ValueError("empty separator").
std::vector<std::string> partition(std::string_view text, std::string_view sep);
std::vector<std::string> rpartition(std::string_view text, std::string_view sep);

/// ascii(): repr() with non-ASCII code points as \x.. \u.... \U........
std::string ascii_escape(std::string_view repr_text);

/// Calls the str method `name` on a str or Markup value, as
/// `getattr(value, name)(*args, **kwargs)` would.  On Markup it follows
/// MarkupSafe: string results come back as Markup and `replace`'s replacement,
/// the fill characters and `join`'s items are escaped.  Throws TypeError for an
/// unknown method (the engine turns that into an undefined attribute).
Value call_str_method(const Value& self, std::string_view name, const CallArgs& args);
/// Whether `name` is a str method call_str_method knows.
bool has_str_method(std::string_view name);

}  // namespace jinja::pystr
