#include "flask/multipart.hpp"

#include <algorithm>

#include "flask/exceptions.hpp"
#include "flask/forms.hpp"
#include "flask/http.hpp"
#include "http/text_codec.hpp"

namespace flask::multipart {

namespace {

[[noreturn]] void too_large() { throw HTTPException(413); }

bool is_line_break(char c) noexcept { return c == '\r' || c == '\n'; }
/// [^\S\n\r]: horizontal whitespace as Python's re sees it in bytes patterns.
bool is_hspace(char c) noexcept { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

/// Length of the line break at the start of `s` (CRLF, LF or CR), 0 if none.
std::size_t line_break_at(std::string_view s) noexcept {
    if (s.substr(0, 2) == "\r\n") return 2;
    if (!s.empty() && is_line_break(s.front())) return 1;
    return 0;
}

/// Start of the line break that ends right before `pos`, or npos.
std::size_t line_break_before(std::string_view s, std::size_t pos) noexcept {
    if (pos >= 2 && s.substr(pos - 2, 2) == "\r\n") return pos - 2;
    if (pos >= 1 && is_line_break(s[pos - 1])) return pos - 1;
    return std::string_view::npos;
}

/// What follows "--boundary" at `pos`: the closing marker `--` (then optional
/// whitespace and line break), or whitespace and a line break.
struct Suffix {
    enum Kind { no_match, incomplete, part, closing } kind = no_match;
    std::size_t end = 0;
};

Suffix match_suffix(std::string_view s, std::size_t pos, bool complete) noexcept {
    if (s.substr(pos, 2) == "--") {
        std::size_t i = pos + 2;
        while (i < s.size() && is_hspace(s[i])) ++i;
        return {Suffix::closing, i + line_break_at(s.substr(i))};
    }
    if (!complete && pos + 1 == s.size() && s[pos] == '-') return {Suffix::incomplete, 0};
    std::size_t i = pos;
    while (i < s.size() && is_hspace(s[i])) ++i;
    if (i == s.size()) return {complete ? Suffix::no_match : Suffix::incomplete, 0};
    if (s[i] == '\r' && i + 1 == s.size() && !complete) return {Suffix::incomplete, 0};  // CR of a split CRLF
    std::size_t lb = line_break_at(s.substr(i));
    if (lb == 0) return {Suffix::no_match, 0};
    return {Suffix::part, i + lb};
}

std::string decode_field(std::string_view bytes, const Headers& headers) {
    std::string charset = "utf-8";
    if (auto ct = headers.get("content-type"); ct && !ct->empty()) {
        auto cs = http_detail::ascii_lower(parse_options_header(*ct).options.get("charset").value_or(""));
        if (cs == "ascii" || cs == "us-ascii" || cs == "utf-8" || cs == "iso-8859-1") charset = cs;
    }
    if (charset == "iso-8859-1") return http_detail::latin1_to_utf8(bytes);
    if (charset == "utf-8") return http_detail::utf8_decode_replace(bytes);
    std::string out;
    out.reserve(bytes.size());
    for (char c : bytes) {
        if (static_cast<unsigned char>(c) < 0x80)
            out += c;
        else
            out += "\xEF\xBF\xBD";
    }
    return out;
}

}  // namespace

MultipartDecoder::MultipartDecoder(std::string boundary, std::optional<std::uint64_t> max_form_memory_size,
                                   std::optional<std::uint64_t> max_parts)
    : boundary_("--" + boundary), max_form_memory_size_(max_form_memory_size), max_parts_(max_parts) {}

void MultipartDecoder::feed(std::string_view data) {
    if (max_form_memory_size_ && buffered() + dropped_ + data.size() > *max_form_memory_size_) too_large();
    if (state_ == State::epilogue || state_ == State::complete) {
        dropped_ += data.size();  // nobody reads the epilogue: counted, not kept
        return;
    }
    if (start_ > 0 && (start_ >= buffer_.size() / 2 || buffer_.size() + data.size() > buffer_.capacity())) {
        buffer_.erase(0, start_);
        start_ = 0;
    }
    buffer_.append(data);
}

void MultipartDecoder::consume(std::size_t n) {
    start_ += n;
    if (start_ == buffer_.size()) {
        buffer_.clear();
        start_ = 0;
    }
}

Event MultipartDecoder::next_event() {
    Event event = NeedData{};
    std::string_view v = view();
    switch (state_) {
    case State::preamble: {
        std::size_t from = std::min(search_from_, v.size());
        bool waiting = false;
        for (std::size_t q = v.find(boundary_, from); q != std::string_view::npos; q = v.find(boundary_, q + 1)) {
            auto suffix = match_suffix(v, q + boundary_.size(), complete_);
            if (suffix.kind == Suffix::no_match) continue;
            if (suffix.kind == Suffix::incomplete) {
                waiting = true;
                break;
            }
            std::size_t begin = line_break_before(v, q);
            if (begin == std::string_view::npos || begin < from) begin = q;
            Preamble preamble{std::string(v.substr(0, begin))};
            state_ = suffix.kind == Suffix::closing ? State::epilogue : State::part;
            consume(suffix.end);
            search_from_ = 0;
            event = std::move(preamble);
            break;
        }
        if (std::holds_alternative<NeedData>(event) && !waiting)
            search_from_ = v.size() > boundary_.size() + 8 ? v.size() - boundary_.size() - 8 : 0;
        break;
    }
    case State::part: {
        std::size_t from = std::min(search_from_, v.size());
        for (std::size_t p = v.find_first_of("\r\n", from); p != std::string_view::npos;
             p = v.find_first_of("\r\n", p + 1)) {
            std::size_t len = 0;
            if (v.substr(p, 4) == "\r\n\r\n")
                len = 4;
            else if (v.substr(p, 2) == "\r\r" || v.substr(p, 2) == "\n\n")
                len = 2;
            if (len == 0) continue;
            auto block = std::string(v.substr(0, p));
            consume(p + len / 2);  // the part body starts with the blank line's second line break
            event = parse_headers_block(block);
            break;
        }
        if (std::holds_alternative<NeedData>(event)) search_from_ = v.size() > 8 ? v.size() - 8 : 0;
        break;
    }
    case State::data_start:
        event = take_data(true);
        break;
    case State::data:
        event = take_data(false);
        break;
    case State::epilogue:
        if (complete_) {
            event = Epilogue{std::string(v)};
            buffer_.clear();
            start_ = 0;
            state_ = State::complete;
        }
        break;
    case State::complete:
        break;
    }
    if (complete_ && std::holds_alternative<NeedData>(event))
        throw MultipartError("Invalid form-data: the body ended before the closing boundary");
    return event;
}

Event MultipartDecoder::parse_headers_block(std::string_view block) {
    // Folded header lines (a line break then a space or tab) continue the previous line.
    std::string unfolded;
    unfolded.reserve(block.size());
    for (std::size_t i = 0; i < block.size();) {
        std::size_t lb = line_break_at(block.substr(i));
        if (lb && i + lb < block.size() && (block[i + lb] == ' ' || block[i + lb] == '\t')) {
            unfolded += ' ';
            i += lb + 1;
            continue;
        }
        unfolded += block[i++];
    }
    Headers headers;
    std::string_view rest = unfolded;
    while (!rest.empty()) {
        std::size_t eol = rest.find_first_of("\r\n");
        std::string_view line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + line_break_at(rest.substr(eol)));
        while (!line.empty() && http_detail::re_space(line.front())) line.remove_prefix(1);
        while (!line.empty() && http_detail::re_space(line.back())) line.remove_suffix(1);
        if (line.empty()) continue;
        if (!is_valid_utf8(line)) throw MultipartError("Invalid form-data: part header is not UTF-8");
        auto colon = line.find(':');
        auto name = http_detail::py_strip(line.substr(0, colon));
        auto value = colon == std::string_view::npos ? std::string_view() : http_detail::py_strip(line.substr(colon + 1));
        headers.add(std::string(name), std::string(value));
    }
    auto disposition = headers.get("content-disposition");
    if (!disposition) throw MultipartError("Missing Content-Disposition header");
    auto options = parse_options_header(*disposition).options;
    std::string name = options.get("name").value_or("");
    auto filename = options.get("filename");
    Event event;
    if (filename)
        event = File{std::move(name), std::move(*filename), std::move(headers)};
    else
        event = Field{std::move(name), std::move(headers)};
    state_ = State::data_start;
    search_from_ = 0;
    if (max_parts_ && ++parts_ > *max_parts_) too_large();
    return event;
}

Event MultipartDecoder::take_data(bool at_start) {
    std::string_view v = view();
    std::size_t data_start = at_start ? line_break_at(v) : 0;
    if (at_start && data_start == 1 && v.size() == 1 && v[0] == '\r' && !complete_) return NeedData{};
    std::size_t data_end = v.size();
    bool more = true;
    std::size_t consumed = 0;
    bool found = false;
    for (std::size_t q = v.find(boundary_); q != std::string_view::npos; q = v.find(boundary_, q + 1)) {
        std::size_t begin = line_break_before(v, q);
        if (begin == std::string_view::npos) continue;  // a delimiter starts on its own line
        auto suffix = match_suffix(v, q + boundary_.size(), complete_);
        if (suffix.kind == Suffix::no_match) continue;
        if (suffix.kind == Suffix::incomplete) {
            data_end = begin;  // keep the possible delimiter until more bytes arrive
            break;
        }
        data_end = begin;
        consumed = suffix.end;
        more = false;
        found = true;
        state_ = suffix.kind == Suffix::closing ? State::epilogue : State::part;
        break;
    }
    if (!found && data_end == v.size()) {
        // A delimiter may begin at a line break near the end: keep that tail back.
        std::size_t window = boundary_.size() + 2;
        std::size_t p = v.size() > window ? v.size() - window : 0;
        for (p = v.find_first_of("\r\n", std::max(p, data_start)); p != std::string_view::npos;
             p = v.find_first_of("\r\n", p + 1)) {
            std::string_view tail = v.substr(p);
            std::size_t lb = line_break_at(tail);
            std::string_view after = tail.substr(lb);
            bool prefix = after.size() <= boundary_.size() && std::string_view(boundary_).substr(0, after.size()) == after;
            if (lb == 1 && tail.size() == 1 && tail[0] == '\r') prefix = true;
            if (prefix) {
                data_end = p;
                break;
            }
        }
    }
    if (!found) consumed = data_end = std::max(data_end, data_start);
    data_end = std::max(data_end, data_start);
    std::string data(v.substr(data_start, data_end - data_start));
    consume(consumed);
    if (at_start) {
        if (more) state_ = State::data;
        return Data{std::move(data), more};
    }
    if (!data.empty() || !more) return Data{std::move(data), more};
    return NeedData{};
}

ParsedForm parse_multipart_form(const Reader& read, std::string_view boundary, const FormLimits& limits) {
    MultipartDecoder decoder(std::string(boundary), limits.max_form_memory_size, limits.max_form_parts);
    ParsedForm result;
    std::string chunk(std::max<std::size_t>(limits.buffer_size, 1), '\0');

    bool in_file = false;
    std::string field_name;
    Headers field_headers;
    std::string field_value;
    std::uint64_t field_size = 0;
    File file_part;
    std::shared_ptr<SpooledTemporaryFile> container;

    bool done = false;
    while (!done) {
        std::size_t filled = 0;
        while (filled < chunk.size()) {
            std::size_t n = read(chunk.data() + filled, chunk.size() - filled);
            if (n == 0) break;
            filled += n;
        }
        if (filled == 0) {
            decoder.finish();
            done = true;
        } else {
            decoder.feed(std::string_view(chunk.data(), filled));
        }
        for (;;) {
            Event event = decoder.next_event();
            if (std::holds_alternative<NeedData>(event) || std::holds_alternative<Epilogue>(event)) break;
            if (auto* field = std::get_if<Field>(&event)) {
                in_file = false;
                field_name = std::move(field->name);
                field_headers = std::move(field->headers);
                field_value.clear();
                field_size = 0;
            } else if (auto* file = std::get_if<File>(&event)) {
                in_file = true;
                file_part = std::move(*file);
                container = std::make_shared<SpooledTemporaryFile>(limits.spool_threshold);
            } else if (auto* data = std::get_if<Data>(&event)) {
                if (in_file) {
                    container->write(data->data);
                    if (!data->more_data) {
                        container->seek(0);
                        result.files.add(file_part.name, FileStorage(std::move(container), std::move(file_part.filename),
                                                                     file_part.name, std::move(file_part.headers)));
                        container.reset();
                    }
                } else {
                    field_size += data->data.size();
                    if (limits.max_form_memory_size && field_size > *limits.max_form_memory_size) too_large();
                    field_value += data->data;
                    if (!data->more_data) {
                        result.form.add(std::move(field_name), decode_field(field_value, field_headers));
                        field_value.clear();
                    }
                }
            }
        }
    }
    return result;
}

}  // namespace flask::multipart
