// Header value quoting and the list / dict / options header grammars
// (werkzeug.http.quote_header_value ... parse_options_header).
#include <algorithm>

#include "flask/http.hpp"
#include "http/text_codec.hpp"

namespace flask {

using namespace http_detail;

namespace {

constexpr std::string_view kTokenChars =
    "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~";

/// `[\w!#$%&'*+\-.^`|~]` under re.ASCII (a parameter token character).
bool param_token_char(char c) { return re_word(c) || std::string_view("!#$%&'*+-.^`|~").find(c) != std::string_view::npos; }
/// The same class without `'` (RFC 2231 charset and language parts).
bool charset_token_char(char c) { return c != '\'' && param_token_char(c); }

/// urllib.parse.unquote(value, encoding) for the three charsets Werkzeug
/// accepts; invalid UTF-8 becomes U+FFFD.
std::string unquote_charset(std::string_view value, std::string_view encoding) {
    std::string bytes;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '%' && i + 2 < value.size() && hex_value(value[i + 1]) >= 0 && hex_value(value[i + 2]) >= 0) {
            bytes += static_cast<char>(hex_value(value[i + 1]) * 16 + hex_value(value[i + 2]));
            i += 2;
        } else {
            bytes += value[i];
        }
    }
    if (encoding == "iso-8859-1") return latin1_to_utf8(bytes);
    if (encoding == "utf-8") return utf8_decode_replace(bytes);
    // ascii: bytes >= 0x80 are replaced one by one.
    std::string out;
    for (char c : bytes) {
        if (static_cast<unsigned char>(c) < 0x80) out += c;
        else out += "\xEF\xBF\xBD";
    }
    return out;
}

/// `_charset_value_re.match`: charset'language'value; the value part must be
/// one or more token characters (percent-encoded).
bool match_charset_value(std::string_view text, std::string& charset, std::string& rest) {
    std::size_t i = 0;
    while (i < text.size() && charset_token_char(text[i])) ++i;
    if (i >= text.size() || text[i] != '\'') return false;
    std::size_t charset_end = i++;
    while (i < text.size() && charset_token_char(text[i])) ++i;
    if (i >= text.size() || text[i] != '\'') return false;
    std::size_t value_start = ++i;
    while (i < text.size() && param_token_char(text[i])) ++i;
    if (i == value_start) return false;
    charset = ascii_lower(text.substr(0, charset_end));
    rest = std::string(text.substr(value_start, i - value_start));  // match() ignores anything after
    return true;
}

bool allowed_charset(std::string_view encoding) {
    return encoding == "ascii" || encoding == "us-ascii" || encoding == "utf-8" || encoding == "iso-8859-1";
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    std::size_t pos = 0;
    while ((pos = text.find(from, pos)) != std::string::npos) {
        text.replace(pos, from.size(), to);
        pos += to.size();
    }
    return text;
}

}  // namespace

std::string quote_header_value(std::string_view value, bool allow_token) {
    if (value.empty()) return "\"\"";
    if (allow_token && value.find_first_not_of(kTokenChars) == std::string_view::npos) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

std::string unquote_header_value(std::string_view value) {
    if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::string(value);
    value = value.substr(1, value.size() - 2);
    // `\\(.)` under re.ASCII: '.' is any character but a newline.
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] != '\n') ++i;
        out += value[i];
    }
    return out;
}

std::string dump_options_header(std::optional<std::string_view> header, const HeaderParams& options) {
    std::vector<std::string> segments;
    if (header) segments.emplace_back(*header);
    for (const auto& [key, value] : options) {
        if (value.is_none() || value.is_undefined()) continue;
        if (!key.empty() && key.back() == '*') segments.push_back(key + "=" + value.str());
        else segments.push_back(key + "=" + quote_header_value(value.str()));
    }
    std::string out;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (i) out += "; ";
        out += segments[i];
    }
    return out;
}

std::string dump_header(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += quote_header_value(items[i]);
    }
    return out;
}

std::string dump_header(const HeaderParams& items) {
    std::string out;
    bool first = true;
    for (const auto& [key, value] : items) {
        if (!first) out += ", ";
        first = false;
        if (value.is_none() || value.is_undefined()) out += key;
        else if (!key.empty() && key.back() == '*') out += key + "=" + value.str();
        else out += key + "=" + quote_header_value(value.str());
    }
    return out;
}

std::vector<std::string> parse_list_header(std::string_view value) {
    std::vector<std::string> raw;
    std::string item;
    bool escape = false, quote = false;
    for (char c : value) {
        if (escape) {
            escape = false;
            item += c;
            continue;
        }
        if (quote) {
            if (c == '\\') escape = true;
            else if (c == '"') quote = false;
            item += c;
            continue;
        }
        if (c == ',') {
            raw.push_back(std::move(item));
            item.clear();
            continue;
        }
        if (c == '"') quote = true;
        item += c;
    }
    if (quote) return {};  // an unclosed quoted string
    raw.push_back(std::move(item));
    std::vector<std::string> out;
    for (const auto& r : raw) {
        auto stripped = py_strip(r);
        if (!stripped.empty()) out.push_back(unquote_header_value(stripped));
    }
    return out;
}

const std::string* HeaderOptions::find(std::string_view key) const {
    for (const auto& [k, v] : items_)
        if (k == key) return &v;
    return nullptr;
}

