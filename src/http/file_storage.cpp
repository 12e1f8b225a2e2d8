#include "flask/file_storage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "flask/http.hpp"
#include "http/text_codec.hpp"

namespace flask {

namespace {

[[noreturn]] void throw_errno(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

void write_all(int fd, const char* data, std::size_t size, const std::string& what) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno(what);
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

std::string temp_dir() {
    for (const char* var : {"TMPDIR", "TEMP", "TMP"})
        if (const char* dir = std::getenv(var); dir && *dir) return dir;
    return "/tmp";
}

}  // namespace

// ---- SpooledTemporaryFile ------------------------------------------------------------

SpooledTemporaryFile::~SpooledTemporaryFile() {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(path_.c_str());
    }
}

void SpooledTemporaryFile::rollover() {
    if (fd_ >= 0) return;
    std::string pattern = temp_dir() + "/flaskcpp-upload-XXXXXX";
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw_errno("mkstemp " + pattern);
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    fd_ = fd;
    path_ = std::move(pattern);
    write_all(fd_, memory_.data(), memory_.size(), "write " + path_);
    std::string().swap(memory_);
}

void SpooledTemporaryFile::write(std::string_view data) {
    if (data.empty()) return;
    if (fd_ < 0) {
        if (position_ != memory_.size()) memory_.resize(std::max<std::uint64_t>(memory_.size(), position_), '\0');
        memory_.replace(position_, std::min<std::size_t>(data.size(), memory_.size() - position_), data);
        position_ += data.size();
        size_ = memory_.size();
        if (size_ > max_size_) rollover();
        return;
    }
    std::uint64_t offset = position_;
    const char* p = data.data();
    std::size_t left = data.size();
    while (left > 0) {
        ssize_t n = ::pwrite(fd_, p, left, static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("write " + path_);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
    position_ = offset;
    size_ = std::max(size_, position_);
}

std::size_t SpooledTemporaryFile::read(char* buffer, std::size_t size) {
    if (position_ >= size_ || size == 0) return 0;
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(size, size_ - position_));
    if (fd_ < 0) {
        std::memcpy(buffer, memory_.data() + position_, n);
    } else {
        ssize_t got;
        do got = ::pread(fd_, buffer, n, static_cast<off_t>(position_));
        while (got < 0 && errno == EINTR);
        if (got < 0) throw_errno("read " + path_);
        n = static_cast<std::size_t>(got);
    }
    position_ += n;
    return n;
}

// ---- FileStorage ---------------------------------------------------------------------

struct FileStorage::Impl {
    std::shared_ptr<SpooledTemporaryFile> stream;
    std::optional<std::string> filename;
    std::string name;
    Headers headers;
};

FileStorage::FileStorage() : impl_(std::make_shared<Impl>()) {
    impl_->stream = std::make_shared<SpooledTemporaryFile>();
}

FileStorage::FileStorage(std::shared_ptr<SpooledTemporaryFile> stream, std::optional<std::string> filename,
                         std::string name, Headers headers)
    : impl_(std::make_shared<Impl>()) {
    impl_->stream = stream ? std::move(stream) : std::make_shared<SpooledTemporaryFile>();
    impl_->filename = std::move(filename);
    impl_->name = std::move(name);
    impl_->headers = std::move(headers);
}

FileStorage FileStorage::from_bytes(std::string_view data, std::optional<std::string> filename, std::string name,
                                    std::optional<std::string> content_type) {
    auto stream = std::make_shared<SpooledTemporaryFile>();
    stream->write(data);
    stream->seek(0);
    Headers headers;
    if (content_type) headers.set("Content-Type", *content_type);
    return FileStorage(std::move(stream), std::move(filename), std::move(name), std::move(headers));
}

const std::optional<std::string>& FileStorage::filename() const noexcept { return impl_->filename; }
const std::string& FileStorage::name() const noexcept { return impl_->name; }
const Headers& FileStorage::headers() const noexcept { return impl_->headers; }

std::optional<std::string> FileStorage::content_type() const {
    auto ct = impl_->headers.get("content-type");
    if (!ct) return std::nullopt;
    return std::string(*ct);
}

std::uint64_t FileStorage::content_length() const {
    auto cl = impl_->headers.get("content-length");
    long long n = 0;
    if (cl && http_detail::plain_int(*cl, n) && n >= 0) return static_cast<std::uint64_t>(n);
    return 0;
}

std::string FileStorage::mimetype() const {
    auto ct = content_type();
    return http_detail::ascii_lower(parse_options_header(ct ? std::optional<std::string_view>(*ct) : std::nullopt).value);
}

HeaderOptions FileStorage::mimetype_params() const {
    auto ct = content_type();
    return parse_options_header(ct ? std::optional<std::string_view>(*ct) : std::nullopt).options;
}

std::size_t FileStorage::read(char* buffer, std::size_t size) const { return impl_->stream->read(buffer, size); }

std::string FileStorage::read() const {
    auto& s = *impl_->stream;
    std::string out(static_cast<std::size_t>(s.size() > s.tell() ? s.size() - s.tell() : 0), '\0');
    out.resize(s.read(out.data(), out.size()));
    return out;
}

void FileStorage::seek(std::uint64_t position) const { impl_->stream->seek(position); }
std::uint64_t FileStorage::tell() const { return impl_->stream->tell(); }
std::uint64_t FileStorage::size() const { return impl_->stream->size(); }
bool FileStorage::on_disk() const { return impl_->stream->rolled_over(); }

void FileStorage::save(const std::filesystem::path& destination, std::size_t buffer_size) const {
    auto& s = *impl_->stream;
    int out = ::open(destination.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (out < 0) throw_errno("open " + destination.string());
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{out};
    if (s.rolled_over()) {
        // Kernel-side copy: the data never passes through this process.
        int in = ::open(s.path().c_str(), O_RDONLY | O_CLOEXEC);
        if (in >= 0) {
            Closer in_closer{in};
            auto offset = static_cast<off_t>(s.tell());
            bool ok = true;
            while (static_cast<std::uint64_t>(offset) < s.size()) {
                auto left = static_cast<std::size_t>(s.size() - static_cast<std::uint64_t>(offset));
                ssize_t n = ::copy_file_range(in, &offset, out, nullptr, left, 0);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) {
                    ok = false;
                    break;
                }
            }
            s.seek(static_cast<std::uint64_t>(offset));
            if (ok) return;
        }
    }
    std::string buffer(std::max<std::size_t>(buffer_size, 1), '\0');
    while (std::size_t n = s.read(buffer.data(), buffer.size())) write_all(out, buffer.data(), n, "write " + destination.string());
}

}  // namespace flask
