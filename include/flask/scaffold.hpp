// What Flask and Blueprint share (Flask's sansio/scaffold.py): turning user
// hooks and error handlers of any reasonable signature into uniform callables.
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <type_traits>
#include <vector>

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

/// An error handler for one exception type E, type-erased.  Flask picks a
/// handler by walking the exception's MRO; C++ cannot list an exception's
/// bases, but a thrown `E*` is caught as a pointer to any public base, so
/// `catches(other.probe)` tells whether the other handler's type derives
/// from (or is) this one's.
struct ExceptionHandler {
    ErrorMatcher run;                                    // handles an error of type E
    std::function<bool(std::exception_ptr)> catches;     // an E (the error) or an E* (a probe)
    std::exception_ptr probe;                            // a null E*
};

template <class E, class F>
ExceptionHandler erase_exception_handler(F&& handler) {
    ExceptionHandler out;
    out.run = [h = std::forward<F>(handler)](std::exception_ptr ep) mutable -> std::optional<ViewResult> {
        try {
            std::rethrow_exception(ep);
        } catch (const E& e) {
            return to_view_result(h(e));
        } catch (...) {
            return std::nullopt;
        }
    };
    out.catches = [](std::exception_ptr ep) {
        try {
            std::rethrow_exception(ep);
        } catch (const E&) {
            return true;
        } catch (const E*) {
            return true;
        } catch (...) {
            return false;
        }
    };
    out.probe = std::make_exception_ptr(static_cast<const E*>(nullptr));
    return out;
}

/// Of the handlers that take `error`, the one for its most derived type (a
/// type registered twice: the later one), as Flask's MRO walk finds; null if none.
inline const ExceptionHandler* most_specific_handler(const std::vector<ExceptionHandler>& handlers,
                                                     std::exception_ptr error) {
    const ExceptionHandler* best = nullptr;
    for (const auto& h : handlers)
        if (h.catches(error) && (!best || best->catches(h.probe))) best = &h;
    return best;
}

template <class F>
CodeHandler erase_code_handler(F&& handler) {
    return [h = std::forward<F>(handler)](const HTTPException& e) mutable { return to_view_result(h(e)); };
}

}  // namespace flask::detail
