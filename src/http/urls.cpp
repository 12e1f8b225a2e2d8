// URL quoting, query encoding, urljoin and IDNA, following urllib.parse and
// Werkzeug's rules byte for byte.
#include "flask/urls.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <stdexcept>

namespace flask {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool always_safe(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-' || c == '~';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void quote_into(std::string& out, std::string_view text, std::string_view safe, bool plus) {
    for (unsigned char c : text) {
        if (plus && c == ' ') {
            out += '+';
        } else if (always_safe(c) || (c < 0x80 && safe.find(static_cast<char>(c)) != std::string_view::npos)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
}

// What urlencode() quotes for one key or value: str() of it, raw bytes for bytes.
std::string query_text(const jinja::Value& v) {
    if (v.is_string() || v.is_bytes()) return v.as_string();
    return v.str();
}

// Python's ordering of the (key, value) tuples sort_parameters sorts.
int compare_values(const jinja::Value& a, const jinja::Value& b) {
    if ((a.is_number() || a.is_bool()) && (b.is_number() || b.is_bool())) {
        if (a.is_float() || b.is_float()) {
            double x = a.as_float(), y = b.as_float();
            return x < y ? -1 : (y < x ? 1 : 0);
        }
        auto x = a.as_int(), y = b.as_int();
        return x < y ? -1 : (y < x ? 1 : 0);
    }
    std::string x = query_text(a), y = query_text(b);
    return x.compare(y) < 0 ? -1 : (x == y ? 0 : 1);
}

struct SplitUrl {
    std::string_view scheme, netloc, path, query, fragment;
    bool has_scheme = false, has_netloc = false, has_query = false, has_fragment = false;
};

SplitUrl split_url(std::string_view url) {
    SplitUrl s;
    // scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
    if (!url.empty() && std::isalpha(static_cast<unsigned char>(url[0]))) {
        std::size_t i = 1;
        while (i < url.size() && (std::isalnum(static_cast<unsigned char>(url[i])) || url[i] == '+' ||
                                  url[i] == '-' || url[i] == '.'))
            ++i;
        if (i < url.size() && url[i] == ':') {
            s.scheme = url.substr(0, i);
            s.has_scheme = true;
            url.remove_prefix(i + 1);
        }
    }
    if (url.substr(0, 2) == "//") {
        std::size_t end = url.find_first_of("/?#", 2);
        if (end == std::string_view::npos) end = url.size();
        s.netloc = url.substr(2, end - 2);
        s.has_netloc = true;
        url.remove_prefix(end);
    }
    if (auto hash = url.find('#'); hash != std::string_view::npos) {
        s.fragment = url.substr(hash + 1);
        s.has_fragment = true;
        url = url.substr(0, hash);
    }
    if (auto q = url.find('?'); q != std::string_view::npos) {
        s.query = url.substr(q + 1);
        s.has_query = true;
        url = url.substr(0, q);
    }
    s.path = url;
    return s;
}

std::string unsplit(std::string_view scheme, std::string_view netloc, bool has_netloc, std::string_view path,
                    std::string_view query, std::string_view fragment) {
    std::string out;
    if (!scheme.empty()) {
        out += scheme;
        out += ':';
    }
    if (has_netloc || !netloc.empty()) {
        out += "//";
        out += netloc;
        if (!path.empty() && path[0] != '/') out += '/';
    }
    out += path;
    if (!query.empty()) {
        out += '?';
        out += query;
    }
    if (!fragment.empty()) {
        out += '#';
        out += fragment;
    }
    return out;
}

std::vector<std::string_view> split_slash(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) {
            parts.push_back(path.substr(start));
            return parts;
        }
        parts.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
}

char32_t next_code_point(std::string_view s, std::size_t& i) {
    auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    ++i;
    for (int k = 0; k < extra && i < s.size(); ++k, ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    return cp;
}

}  // namespace

std::string url_quote(std::string_view text, std::string_view safe) {
    std::string out;
    out.reserve(text.size() + 8);
    quote_into(out, text, safe, false);
    return out;
}

std::string url_quote_plus(std::string_view text, std::string_view safe) {
    std::string out;
    out.reserve(text.size() + 8);
    quote_into(out, text, safe, true);
    return out;
}

std::string url_unquote(std::string_view text, bool plus_as_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += (plus_as_space && c == '+') ? ' ' : c;
    }
    return out;
}

void append_query_pair(std::string& out, std::string_view key, std::string_view value) {
    if (!out.empty()) out += '&';
    quote_into(out, key, kQuerySafe, true);
    out += '=';
    quote_into(out, value, kQuerySafe, true);
}

std::string url_encode(const QueryPairs& pairs, bool sort) {
    std::vector<std::pair<std::string_view, const jinja::Value*>> items;
    items.reserve(pairs.size());
    for (const auto& [key, value] : pairs) {
        if (value.is_list()) {
            for (const auto& item : value.as_list()) items.emplace_back(key, &item);
        } else {
            items.emplace_back(key, &value);
        }
    }
    if (sort) {
        std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
            if (a.first != b.first) return a.first < b.first;
            return compare_values(*a.second, *b.second) < 0;
        });
    }
    std::string out;
    for (const auto& [key, value] : items) {
        if (value->is_none() || value->is_undefined()) continue;
        append_query_pair(out, key, query_text(*value));
    }
    return out;
}

