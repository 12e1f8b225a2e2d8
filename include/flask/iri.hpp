// IRI to URI conversion, as Werkzeug applies it to Location headers.
#pragma once

#include <string>
#include <string_view>

namespace flask {

/// werkzeug.urls.iri_to_uri: percent-encodes non-ASCII and unsafe characters
/// in the path, query and fragment (existing %-escapes are kept) and
/// IDNA-encodes the host.
std::string iri_to_uri(std::string_view iri);

}  // namespace flask
