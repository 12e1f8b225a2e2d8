// The tables behind html.unescape(): HTML5 named character references and the
// fix-ups HTML applies to numeric references.  Generated from CPython's html
// module by scripts/gen_html_entities.py, so Markup.unescape() and striptags()
// match Python byte for byte.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace jinja {

struct HtmlEntity {
    std::string_view name;  // "amp;", "amp" (legacy, no semicolon), "NotEqualTilde;"
    std::string_view text;  // UTF-8 replacement
};

/// All named references, sorted by name.
std::span<const HtmlEntity> html5_entities() noexcept;
/// The replacement for a reference name (with its ';' if it has one).
std::optional<std::string_view> html5_entity(std::string_view name) noexcept;
/// Numeric references HTML remaps: 0 -> U+FFFD, 0x0D -> CR, 0x80-0x9F -> windows-1252.
std::optional<std::string_view> html_remapped_charref(char32_t code) noexcept;
/// Control and non-character code points a numeric reference turns into nothing.
bool html_dropped_codepoint(char32_t code) noexcept;

}  // namespace jinja
