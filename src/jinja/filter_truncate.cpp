// The truncate filter's arithmetic, shared by the filter and its print fast
// path: Jinja's argument checks and the cut at a word boundary.
#include <algorithm>
#include <cstring>

#include "filter_args.hpp"
#include "filters_impl.hpp"
#include "jinja/pystr.hpp"
#include "ops.hpp"

namespace jinja::detail {

TruncateArgs truncate_args(const CallArgs& a) {
    Bound b("do_truncate", a, {"length", "killwords", "end", "leeway"}, 0, 1);
    TruncateArgs t;
    t.length = b.integer(0, 255);
    t.killwords = b.flag(1, false);
    static const Value dots("...");
    t.end = b.has(2) ? b.get(2) : &dots;
    t.leeway = b.integer(3, 5);
    auto endlen = static_cast<std::int64_t>(py_len(*t.end));
    if (t.length < endlen)
        throw AssertionError("expected length >= " + std::to_string(endlen) + ", got " + std::to_string(t.length));
    if (t.leeway < 0) throw AssertionError("expected leeway >= 0, got " + std::to_string(t.leeway));
    return t;
}

std::optional<std::string_view> truncate_head(std::string_view text, std::int64_t length, bool killwords,
                                              std::string_view end, std::int64_t leeway) {
    // Bytes bound code points from above: short strings need no counting.
    if (static_cast<std::int64_t>(text.size()) <= length + leeway) return std::nullopt;
    const auto limit = static_cast<std::size_t>(length + leeway);  // more code points than this: cut
    // s[:length - len(end)] keeps this many code points (length >= len(end) is checked).
    const auto keep = static_cast<std::size_t>(std::max<std::int64_t>(length - static_cast<std::int64_t>(pystr::length(end)), 0));
    std::size_t cut = 0;
    // Only the first limit + 1 code points matter.  ASCII: they are bytes.
    std::size_t ascii = 0;
    while (ascii < limit + 1 && text.size() - ascii >= 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + ascii, 8);
        if (word & 0x8080808080808080ull) break;
        ascii += 8;
    }
    while (ascii < limit + 1 && ascii < text.size() && static_cast<unsigned char>(text[ascii]) < 0x80) ++ascii;
    if (ascii >= limit + 1) {
        cut = keep;
    } else {
        std::size_t pos = 0, cps = 0;
        for (; pos < text.size() && cps <= limit; ++cps) {
            if (cps == keep) cut = pos;
            if (static_cast<unsigned char>(text[pos]) < 0x80) ++pos;
            else pystr::decode_utf8(text, pos);
        }
        if (cps <= limit) return std::nullopt;  // the whole text fits
    }
    std::string_view head = text.substr(0, cut);
    if (!killwords) {
        // str.rsplit(" ", 1)[0]
        std::size_t space = head.rfind(' ');
        if (space != std::string_view::npos) head = head.substr(0, space);
    }
    return head;
}

Value f_truncate_impl(const Value& s, std::int64_t length, bool killwords, const Value& end, std::int64_t leeway) {
    const std::string& text = s.as_string();
    if (static_cast<std::int64_t>(text.size()) <= length + leeway) return s;
    std::string e = end.is_string() ? end.as_string() : py_str(end);
    auto head = truncate_head(text, length, killwords, e, leeway);
    if (!head) return s;
    std::string out;
    out.reserve(head->size() + e.size());
    out.append(*head);
    out += e;
    return keep_markup(s, std::move(out));
}

}  // namespace jinja::detail
