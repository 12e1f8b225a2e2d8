// Response::make_conditional and add_etag, as Werkzeug's Response does them
// (the 304 body and entity headers are dropped in to_wsgi).
#include <memory>

#include "flask/http.hpp"
#include "flask/response.hpp"

namespace flask {

namespace {

/// Werkzeug's _RangeWrapper for a generator body: skips `start` bytes and
/// yields at most `length`.
wsgi::BodyGenerator range_generator(wsgi::BodyGenerator inner, std::uint64_t start, std::uint64_t length) {
    struct State {
        wsgi::BodyGenerator inner;
        std::uint64_t skip, left;
    };
    auto state = std::make_shared<State>(State{std::move(inner), start, length});
    return [state](std::string& chunk) {
        while (state->left > 0) {
            std::string piece;
            if (!state->inner(piece)) return false;
            if (state->skip >= piece.size()) {
                state->skip -= piece.size();
                continue;
            }
            piece.erase(0, static_cast<std::size_t>(state->skip));
            state->skip = 0;
            if (piece.size() > state->left) piece.resize(static_cast<std::size_t>(state->left));
            state->left -= piece.size();
            if (piece.empty()) continue;
            chunk = std::move(piece);
            return true;
        }
        return false;
    };
}

}  // namespace

void Response::add_etag(bool overwrite, bool weak) {
    if (overwrite || !headers.contains("ETag")) set_etag(generate_etag(get_data()), weak);
}

Response& Response::make_conditional(const wsgi::Environ& environ, std::optional<std::string> accept_ranges,
                                     std::optional<std::uint64_t> complete_length) {
    if (environ.request_method != "GET" && environ.request_method != "HEAD") return *this;
    const Headers& request = environ.headers;
    if (!headers.contains("Date")) headers.set("Date", http_date());

    auto etag = headers.get("ETag");
    auto last_modified_header = headers.get("Last-Modified");
    std::optional<DateTime> last_modified;
    if (last_modified_header) last_modified = parse_date(*last_modified_header);

    // _process_range_request
    bool is206 = false;
    if (accept_ranges && !accept_ranges->empty()) {
        headers.set("Accept-Ranges", *accept_ranges);
        bool processable =
            request.contains("Range") &&
            (!request.contains("If-Range") || !is_resource_modified(request, etag, std::nullopt, last_modified, false));
        if (complete_length && *complete_length > 0 && processable) {
            auto length = static_cast<std::int64_t>(*complete_length);
            auto range = parse_range_header(request.get("Range"));
            if (!range) throw RequestedRangeNotSatisfiable(length);
            auto bounds = range->range_for_length(length);
            auto content_range = range->to_content_range_header(length);
            if (!bounds || !content_range) throw RequestedRangeNotSatisfiable(length);
            auto start = static_cast<std::uint64_t>(bounds->first);
            auto size = static_cast<std::uint64_t>(bounds->second - bounds->first);
            headers.set("Content-Length", std::to_string(size));
            headers.set("Content-Range", *content_range);
            set_status(206);
            if (file_) {
                file_->offset += start;
                file_->length = size;
            } else if (generator_) {
                generator_ = range_generator(std::move(generator_), start, size);
            } else {
                body_ = start < body_.size() ? body_.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(size))
                                             : std::string();
            }
            is206 = true;
        }
    }

    if (!is206 && !is_resource_modified(request, etag, std::nullopt, last_modified))
        set_status(parse_etags(request.get("If-Match")) ? 412 : 304);
    return *this;
}

}  // namespace flask
