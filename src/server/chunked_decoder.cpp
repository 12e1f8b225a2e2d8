#include "server/chunked_decoder.hpp"

#include <algorithm>
#include <cstring>

namespace flask::server {
namespace {

int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

ChunkedDecoder::Status ChunkedDecoder::decode(const char* in, std::size_t in_len, std::size_t& consumed,
                                              char* out, std::size_t out_len, std::size_t& produced) {
    consumed = produced = 0;
    if (state_ == State::error) return Status::error;
    std::size_t i = 0;
    auto fail = [&] {
        state_ = State::error;
        consumed = i;
        return Status::error;
    };
    while (i < in_len && state_ != State::done) {
        char c = in[i];
        switch (state_) {
            case State::size: {
                int d = hex_digit(c);
                if (d >= 0) {
                    if (++digits_ > 16) return fail();  // would overflow 64 bits
                    chunk_size_ = chunk_size_ * 16 + static_cast<unsigned>(d);
                    ++i;
                    break;
                }
                if (digits_ == 0) return fail();  // "0x10", "-1", " 5", empty size
                if (c == ';') state_ = State::extension;
                else if (c == ' ' || c == '\t') state_ = State::size_ws;  // BWS before ';'
                else if (c == '\r') state_ = State::size_lf;
                else return fail();
                line_bytes_ = 0;
                ++i;
                break;
            }
            case State::size_ws:
                if (c == ';') state_ = State::extension;
                else if (c != ' ' && c != '\t') return fail();
                if (++line_bytes_ > max_extension) return fail();
                ++i;
                break;
            case State::extension: {
                auto u = static_cast<unsigned char>(c);
                if (c == '\r') state_ = State::size_lf;
                else if ((u < 0x20 && c != '\t') || u == 0x7f) return fail();  // bare LF, NUL ...
                if (++line_bytes_ > max_extension) return fail();
                ++i;
                break;
            }
            case State::size_lf:
                if (c != '\n') return fail();
                ++i;
                if (chunk_size_ == 0) {
                    state_ = State::trailer_start;
                } else {
                    remaining_ = chunk_size_;
                    state_ = State::data;
                }
                break;
            case State::data: {
                std::size_t room = out_len - produced;
                if (room == 0) {
                    consumed = i;
                    return Status::ok;
                }
                std::size_t n = static_cast<std::size_t>(
                    std::min<std::uint64_t>(remaining_, std::min(room, in_len - i)));
                std::memcpy(out + produced, in + i, n);
                produced += n;
                i += n;
                remaining_ -= n;
                if (remaining_ == 0) state_ = State::data_cr;
                break;
            }
            case State::data_cr:
                if (c != '\r') return fail();
                state_ = State::data_lf;
                ++i;
                break;
            case State::data_lf:
                if (c != '\n') return fail();
                state_ = State::size;
                chunk_size_ = 0;
                digits_ = 0;
                ++i;
                break;
            case State::trailer_start:
                // Either the final CRLF or a trailer field, which we read and ignore
                // (trailers must not change how the request is framed or routed).
                if (c == '\r') state_ = State::final_lf;
                else if (c == ' ' || c == '\t' || c == '\n') return fail();
                else state_ = State::trailer_line;
                if (++trailer_bytes_ > max_trailers) return fail();
                ++i;
                break;
            case State::trailer_line: {
                auto u = static_cast<unsigned char>(c);
                if (c == '\r') state_ = State::trailer_lf;
                else if ((u < 0x20 && c != '\t') || u == 0x7f) return fail();
                if (++trailer_bytes_ > max_trailers) return fail();
                ++i;
                break;
            }
            case State::trailer_lf:
                if (c != '\n') return fail();
                state_ = State::trailer_start;
                ++i;
                break;
            case State::final_lf:
                if (c != '\n') return fail();
                state_ = State::done;
                ++i;
                break;
            case State::done:
            case State::error:
                return fail();
        }
    }
    consumed = i;
    return state_ == State::done ? Status::done : Status::ok;
}

}  // namespace flask::server
