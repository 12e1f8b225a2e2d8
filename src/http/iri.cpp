#include "flask/iri.hpp"

#include "flask/urls.hpp"

namespace flask {

std::string iri_to_uri(std::string_view iri) {
    // urlsplit: scheme "://" netloc, then path, "?" query, "#" fragment.
    std::string out;
    std::string_view rest = iri;
    auto colon = rest.find(':');
    auto first_special = rest.find_first_of("/?#");
    if (colon != std::string_view::npos && (first_special == std::string_view::npos || colon < first_special)) {
        out.append(rest.substr(0, colon + 1));
        rest.remove_prefix(colon + 1);
    }
    if (rest.substr(0, 2) == "//") {
        rest.remove_prefix(2);
        auto end = rest.find_first_of("/?#");
        auto netloc = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
        out += "//";
        auto at = netloc.rfind('@');
        if (at != std::string_view::npos) {
            out += url_quote(netloc.substr(0, at), "%!$&'()*+,;=:");
            out += '@';
            netloc.remove_prefix(at + 1);
        }
        try {
            out += idna_encode_host(netloc);
        } catch (const std::exception&) {
            out += url_quote(netloc, "%:[]");
        }
    }
    auto hash = rest.find('#');
    std::string_view fragment;
    bool has_fragment = hash != std::string_view::npos;
    if (has_fragment) {
        fragment = rest.substr(hash + 1);
        rest = rest.substr(0, hash);
    }
    auto q = rest.find('?');
    bool has_query = q != std::string_view::npos;
    out += url_quote(rest.substr(0, q), "%!$&'()*+,/:;=@");
    // urlunsplit drops an empty query or fragment together with its delimiter.
    if (has_query && q + 1 < rest.size()) out += "?" + url_quote(rest.substr(q + 1), "%!$&'()*+,/:;=?@");
    if (has_fragment && !fragment.empty()) out += "#" + url_quote(fragment, "%!#$&'()*+,/:;=?@");
    return out;
}

}  // namespace flask