std::string url_join(std::string_view base, std::string_view url) {
    if (base.empty()) return std::string(url);
    if (url.empty()) return std::string(base);
    SplitUrl b = split_url(base);
    SplitUrl u = split_url(url);
    std::string_view scheme = u.has_scheme ? u.scheme : b.scheme;
    if (u.has_scheme && u.scheme != b.scheme) return std::string(url);
    if (u.has_netloc) return unsplit(scheme, u.netloc, true, u.path, u.query, u.fragment);
    if (u.path.empty()) {
        return unsplit(scheme, b.netloc, b.has_netloc, b.path, u.has_query ? u.query : b.query, u.fragment);
    }
    std::vector<std::string_view> segments;
    if (u.path[0] == '/') {
        segments = split_slash(u.path);
    } else {
        segments = split_slash(b.path);
        if (!segments.back().empty()) segments.pop_back();
        for (auto s : split_slash(u.path)) segments.push_back(s);
    }
    // Python drops empty inner segments before resolving dot segments.
    if (segments.size() > 2) {
        std::vector<std::string_view> filtered{segments.front()};
        for (std::size_t i = 1; i + 1 < segments.size(); ++i)
            if (!segments[i].empty()) filtered.push_back(segments[i]);
        filtered.push_back(segments.back());
        segments = std::move(filtered);
    }
    std::vector<std::string_view> resolved;
    for (auto seg : segments) {
        if (seg == "..") {
            if (!resolved.empty()) resolved.pop_back();
        } else if (seg != ".") {
            resolved.push_back(seg);
        }
    }
    if (segments.back() == "." || segments.back() == "..") resolved.push_back("");
    std::string path;
    for (std::size_t i = 0; i < resolved.size(); ++i) {
        if (i) path += '/';
        path += resolved[i];
    }
    if (path.empty()) path = "/";
    return unsplit(scheme, b.netloc, b.has_netloc, path, u.query, u.fragment);
}

std::string punycode_encode(std::u32string_view input) {
    constexpr std::uint32_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700;
    auto digit = [](std::uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); };
    auto adapt = [&](std::uint32_t delta, std::uint32_t points, bool first) {
        delta = first ? delta / damp : delta / 2;
        delta += delta / points;
        std::uint32_t k = 0;
        while (delta > ((base - tmin) * tmax) / 2) {
            delta /= base - tmin;
            k += base;
        }
        return k + (((base - tmin + 1) * delta) / (delta + skew));
    };
    std::string out;
    for (char32_t c : input)
        if (c < 0x80) out += static_cast<char>(c);
    std::uint32_t basic = static_cast<std::uint32_t>(out.size()), handled = basic;
    if (basic > 0) out += '-';
    std::uint32_t n = 0x80, delta = 0, bias = 72;
    while (handled < input.size()) {
        std::uint32_t m = 0xFFFFFFFF;
        for (char32_t c : input)
            if (c >= n && c < m) m = c;
        delta += (m - n) * (handled + 1);
        n = m;
        for (char32_t c : input) {
            if (c < n) ++delta;
            if (c == n) {
                std::uint32_t q = delta;
                for (std::uint32_t k = base;; k += base) {
                    std::uint32_t t = k <= bias ? tmin : (k >= bias + tmax ? tmax : k - bias);
                    if (q < t) break;
                    out += digit(t + (q - t) % (base - t));
                    q = (q - t) / (base - t);
                }
                out += digit(q);
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                ++handled;
            }
        }
        ++delta;
        ++n;
    }
    return out;
}

std::string idna_encode_host(std::string_view host) {
    std::string_view port;
    if (auto colon = host.find(':'); colon != std::string_view::npos) {
        port = host.substr(colon);
        host = host.substr(0, colon);
    }
    std::string out;
    std::vector<std::string_view> labels;
    std::size_t start = 0;
    while (true) {
        std::size_t dot = host.find('.', start);
        labels.push_back(host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        std::string_view label = labels[i];
        bool ascii = std::all_of(label.begin(), label.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        std::string encoded;
        if (ascii) {
            encoded = std::string(label);
        } else {
            std::u32string cps;
            for (std::size_t k = 0; k < label.size();) {
                char32_t c = next_code_point(label, k);
                if (c < 0x80 && c >= 'A' && c <= 'Z') c += 'a' - 'A';
                cps += c;
            }
            encoded = "xn--" + punycode_encode(cps);
        }
        bool last = i + 1 == labels.size();
        if ((encoded.empty() && !last && !host.empty()) || encoded.size() > 63)
            throw std::invalid_argument("label empty or too long");
        if (i) out += '.';
        out += encoded;
    }
    out += port;
    return out;
}

}  // namespace flask
