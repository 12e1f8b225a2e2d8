// The generated NFKD table (scripts/gen_nfkd_table.py): sorted by code point.
#pragma once

#include <cstddef>

namespace flask::http_detail {

struct NfkdAscii {
    char32_t code_point;
    char ascii[8];  // NUL-terminated ASCII part of the NFKD decomposition
};

extern const NfkdAscii kNfkdAscii[];
extern const std::size_t kNfkdAsciiSize;

}  // namespace flask::http_detail
