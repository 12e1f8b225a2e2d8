// The per-connection read buffer: [begin, end) holds received bytes not yet
// consumed (a head, a body prefix, pipelined requests).  Reused for the life
// of the connection so the fast path allocates nothing.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>

namespace flask::server {

class InputBuffer {
public:
    explicit InputBuffer(std::size_t initial = 8192)
        : data_(new char[initial]), capacity_(initial) {}

    std::string_view view() const noexcept { return {data_.get() + begin_, end_ - begin_}; }
    std::size_t size() const noexcept { return end_ - begin_; }
    bool empty() const noexcept { return begin_ == end_; }
    std::size_t capacity() const noexcept { return capacity_; }

    void consume(std::size_t n) noexcept {
        begin_ += n;
        if (begin_ == end_) begin_ = end_ = 0;
    }

    /// Writable space of at least `min_free` bytes (compacting, then growing
    /// up to `max_capacity`); returns the number of bytes available.
    std::size_t prepare(std::size_t min_free, std::size_t max_capacity, char*& out) {
        if (capacity_ - end_ < min_free && begin_ > 0) {
            std::memmove(data_.get(), data_.get() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        if (capacity_ - end_ < min_free && capacity_ < max_capacity) {
            std::size_t grown = std::max(capacity_ * 2, end_ + min_free);
            if (grown > max_capacity) grown = std::max(max_capacity, end_ + 1);
            std::unique_ptr<char[]> bigger(new char[grown]);
            std::memcpy(bigger.get(), data_.get() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
            data_ = std::move(bigger);
            capacity_ = grown;
        }
        out = data_.get() + end_;
        return capacity_ - end_;
    }
    void commit(std::size_t n) noexcept { end_ += n; }

    /// Give memory back after an unusually large head.
    void shrink(std::size_t normal) {
        if (capacity_ > normal && size() <= normal) {
            std::unique_ptr<char[]> smaller(new char[normal]);
            std::memcpy(smaller.get(), data_.get() + begin_, size());
            end_ = size();
            begin_ = 0;
            data_ = std::move(smaller);
            capacity_ = normal;
        }
    }

private:
    std::unique_ptr<char[]> data_;
    std::size_t capacity_;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
};

}  // namespace flask::server
