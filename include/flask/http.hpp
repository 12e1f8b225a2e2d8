// Werkzeug's HTTP helpers (werkzeug.http and the header datastructures), sans I/O.
//
// Header values are byte strings as they arrive (usually ASCII, UTF-8 for
// text); results are UTF-8.  Python's ValueError is jinja::ValueError.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "flask/datastructures.hpp"
#include "flask/datetime.hpp"
#include "flask/exceptions.hpp"
#include "flask/headers.hpp"
#include "flask/response.hpp"
#include "jinja/value.hpp"

namespace flask {

// ---- Header values: quoting, lists, dicts, options ---------------------------------

/// Ordered `key=value` parameters for dump_options_header / dump_header; a None
/// value is skipped (options) or written as a bare key (dump_header).  Values
/// are written with Python's str() (0.5 -> "0.5").
using HeaderParams = std::vector<std::pair<std::string, jinja::Value>>;

/// quote_header_value: a token is kept as is (unless !allow_token), anything
/// else is quoted with `"` and `\` backslash-escaped; "" becomes `""`.
std::string quote_header_value(std::string_view value, bool allow_token = true);
/// unquote_header_value: removes surrounding quotes and backslash escapes.
std::string unquote_header_value(std::string_view value);
/// dump_options_header("text/html", {{"charset", "utf-8"}}) -> "text/html; charset=utf-8".
/// Keys ending in `*` are written verbatim (already RFC 2231-encoded).
std::string dump_options_header(std::optional<std::string_view> header, const HeaderParams& options);
/// dump_header(["foo", "bar baz"]) -> `foo, "bar baz"`.
std::string dump_header(const std::vector<std::string>& items);
/// dump_header({"foo": "bar baz", "flag": None}) -> `foo="bar baz", flag`.
std::string dump_header(const HeaderParams& items);

/// parse_list_header: comma-separated items, quotes removed from fully quoted
/// items, empty items dropped; an unclosed quote gives an empty list.
std::vector<std::string> parse_list_header(std::string_view value);

/// Parameters in first-seen key order; a repeated key replaces the value in place.
class HeaderOptions {
public:
    using Item = std::pair<std::string, std::string>;
    const std::string* find(std::string_view key) const;
    std::optional<std::string> get(std::string_view key) const;
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    void set(std::string key, std::string value);
    bool erase(std::string_view key);
    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    auto begin() const noexcept { return items_.begin(); }
    auto end() const noexcept { return items_.end(); }
    const std::vector<Item>& items() const noexcept { return items_; }
    /// As HeaderParams, for dump_options_header.
    HeaderParams params() const;

private:
    std::vector<Item> items_;
};

/// parse_dict_header: `a=b, c="d, e", f` -> {a: "b", c: "d, e", f: None};
/// `key*=charset''value` items are percent-decoded (ascii, utf-8, iso-8859-1).
std::vector<std::pair<std::string, std::optional<std::string>>> parse_dict_header(std::string_view value);

struct OptionsHeader {
    std::string value = {};
    HeaderOptions options = {};
};
/// parse_options_header("text/html; charset=UTF-8") -> {"text/html", {charset: "UTF-8"}}.
/// Keys are lower-cased; invalid parameters are skipped; RFC 2231 charsets and
/// continuations are decoded.  nullopt (a missing header) gives {"", {}}.
OptionsHeader parse_options_header(std::optional<std::string_view> value);

// ---- Dates -------------------------------------------------------------------------

/// http_date for float seconds (microseconds rounded half-even, then dropped),
/// a datetime (converted to UTC) or a date; http_date() is now.
/// (http_date(std::int64_t) is in flask/datetime.hpp.)
std::string http_date(double unix_seconds);
std::string http_date(const DateTime& when);
std::string http_date(const Date& when);
std::string http_date();
template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, std::int64_t> &&
                                        !std::is_same_v<I, bool>,
                                    int> = 0>
std::string http_date(I unix_seconds) {
    return http_date(static_cast<std::int64_t>(unix_seconds));
}

/// parse_date: RFC 2822 / RFC 850 / asctime dates as email.utils parses them;
/// always aware (no zone, -0000 or an unknown zone name count as UTC); nullopt
/// when it cannot be parsed or is out of range.
std::optional<DateTime> parse_date(std::optional<std::string_view> value);

/// The current time as POSIX seconds with a fraction.
double unix_now();

// ---- Cookies -----------------------------------------------------------------------

/// werkzeug.http.parse_cookie: the header bytes decoded as UTF-8 (throws
/// InvalidUtf8 otherwise).  `;` separates pairs (a comma does not), names are
/// case-sensitive and duplicates kept in order, quoted values decode `\"`,
/// `\\` and `\ooo` octal escapes; a pair without a name is dropped.
MultiDict parse_cookie(std::string_view header);
/// What Werkzeug 3.1.8's `request.cookies` gives for a raw Cookie header: the
/// same parse, but raw non-ASCII bytes come back as latin-1 characters
/// (mojibake), while octal escapes in quoted values still decode as UTF-8.
MultiDict parse_request_cookies(std::string_view raw_header);

/// (CookieOptions and HttpTimestamp are in flask/response.hpp.)
/// dump_cookie: the Set-Cookie header value (bytes; a non-UTF-8-safe key is
/// sent as its UTF-8 bytes).  Attribute order: Domain, Expires, Max-Age,
/// Secure, HttpOnly, Path, SameSite, Partitioned.  Throws jinja::ValueError for
/// an invalid samesite.
std::string dump_cookie(std::string_view key, std::string_view value = "", const CookieOptions& options = {});

// ---- Accept headers ----------------------------------------------------------------

/// werkzeug.datastructures.Accept: (value, quality) items sorted by
/// specificity then quality, descending (stable).
class Accept {
public:
    using Item = std::pair<std::string, double>;
    enum class Kind : std::uint8_t { Plain, Mime, Language, Charset };

