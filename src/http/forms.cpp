#include "flask/forms.hpp"

#include "http/text_codec.hpp"

namespace flask {

using namespace http_detail;

namespace {

/// parse_qsl's per-component decoding: '+' is a space, then unquote with
/// Werkzeug's "werkzeug.url_quote" error handler.
std::string decode_component(std::string_view text) {
    std::string spaced(text);
    for (char& c : spaced)
        if (c == '+') c = ' ';
    return unquote_requote(spaced);
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        std::size_t n = utf8_sequence_length(text, i);
        if (!n) return false;
        i += n;
    }
    return true;
}

std::string percent_decode(std::string_view text, bool plus_as_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (plus_as_space && c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

MultiDict url_decode(std::string_view query) {
    // Werkzeug decodes the whole QUERY_STRING (or body) as UTF-8 first.
    if (!is_valid_utf8(query)) throw InvalidUtf8("'utf-8' codec can't decode byte in query string");
    MultiDict out;
    while (!query.empty()) {
        auto amp = query.find('&');
        auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        std::string key = decode_component(pair.substr(0, eq));
        std::string value = eq == std::string_view::npos ? std::string() : decode_component(pair.substr(eq + 1));
        out.add(std::move(key), std::move(value));
    }
    return out;
}

}  // namespace flask
