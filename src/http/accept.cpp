// Accept headers: parse_accept_header and the Accept / MIMEAccept /
// LanguageAccept / CharsetAccept matching rules.
#include <algorithm>

#include "flask/http.hpp"
#include "http/text_codec.hpp"
#include "jinja/pystr.hpp"

namespace flask {

using namespace http_detail;

namespace {

/// `_mime_split_re.split(value)`: split on "/" or on `\s*;\s*`.
std::vector<std::string> mime_split(std::string_view value) {
    std::vector<std::string> out;
    std::string current;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '/') {
            out.push_back(std::move(current));
            current.clear();
            continue;
        }
        // `\s*;\s*` starting here?
        std::size_t j = i;
        while (j < value.size() && re_space(value[j])) ++j;
        if (j < value.size() && value[j] == ';') {
            ++j;
            while (j < value.size() && re_space(value[j])) ++j;
            out.push_back(std::move(current));
            current.clear();
            i = j - 1;
            continue;
        }
        current += value[i];
    }
    out.push_back(std::move(current));
    return out;
}

std::vector<std::string> normalize_mime(std::string_view value) { return mime_split(jinja::pystr::lower(value)); }

/// `_locale_delim_re.split(value.lower())`.
std::vector<std::string> normalize_lang(std::string_view value) {
    std::vector<std::string> out(1);
    for (char c : jinja::pystr::lower(value)) {
        if (c == '-' || c == '_') out.emplace_back();
        else out.back() += c;
    }
    return out;
}

/// The primary subtag: `_locale_delim_re.split(value, 1)[0]`.
std::string primary_tag(std::string_view value) { return std::string(value.substr(0, value.find_first_of("-_"))); }

/// codecs.lookup(name).name for the common codecs; other names lower-cased.
std::string normalize_charset(std::string_view name) {
    std::string n = ascii_lower(name);
    std::string key;
    for (char c : n) key += (c == '-' || c == ' ') ? '_' : c;
    struct Alias {
        std::string_view alias, name;
    };
    static constexpr Alias aliases[] = {
        {"utf_8", "utf-8"},         {"utf8", "utf-8"},          {"u8", "utf-8"},           {"utf", "utf-8"},
        {"latin_1", "iso8859-1"},   {"latin1", "iso8859-1"},    {"iso8859_1", "iso8859-1"}, {"iso_8859_1", "iso8859-1"},
        {"l1", "iso8859-1"},        {"8859", "iso8859-1"},      {"cp819", "iso8859-1"},    {"ascii", "ascii"},
        {"us_ascii", "ascii"},      {"646", "ascii"},           {"utf_16", "utf-16"},      {"utf16", "utf-16"},
        {"utf_32", "utf-32"},       {"utf32", "utf-32"},        {"cp1252", "cp1252"},      {"windows_1252", "cp1252"},
    };
    for (const auto& a : aliases)
        if (a.alias == key) return std::string(a.name);
    return n;
}

}  // namespace

Accept::Accept(std::vector<Item> items, Kind kind) : items_(std::move(items)), kind_(kind), provided_(true) {
    std::vector<std::pair<std::vector<int>, double>> keys;
    std::vector<std::size_t> order(items_.size());
    for (std::size_t i = 0; i < items_.size(); ++i) {
        keys.emplace_back(specificity(items_[i].first), items_[i].second);
        order[i] = i;
    }
    // sorted(..., reverse=True) is stable: equal keys keep their order.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[b] < keys[a]; });
    std::vector<Item> sorted;
    for (auto i : order) sorted.push_back(items_[i]);
    items_ = std::move(sorted);
}

std::vector<int> Accept::specificity(std::string_view value) const {
    if (kind_ == Kind::Mime) {
        std::vector<int> out;
        for (const auto& part : mime_split(value)) out.push_back(part != "*");
        return out;
    }
    return {value != "*"};
}

bool Accept::value_matches(std::string_view value, std::string_view item) const {
    switch (kind_) {
        case Kind::Plain: return item == "*" || jinja::pystr::lower(item) == jinja::pystr::lower(value);
        case Kind::Language: return item == "*" || normalize_lang(value) == normalize_lang(item);
        case Kind::Charset: return item == "*" || normalize_charset(value) == normalize_charset(item);
        case Kind::Mime: break;
    }
    if (item.find('/') == std::string_view::npos) return false;
    if (value.find('/') == std::string_view::npos) throw jinja::ValueError("invalid mimetype '" + std::string(value) + "'");
    auto v = normalize_mime(value);
    std::vector<std::string> value_params(v.begin() + 2, v.end());
    std::sort(value_params.begin(), value_params.end());
    if (v[0] == "*" && v[1] != "*") throw jinja::ValueError("invalid mimetype '" + std::string(value) + "'");
    auto it = normalize_mime(item);
    std::vector<std::string> item_params(it.begin() + 2, it.end());
    std::sort(item_params.begin(), item_params.end());
    if (it[0] == "*" && it[1] != "*") return false;
    return (it[0] == "*" && it[1] == "*") || (v[0] == "*" && v[1] == "*") ||
           (it[0] == v[0] && (it[1] == "*" || v[1] == "*" || (it[1] == v[1] && item_params == value_params)));
}

