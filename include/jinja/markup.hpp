// MarkupSafe for jinja::Value: HTML escaping and the Markup string type.
//
// A Markup is a str Value flagged safe (`Value::markup(html)`,
// `value.is_markup()`).  Operations that combine Markup with other text escape
// the other side, so safe HTML never gets mixed with unescaped text; objects
// whose `Object::html()` is set count as safe, like Python's `__html__`.
// These free functions are what the template engine uses; `jinja::Markup` is a
// thin typed wrapper for C++ code.
#pragma once

#include <string>
#include <string_view>

#include "jinja/pyformat.hpp"
#include "jinja/value.hpp"

namespace jinja {

// ---- escaping --------------------------------------------------------------

/// `& < > " '` -> `&amp; &lt; &gt; &#34; &#39;` (MarkupSafe's exact entities).
std::string escape_html(std::string_view text);
/// Appends the escaped text to `out`: the rendering hot path, no temporaries.
void escape_html_to(std::string& out, std::string_view text);

/// markupsafe.escape: Markup and html() objects pass through, str is escaped,
/// anything else is str()'d then escaped (None -> "None").  Returns Markup.
Value escape(const Value& value);
/// Like escape, but None (and Undefined) become an empty Markup.
Value escape_silent(const Value& value);
/// markupsafe.soft_str: Markup stays Markup, everything else becomes str().
Value soft_str(const Value& value);
/// Whether a value counts as safe HTML (Markup or an object with html()).
bool is_safe_html(const Value& value);

/// `Markup(value)`: marks text safe without escaping; html() objects give
/// their HTML, other values their str().
Value markup(const Value& value);

// ---- Markup operators (first argument is the Markup receiver) --------------

/// `markup + other`: other must be str or have html(); it is escaped.
Value markup_add(const Value& self, const Value& other);
/// `other + markup`.
Value markup_radd(const Value& self, const Value& other);
/// `markup * n`.
Value markup_mul(const Value& self, const Value& times);
/// `markup % args`: arguments are escaped (Markup / html() ones are not);
/// widths pad the escaped text.
Value markup_mod(const Value& self, const Value& args);
/// `markup.format(*args, **kwargs)`: arguments are formatted, then escaped;
/// a format spec on Markup or an html() object raises ValueError.
Value markup_format(const Value& self, const List& args, const KwArgs& kwargs = {});
Value markup_format_map(const Value& self, const Value& mapping);
/// `markup.join(iterable)`: items are escaped.
Value markup_join(const Value& self, const Value& iterable);

/// The FormatHooks Markup.format uses (escaping after formatting).
const FormatHooks& markup_format_hooks();

// ---- text extraction -------------------------------------------------------

/// html.unescape: named references (HTML5, legacy ones without ';'),
/// numeric references with HTML's fix-ups, unknown ones left alone.
std::string html_unescape(std::string_view text);
/// Markup.striptags: drop comments, then tags, collapse whitespace, unescape.
std::string striptags(std::string_view html);

// ---- typed wrapper ---------------------------------------------------------

/// markupsafe.Markup as a C++ type.  Construction from a string does NOT
/// escape (the text is declared safe); use Markup::escape for untrusted text.
class Markup {
public:
    Markup() = default;
    explicit Markup(std::string html) : html_(std::move(html)) {}
    /// Markup(value) semantics (html() objects give their HTML).
    static Markup from_value(const Value& value);
    static Markup escape(const Value& value);

    const std::string& str() const noexcept { return html_; }
    operator Value() const { return Value::markup(html_); }

    Markup operator+(const Value& other) const;
    Markup operator%(const Value& args) const;
    Markup operator*(std::int64_t times) const;
    Markup format(const List& args, const KwArgs& kwargs = {}) const;
    Markup join(const Value& iterable) const;
    std::string striptags() const { return jinja::striptags(html_); }
    std::string unescape() const { return html_unescape(html_); }

    friend bool operator==(const Markup& a, const Markup& b) { return a.html_ == b.html_; }

private:
    std::string html_;
};

/// `"User " + escape(name)`: plain text on the left is escaped (Markup.__radd__).
Markup operator+(std::string_view text, const Markup& markup);
inline Markup operator+(const char* text, const Markup& markup) { return std::string_view(text) + markup; }
inline Markup operator+(const std::string& text, const Markup& markup) { return std::string_view(text) + markup; }

}  // namespace jinja
