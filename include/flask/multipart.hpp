// multipart/form-data, as Werkzeug parses it (sans I/O).
//
// MultipartDecoder is incremental: feed() it bytes as they arrive, call
// finish() at the end of the body, and pull events with next_event() until it
// says NeedData (or Epilogue).  Part data comes out as it is found, so a
// caller can stream file parts to disk and never hold a whole upload.
// Line breaks may be CRLF, LF or CR alone, and the first boundary need not be
// preceded by one, as Werkzeug accepts.
//
// parse_multipart_form() drives the decoder from a reader and builds the form
// (fields) and files (FileStorage, spooled to disk above 500 KiB), with
// Flask's limits: MAX_FORM_MEMORY_SIZE and MAX_FORM_PARTS raise 413.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "flask/datastructures.hpp"
#include "flask/file_storage.hpp"
#include "flask/headers.hpp"

namespace flask::multipart {

/// Malformed multipart data (Werkzeug's ValueError): the request's form parser
/// turns it into an empty form and files.
struct MultipartError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Bytes before the first boundary.
struct Preamble {
    std::string data = {};
};
/// A part without a filename: a form field.
struct Field {
    std::string name = {};
    Headers headers = {};
};
/// A part with a filename parameter (possibly empty): a file.
struct File {
    std::string name = {};
    std::string filename = {};
    Headers headers = {};
};
/// Body bytes of the current part; `more_data` is false on its last chunk.
struct Data {
    std::string data = {};
    bool more_data = false;
};
/// Bytes after the closing boundary (only once finish() was called).
struct Epilogue {
    std::string data = {};
};
/// Feed more bytes (or call finish()).
struct NeedData {};

using Event = std::variant<NeedData, Preamble, Field, File, Data, Epilogue>;

class MultipartDecoder {
public:
    /// `max_form_memory_size`: feeding more than that many buffered bytes at
    /// once is 413 (Werkzeug's check on its buffer).  `max_parts`: more parts
    /// than that is 413.
    explicit MultipartDecoder(std::string boundary, std::optional<std::uint64_t> max_form_memory_size = std::nullopt,
                              std::optional<std::uint64_t> max_parts = std::nullopt);

    /// Appends body bytes.  Throws HTTPException(413) past max_form_memory_size.
    void feed(std::string_view data);
    /// The body is complete: the decoder will not wait for more bytes.
    void finish() noexcept { complete_ = true; }
    /// The next event; throws MultipartError on malformed input (also when the
    /// body ended before the closing boundary) and HTTPException(413) when
    /// there are more parts than max_parts.
    Event next_event();

    /// Bytes buffered and not yet returned in an event.
    std::size_t buffered() const noexcept { return buffer_.size() - start_; }

private:
    enum class State { preamble, part, data_start, data, epilogue, complete };

    std::string_view view() const noexcept { return std::string_view(buffer_).substr(start_); }
    void consume(std::size_t n);
    Event parse_headers_block(std::string_view block);
    Event take_data(bool at_start);

    std::string boundary_;  // "--" + boundary
    std::optional<std::uint64_t> max_form_memory_size_;
    std::optional<std::uint64_t> max_parts_;
    std::string buffer_;
    std::size_t start_ = 0;  // consumed prefix of buffer_
    std::size_t search_from_ = 0;
    std::uint64_t dropped_ = 0;  // epilogue bytes fed after the closing boundary
    std::uint64_t parts_ = 0;
    State state_ = State::preamble;
    bool complete_ = false;
};

struct FormLimits {
    /// MAX_FORM_MEMORY_SIZE: the largest non-file field (and buffered chunk).
    std::optional<std::uint64_t> max_form_memory_size = 500000;
    /// MAX_FORM_PARTS.
    std::optional<std::uint64_t> max_form_parts = 1000;
    /// File parts larger than this go to a temporary file.
    std::size_t spool_threshold = SpooledTemporaryFile::default_max_size;
    /// How much is read from the body at a time.
    std::size_t buffer_size = 64 * 1024;
};

struct ParsedForm {
    MultiDict form = {};
    FileMultiDict files = {};
};

/// Pulls up to `size` bytes into `buffer`; 0 at the end of the body.
using Reader = std::function<std::size_t(char* buffer, std::size_t size)>;

/// Parses a whole multipart/form-data body from `read`.  Field values are
/// decoded with the part's charset (utf-8 unless ascii/us-ascii/iso-8859-1),
/// invalid bytes replaced.  Throws MultipartError when the body is malformed,
/// HTTPException(413) when a limit is exceeded; exceptions from `read` pass.
ParsedForm parse_multipart_form(const Reader& read, std::string_view boundary, const FormLimits& limits = {});

}  // namespace flask::multipart