double Accept::quality(std::string_view key) const {
    for (const auto& [item, q] : items_)
        if (value_matches(key, item)) return q;
    return 0;
}

bool Accept::contains(std::string_view key) const { return find(key) >= 0; }

std::ptrdiff_t Accept::find(std::string_view key) const {
    for (std::size_t i = 0; i < items_.size(); ++i)
        if (value_matches(key, items_[i].first)) return static_cast<std::ptrdiff_t>(i);
    return -1;
}

std::vector<std::string> Accept::values() const {
    std::vector<std::string> out;
    for (const auto& [item, q] : items_) out.push_back(item);
    return out;
}

std::string Accept::to_header() const {
    std::string out;
    for (const auto& [item, q] : items_) {
        if (&item != &items_.front().first) out += ',';
        out += item;
        if (q != 1) out += ";q=" + jinja::float_repr(q);
    }
    return out;
}

std::optional<std::string> Accept::plain_best_match(const std::vector<std::string>& offers,
                                                    std::optional<std::string> fallback) const {
    std::optional<std::string> result = std::move(fallback);
    double best_quality = -1;
    std::vector<int> best_specificity = {-1};
    for (const auto& offer : offers) {
        const Item* match = nullptr;
        for (const auto& item : items_) {
            if (value_matches(offer, item.first)) {
                match = &item;
                break;
            }
        }
        if (!match) continue;
        auto spec = specificity(match->first);
        double q = match->second;
        if (q <= 0 || q < best_quality) continue;
        if (q > best_quality || spec > best_specificity) {
            result = offer;
            best_quality = q;
            best_specificity = std::move(spec);
        }
    }
    return result;
}

std::optional<std::string> Accept::best_match(const std::vector<std::string>& offers,
                                              std::optional<std::string> fallback) const {
    return plain_best_match(offers, std::move(fallback));
}

std::optional<std::string> Accept::best() const {
    if (items_.empty()) return std::nullopt;
    return items_.front().first;
}

bool MIMEAccept::accept_html() const { return contains("text/html") || accept_xhtml(); }
bool MIMEAccept::accept_xhtml() const { return contains("application/xhtml+xml") || contains("application/xml"); }
bool MIMEAccept::accept_json() const { return contains("application/json"); }

std::optional<std::string> LanguageAccept::best_match(const std::vector<std::string>& offers,
                                                      std::optional<std::string> fallback) const {
    if (auto result = plain_best_match(offers, std::nullopt)) return result;
    // The client's primary tags against the offers ...
    std::vector<Item> primaries;
    for (const auto& [item, q] : items_) primaries.emplace_back(primary_tag(item), q);
    if (auto result = Accept(std::move(primaries)).best_match(offers)) return result;
    // ... then the client's tags against the offers' primary tags.
    std::vector<std::string> offer_primaries;
    for (const auto& offer : offers) offer_primaries.push_back(primary_tag(offer));
    if (auto result = plain_best_match(offer_primaries, std::nullopt)) {
        for (const auto& offer : offers)
            if (offer.compare(0, result->size(), *result) == 0) return offer;
    }
    return fallback;
}

std::optional<std::vector<Accept::Item>> parse_accept_items(std::optional<std::string_view> value) {
    if (!value || value->empty()) return std::nullopt;
    std::vector<Accept::Item> result;
    for (const auto& raw : parse_list_header(*value)) {
        auto parsed = parse_options_header(raw);
        double q = 1;
        if (auto q_text = parsed.options.get("q")) {
            parsed.options.erase("q");
            std::string_view s = py_strip(*q_text);
            // `-?\d+(\.\d+)?` (ASCII digits), then 0 <= q <= 1.
            std::size_t i = 0;
            if (i < s.size() && s[i] == '-') ++i;
            std::size_t int_start = i;
            while (i < s.size() && ascii_digit(s[i])) ++i;
            bool ok = i > int_start;
            if (ok && i < s.size() && s[i] == '.') {
                std::size_t frac_start = ++i;
                while (i < s.size() && ascii_digit(s[i])) ++i;
                ok = i > frac_start;
            }
            if (!ok || i != s.size()) continue;
            q = std::stod(std::string(s));
            if (q < 0 || q > 1) continue;
        }
        std::string item = parsed.value;
        if (!parsed.options.empty()) item = dump_options_header(item, parsed.options.params());
        result.emplace_back(std::move(item), q);
    }
    return result;
}

}  // namespace flask