    Accept() = default;  // not provided
    explicit Accept(std::vector<Item> items, Kind kind = Kind::Plain);

    bool provided() const noexcept { return provided_; }
    const std::vector<Item>& items() const noexcept { return items_; }
    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    auto begin() const noexcept { return items_.begin(); }
    auto end() const noexcept { return items_.end(); }
    const Item& operator[](std::size_t i) const { return items_.at(i); }

    /// The quality of the first item matching `key`, 0 when none does.
    double quality(std::string_view key) const;
    double operator[](std::string_view key) const { return quality(key); }
    bool contains(std::string_view key) const;
    /// Index of the first matching item, -1 when none.
    std::ptrdiff_t find(std::string_view key) const;
    std::vector<std::string> values() const;
    /// "a,b;q=0.5" (qualities written as Python's str(float)).
    std::string to_header() const;
    /// The best of the server's `offers` (first offer wins ties; q=0 never matches).
    std::optional<std::string> best_match(const std::vector<std::string>& offers,
                                          std::optional<std::string> fallback = std::nullopt) const;
    /// The client's most preferred value.
    std::optional<std::string> best() const;

protected:
    bool value_matches(std::string_view value, std::string_view item) const;
    std::vector<int> specificity(std::string_view value) const;
    std::optional<std::string> plain_best_match(const std::vector<std::string>& offers,
                                                std::optional<std::string> fallback) const;