std::optional<std::string> HeaderOptions::get(std::string_view key) const {
    if (const auto* v = find(key)) return *v;
    return std::nullopt;
}

void HeaderOptions::set(std::string key, std::string value) {
    for (auto& [k, v] : items_) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    items_.emplace_back(std::move(key), std::move(value));
}

bool HeaderOptions::erase(std::string_view key) {
    auto it = std::find_if(items_.begin(), items_.end(), [&](const Item& i) { return i.first == key; });
    if (it == items_.end()) return false;
    items_.erase(it);
    return true;
}

HeaderParams HeaderOptions::params() const {
    HeaderParams out;
    for (const auto& [k, v] : items_) out.emplace_back(k, jinja::Value(v));
    return out;
}

std::vector<std::pair<std::string, std::optional<std::string>>> parse_dict_header(std::string_view value) {
    std::vector<std::pair<std::string, std::optional<std::string>>> result;
    auto store = [&](std::string key, std::optional<std::string> v) {
        for (auto& [k, old] : result) {
            if (k == key) {
                old = std::move(v);
                return;
            }
        }
        result.emplace_back(std::move(key), std::move(v));
    };
    for (const auto& item : parse_list_header(value)) {
        auto eq = item.find('=');
        std::string key(py_strip(std::string_view(item).substr(0, eq)));
        if (key.empty()) continue;
        if (eq == std::string::npos) {
            store(std::move(key), std::nullopt);
            continue;
        }
        std::string v(py_strip(std::string_view(item).substr(eq + 1)));
        if (key.back() == '*') {
            key.pop_back();
            std::string encoding, rest;
            bool has_charset = match_charset_value(v, encoding, rest);
            if (has_charset) v = rest;
            if (has_charset && allowed_charset(encoding)) v = unquote_charset(v, encoding);
        }
        store(std::move(key), unquote_header_value(v));
    }
    return result;
}

OptionsHeader parse_options_header(std::optional<std::string_view> input) {
    OptionsHeader out;
    if (!input) return out;
    std::string_view text = *input;
    auto semi = text.find(';');
    std::string_view value = py_strip(text.substr(0, semi));
    std::string_view rest = semi == std::string_view::npos ? std::string_view() : py_strip(text.substr(semi + 1));
    out.value = std::string(value);
    if (value.empty() || rest.empty()) return out;

    // Collect the valid key=value parts without processing the values.
    std::vector<std::pair<std::string, std::string>> parts;
    while (true) {
        std::size_t k = 0;
        while (k < rest.size() && param_token_char(rest[k])) ++k;
        if (k > 0 && k < rest.size() && rest[k] == '=') {
            std::string key = ascii_lower(rest.substr(0, k));
            rest.remove_prefix(k + 1);
            std::size_t t = 0;
            while (t < rest.size() && param_token_char(rest[t])) ++t;
            if (t > 0) {
                parts.emplace_back(std::move(key), std::string(rest.substr(0, t)));
            } else if (!rest.empty() && rest.front() == '"') {
                std::size_t pos = 1;
                while (pos < rest.size()) {
                    if (rest[pos] == '\\' && pos + 1 < rest.size() && (rest[pos + 1] == '\\' || rest[pos + 1] == '"')) {
                        pos += 2;
                    } else if (rest[pos] == '"') {
                        parts.emplace_back(std::move(key), std::string(rest.substr(0, pos + 1)));
                        rest.remove_prefix(pos + 1);
                        break;
                    } else {
                        ++pos;
                    }
                }
            }
        }
        auto end = rest.find(';');
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
        // lstrip(): Unicode whitespace.
        std::string_view stripped = py_strip(rest);
        rest = stripped.empty() ? std::string_view() : rest.substr(static_cast<std::size_t>(stripped.data() - rest.data()));
    }

    // As in Werkzeug, `enc` carries over from one part to the next.
    std::optional<std::string> enc, continued_encoding;
    for (auto& [pk, pv] : parts) {
        if (pk.back() == '*') {
            pk.pop_back();
            std::string encoding, value_part;
            if (match_charset_value(pv, encoding, value_part)) {
                pv = value_part;
                enc = encoding;
            }
            if (!enc || enc->empty()) enc = continued_encoding;
            if (enc && allowed_charset(*enc)) {
                continued_encoding = enc;
                pv = unquote_charset(pv, *enc);
            }
        }
        if (pv.size() >= 1 && pv.front() == '"' && pv.back() == '"') {
            std::string inner = pv.size() >= 2 ? pv.substr(1, pv.size() - 2) : std::string();
            inner = replace_all(std::move(inner), "\\\\", "\\");
            inner = replace_all(std::move(inner), "\\\"", "\"");
            pv = replace_all(std::move(inner), "%22", "\"");
        }
        // key*0=a; key*1=b becomes key=ab.
        std::size_t digits = pk.size();
        while (digits > 0 && ascii_digit(pk[digits - 1])) --digits;
        if (digits < pk.size() && digits > 0 && pk[digits - 1] == '*') {
            std::string base = pk.substr(0, digits - 1);
            std::string joined = out.options.get(base).value_or("") + pv;
            out.options.set(std::move(base), std::move(joined));
        } else {
            out.options.set(pk, pv);
        }
    }
    return out;
}

}  // namespace flask
