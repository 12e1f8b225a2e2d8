// IRI to URI conversion, as Werkzeug applies it to Location headers.
#pragma once

#include <string>
#include <string_view>

namespace flask {

/// werkzeug.urls.iri_to_uri: percent-encodes non-ASCII and unsafe characters
/// in the path, query and fragment (existing %-escapes are kept) and
/// IDNA-encodes the host.
/// Throws std::invalid_argument where Python raises ValueError / UnicodeError
/// (an invalid port, an unbalanced IPv6 bracket, a host IDNA cannot encode).
std::string iri_to_uri(std::string_view iri);

/// werkzeug.urls.uri_to_iri: decodes %-escapes in the path, query, fragment
/// and user info, except those that must stay quoted (controls, space, '%',
/// and the part's delimiters), re-quoting bytes that are not UTF-8, and
/// decodes an IDNA (xn--) host.  Throws std::invalid_argument like iri_to_uri.
std::string uri_to_iri(std::string_view uri);

/// The five parts of urllib.parse.urlsplit (scheme lower-cased).
struct SplitUrl {
    std::string scheme = {}, netloc = {}, path = {}, query = {}, fragment = {};
};
SplitUrl url_split(std::string_view url);
/// urllib.parse.urlunsplit.
std::string url_unsplit(const SplitUrl& parts);

}  // namespace flask