    std::vector<Item> items_;
    Kind kind_ = Kind::Plain;
    bool provided_ = false;
};

/// Accept for mimetypes: `*/*`, `type/*` and parameters count for matching and
/// specificity; an offer that is not a mimetype throws jinja::ValueError.
class MIMEAccept : public Accept {
public:
    MIMEAccept() { kind_ = Kind::Mime; }
    explicit MIMEAccept(std::vector<Item> items) : Accept(std::move(items), Kind::Mime) {}
    bool accept_html() const;
    bool accept_xhtml() const;
    bool accept_json() const;
};

/// Accept-Language: `-` and `_` are equivalent, case is ignored, and
/// best_match falls back to primary tags.
class LanguageAccept : public Accept {
public:
    LanguageAccept() { kind_ = Kind::Language; }
    explicit LanguageAccept(std::vector<Item> items) : Accept(std::move(items), Kind::Language) {}
    std::optional<std::string> best_match(const std::vector<std::string>& offers,
                                          std::optional<std::string> fallback = std::nullopt) const;
};

/// Accept-Charset: common aliases of a codec compare equal (utf8 == UTF-8).
class CharsetAccept : public Accept {
public:
    CharsetAccept() { kind_ = Kind::Charset; }
    explicit CharsetAccept(std::vector<Item> items) : Accept(std::move(items), Kind::Charset) {}
};

/// The (value, q) items of an Accept-style header; items whose q is not
/// `-?\d+(\.\d+)?` within 0..1 are dropped; nullopt when not provided.
std::optional<std::vector<Accept::Item>> parse_accept_items(std::optional<std::string_view> value);
/// parse_accept_header(value, cls): `parse_accept_header<MIMEAccept>(h)`.
template <class T = Accept>
T parse_accept_header(std::optional<std::string_view> value) {
    auto items = parse_accept_items(value);
    return items ? T(std::move(*items)) : T();
}

// ---- Ranges ------------------------------------------------------------------------

/// is_byte_range_valid(start, stop, length).
bool is_byte_range_valid(std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
                         std::optional<std::int64_t> length) noexcept;

/// werkzeug.datastructures.ContentRange; `units` unset means "no range".
struct ContentRange {
    std::optional<std::string> units = {};
    std::optional<std::int64_t> start = {};
    std::optional<std::int64_t> stop = {};  // exclusive
    std::optional<std::int64_t> length = {};
    /// "bytes 0-499/1000", "bytes */1000", "bytes 0-499/*"; "" without units.
    std::string to_header() const;
    explicit operator bool() const noexcept { return units.has_value(); }
};

/// werkzeug.datastructures.Range: ranges are [start, stop) with stop nullopt
/// for open ranges; a negative start is a suffix range.
struct Range {
    std::string units = {};
    std::vector<std::pair<std::int64_t, std::optional<std::int64_t>>> ranges = {};
    /// The single satisfiable byte range for a body of `length`, clamped; nullopt otherwise.
    std::optional<std::pair<std::int64_t, std::int64_t>> range_for_length(std::optional<std::int64_t> length) const;
    std::optional<ContentRange> make_content_range(std::optional<std::int64_t> length) const;
    /// "bytes=0-499,-500".
    std::string to_header() const;
    std::optional<std::string> to_content_range_header(std::optional<std::int64_t> length) const;
};

/// parse_range_header: nullopt when missing or malformed (overlapping,
/// descending, or a suffix range before another range).
std::optional<Range> parse_range_header(std::optional<std::string_view> value);
/// parse_content_range_header: nullopt when missing or invalid.
std::optional<ContentRange> parse_content_range_header(std::optional<std::string_view> value);

/// 416 Range Not Satisfiable, with `Content-Range: bytes */length` when known.
class RequestedRangeNotSatisfiable : public HTTPException {
public:
    explicit RequestedRangeNotSatisfiable(std::optional<std::int64_t> length = std::nullopt, std::string units = "bytes")
        : HTTPException(416), length_(length), units_(std::move(units)) {}
    Headers get_headers() const override;

private:
    std::optional<std::int64_t> length_;
    std::string units_;
};

// ---- ETags and conditional requests ------------------------------------------------

/// generate_etag: the SHA-1 hex digest of the data.
std::string generate_etag(std::string_view data);
/// quote_etag("abc", weak) -> `"abc"` / `W/"abc"`; a `"` inside throws jinja::ValueError.
std::string quote_etag(std::string_view etag, bool weak = false);
struct UnquotedETag {
    std::string etag = {};
    bool weak = false;
};
/// unquote_etag(`W/"abc"`) -> {"abc", true}; surrounding whitespace is ignored;
/// nullopt for a missing or empty value.
std::optional<UnquotedETag> unquote_etag(std::optional<std::string_view> etag);

/// werkzeug.datastructures.ETags: strong and weak tags, or the `*` tag.
class ETags {
public:
    ETags() = default;
    ETags(std::vector<std::string> strong, std::vector<std::string> weak = {}, bool star_tag = false);
    static ETags star() { return ETags({}, {}, true); }

