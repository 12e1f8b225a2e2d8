#include "jinja/markup.hpp"

namespace jinja {

Markup operator+(std::string_view text, const Markup& markup) {
    return Markup(markup_radd(markup, Value(text)).as_string());
}

}  // namespace jinja
