// Sans-I/O decoder for `Transfer-Encoding: chunked` request bodies.
//
// Strict framing (hex sizes of bounded length, CRLF only, bounded chunk
// extensions and trailers): lenient chunk parsing is where smuggling and
// "infinite body" bugs live (werkzeug#2420, #3051).
#pragma once

#include <cstddef>
#include <cstdint>

namespace flask::server {

class ChunkedDecoder {
public:
    enum class Status { ok, done, error };

    /// Consume framing and payload from `in` (at most `in_len` bytes) and copy
    /// at most `out_len` payload bytes into `out`.  Stops when the output is
    /// full, the input is exhausted or the body ends.
    Status decode(const char* in, std::size_t in_len, std::size_t& consumed, char* out,
                  std::size_t out_len, std::size_t& produced);
    bool done() const noexcept { return state_ == State::done; }
    void reset() noexcept { *this = ChunkedDecoder{}; }

    static constexpr std::size_t max_extension = 4096;   // bytes of chunk extensions per line
    static constexpr std::size_t max_trailers = 16384;   // bytes of trailer section

private:
    enum class State { size, size_ws, extension, size_lf, data, data_cr, data_lf, trailer_start,
                       trailer_line, trailer_lf, final_lf, done, error };

    State state_ = State::size;
    std::uint64_t chunk_size_ = 0;
    std::uint64_t remaining_ = 0;
    unsigned digits_ = 0;
    std::size_t line_bytes_ = 0;
    std::size_t trailer_bytes_ = 0;
};

}  // namespace flask::server