    bool star_tag() const noexcept { return star_; }
    bool is_weak(std::string_view etag) const;
    bool is_strong(std::string_view etag) const;
    /// Weak comparison: a weak or strong tag, or `*`.
    bool contains_weak(std::string_view etag) const;
    /// Strong comparison: a strong tag, or `*`.
    bool contains(std::string_view etag) const;
    /// Takes a quoted etag (`W/"x"` uses the weak comparison).
    bool contains_raw(std::string_view etag) const;
    /// Python's truthiness inverted: no tags at all and no star.
    bool empty() const noexcept { return !star_ && strong_.empty() && weak_.empty() && !null_tag_; }
    explicit operator bool() const noexcept { return !empty(); }
    /// The strong tags (and the weak ones), sorted.
    std::vector<std::string> as_set(bool include_weak = false) const;
    const std::set<std::string, std::less<>>& strong() const noexcept { return strong_; }
    const std::set<std::string, std::less<>>& weak() const noexcept { return weak_; }
    std::string to_header() const;

private:
    friend ETags parse_etags(std::optional<std::string_view> value);
    std::set<std::string, std::less<>> strong_, weak_;
    bool star_ = false;
    bool null_tag_ = false;  // an empty quoted tag `""`, which Werkzeug stores as None
};

/// parse_etags: `"a", W/"b", c` -> strong {a, c}, weak {b}; `*` -> star.
ETags parse_etags(std::optional<std::string_view> value);

/// werkzeug.datastructures.IfRange: an etag or a date.
struct IfRange {
    std::optional<std::string> etag = {};
    std::optional<DateTime> date = {};
    std::string to_header() const;
};
IfRange parse_if_range_header(std::optional<std::string_view> value);

/// is_resource_modified with the request's headers (Range, If-Range,
/// If-Modified-Since, If-None-Match, If-Match).  `etag` may be quoted; `data`
/// stands in for it through generate_etag (giving both throws
/// std::invalid_argument).  Werkzeug's rules: a Last-Modified not after
/// If-Modified-Since (or an If-Range date) is unmodified; If-None-Match uses the
/// weak comparison; If-Match the strong one (a match means unmodified is false);
/// If-Range (only with ignore_if_range=false and a Range header) overrides both.
bool is_resource_modified(const Headers& request_headers, std::optional<std::string_view> etag = std::nullopt,
                          std::optional<std::string_view> data = std::nullopt,
                          std::optional<DateTime> last_modified = std::nullopt, bool ignore_if_range = true);
/// The same with Last-Modified given as header text (parsed with parse_date).
bool is_resource_modified(const Headers& request_headers, std::optional<std::string_view> etag,
                          std::optional<std::string_view> data, std::string_view last_modified,
                          bool ignore_if_range = true);

/// remove_entity_headers: drops entity headers except those in `allowed`
/// (Expires and Content-Location by default).
void remove_entity_headers(Headers& headers,
                           const std::vector<std::string_view>& allowed = {"expires", "content-location"});
bool is_entity_header(std::string_view name) noexcept;
bool is_hop_by_hop_header(std::string_view name) noexcept;

}  // namespace flask
