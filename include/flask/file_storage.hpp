// Uploaded files: werkzeug.datastructures.FileStorage and request.files.
//
// A FileStorage wraps one uploaded file part.  Its bytes live in a spooled
// temporary file: in memory up to a threshold (500 KiB by default, as
// Werkzeug's default stream factory), then in a file made with mkstemp in
// TMPDIR that is removed when the last FileStorage referring to it goes away
// (at the end of the request for request.files).  Copies of a FileStorage
// share the stream and its position, as Python references do.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flask/datastructures.hpp"
#include "flask/headers.hpp"

namespace flask {

class HeaderOptions;  // flask/http.hpp

/// tempfile.SpooledTemporaryFile(max_size): bytes in memory until more than
/// `max_size` were written, then a temporary file (mkstemp in $TMPDIR, else
/// /tmp) that is unlinked on destruction.
class SpooledTemporaryFile {
public:
    static constexpr std::size_t default_max_size = 500 * 1024;

    explicit SpooledTemporaryFile(std::size_t max_size = default_max_size) : max_size_(max_size) {}
    ~SpooledTemporaryFile();
    SpooledTemporaryFile(const SpooledTemporaryFile&) = delete;
    SpooledTemporaryFile& operator=(const SpooledTemporaryFile&) = delete;

    /// Writes at the current position (always the end while the parser fills it).
    void write(std::string_view data);
    /// Reads up to `size` bytes from the current position; 0 at the end.
    std::size_t read(char* buffer, std::size_t size);
    void seek(std::uint64_t position) { position_ = position; }
    std::uint64_t tell() const noexcept { return position_; }
    std::uint64_t size() const noexcept { return size_; }
    /// True once the data moved to a file on disk.
    bool rolled_over() const noexcept { return fd_ >= 0; }
    /// The temporary file's path while on disk.
    const std::string& path() const noexcept { return path_; }
    /// Moves the data to disk now (as SpooledTemporaryFile.rollover()).
    void rollover();

private:
    std::size_t max_size_;
    std::string memory_;
    int fd_ = -1;
    std::string path_;
    std::uint64_t size_ = 0;
    std::uint64_t position_ = 0;
};

class FileStorage {
public:
    /// An empty file (as FileStorage() with an empty BytesIO).
    FileStorage();
    /// A file part as the form parser produces it: `stream` positioned at 0.
    FileStorage(std::shared_ptr<SpooledTemporaryFile> stream, std::optional<std::string> filename, std::string name,
                Headers headers);
    /// An in-memory file from bytes (tests, hand-made uploads).
    static FileStorage from_bytes(std::string_view data, std::optional<std::string> filename = std::nullopt,
                                  std::string name = {}, std::optional<std::string> content_type = std::nullopt);

    /// The client-side file name (Werkzeug keeps it verbatim: use secure_filename).
    const std::optional<std::string>& filename() const noexcept;
    /// The form field name.
    const std::string& name() const noexcept;
    /// The part's headers.
    const Headers& headers() const noexcept;
    /// The part's Content-Type header, nullopt when the client sent none.
    std::optional<std::string> content_type() const;
    /// The part's Content-Length header, 0 when absent or not an integer.
    std::uint64_t content_length() const;
    /// Lower-cased media type without parameters ("" without a Content-Type).
    std::string mimetype() const;
    /// The Content-Type's parameters ({"charset": "utf-8"}); include flask/http.hpp to use them.
    HeaderOptions mimetype_params() const;

    /// The stream: read from the current position (0 at the end).
    std::size_t read(char* buffer, std::size_t size) const;
    /// Reads everything from the current position (loads it into memory: prefer save() for big files).
    std::string read() const;
    void seek(std::uint64_t position) const;
    std::uint64_t tell() const;
    /// Total size in bytes.
    std::uint64_t size() const;
    /// Whether the data is in a temporary file (it was above the spool threshold).
    bool on_disk() const;

    /// Copies the stream from its current position to `destination` (created
    /// or truncated), `buffer_size` bytes at a time, or in the kernel when
    /// the data is on disk.  Leaves the stream at its end, as Werkzeug's save.
    void save(const std::filesystem::path& destination, std::size_t buffer_size = 16384) const;

    /// bool(file): true when a file name was sent.
    explicit operator bool() const noexcept { return filename() && !filename()->empty(); }

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

/// request.files: a MultiDict of FileStorage (first value wins for get/[]).
class FileMultiDict : public detail::BasicMultiDict<FileStorage> {};

}  // namespace flask
