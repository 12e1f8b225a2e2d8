// What Flask and Blueprint share (Flask's sansio/scaffold.py): turning user
// hooks and error handlers of any reasonable signature into uniform callables.
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <type_traits>

#include "flask/exceptions.hpp"
#include "flask/views.hpp"

namespace flask::detail {

using BeforeRequest = std::function<std::optional<ViewResult>()>;
/// Tries an exception: a ViewResult when the handler took it, nullopt when its type does not match.
using ErrorMatcher = std::function<std::optional<ViewResult>(std::exception_ptr)>;
using CodeHandler = std::function<ViewResult(const HTTPException&)>;

/// A before_request function returns nothing, an optional response, or a response.
template <class F>
BeforeRequest erase_before_request(F&& fn) {
    using R = std::invoke_result_t<F&>;
    return [f = std::forward<F>(fn)]() mutable -> std::optional<ViewResult> {
        if constexpr (std::is_void_v<R>) {
            f();
            return std::nullopt;
        } else if constexpr (requires(R r) {
                                 r.has_value();
                                 *r;
                             }) {
            auto r = f();
            if (!r) return std::nullopt;
            return to_view_result(std::move(*r));
        } else {
            return to_view_result(f());
        }
    };
}

template <class E, class F>
ErrorMatcher erase_exception_handler(F&& handler) {
    return [h = std::forward<F>(handler)](std::exception_ptr ep) mutable -> std::optional<ViewResult> {
        try {
            std::rethrow_exception(ep);
        } catch (const E& e) {
            return to_view_result(h(e));
        } catch (...) {
            return std::nullopt;
        }
    };
}

template <class F>
CodeHandler erase_code_handler(F&& handler) {
    return [h = std::forward<F>(handler)](const HTTPException& e) mutable { return to_view_result(h(e)); };
}

}  // namespace flask::detail
