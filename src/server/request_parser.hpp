// Sans-I/O parsing of an HTTP/1.x request head.
//
// Strict on purpose: every ambiguity that lets a proxy and this server
// disagree about where a request ends (CL+TE, conflicting Content-Length,
// obs-fold, stray CR/NUL) is a 400, because this is the production server.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "flask/server.hpp"

namespace flask::server {

enum class BodyKind { none, length, chunked };

struct HeaderView {
    std::string_view name;
    std::string_view value;
};

/// Views into the connection's input buffer; valid until that buffer is consumed.
struct RequestHead {
    std::string_view request_line;
    std::string_view method;
    std::string_view target;
    std::string_view protocol;  // "HTTP/1.1"
    int minor_version = 1;
    std::vector<HeaderView> headers;
    std::size_t head_size = 0;  // bytes of request line + headers + blank line
    BodyKind body = BodyKind::none;
    std::uint64_t content_length = 0;  // meaningful when body == length
    bool has_content_length = false;
    bool keep_alive = true;
    bool expect_continue = false;

    void clear();
};

enum class ParseStatus { incomplete, complete, error };

/// Incremental scanner: remembers how far it looked for the end of the head,
/// so a head trickling in byte by byte is not rescanned from the start.
class HeadParser {
public:
    explicit HeadParser(const ServerLimits& limits) : limits_(&limits) {}

    /// Parse `data` (the start of the connection buffer).  On error, status()
    /// is the HTTP status to answer (400, 413, 414, 431, 501, 505).
    ParseStatus parse(std::string_view data, RequestHead& head);
    int error_status() const noexcept { return error_status_; }
    /// The start of a request line, for the access log of rejected requests.
    static std::string_view first_line(std::string_view data);
    void reset() noexcept { scanned_ = 0; error_status_ = 0; }

private:
    ParseStatus fail(int status) noexcept {
        error_status_ = status;
        return ParseStatus::error;
    }
    ParseStatus parse_complete(std::string_view head_text, RequestHead& head);
    ParseStatus parse_request_line(std::string_view line, RequestHead& head);
    ParseStatus interpret_headers(RequestHead& head);

    const ServerLimits* limits_;
    std::size_t scanned_ = 0;
    int error_status_ = 0;
};

/// Percent-decode a path (%2F too, as WSGI servers do); invalid escapes stay as sent.
void percent_decode_path(std::string_view in, std::string& out);

/// Split a request target into PATH_INFO (decoded) and QUERY_STRING (raw);
/// absolute-form targets yield their authority in `authority`.
void split_target(std::string_view target, std::string& path_info, std::string& query,
                  std::string_view& authority);

/// Case-insensitive search for a token in a comma-separated header value.
bool has_token(std::string_view list, std::string_view token) noexcept;

}  // namespace flask::server
