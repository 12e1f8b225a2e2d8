// How C++ views plug into Flask's dispatch: typed parameters bound from the
// URL rule's converters, and return values converted by Flask's response rules.
//
// A view is any callable.  Its parameters receive the rule's variables in
// order of appearance (then `defaults` keys), so `/post/<int:post_id>` calls
// `[](int post_id)`.  Registration checks each parameter's type against the
// converter and fails naming the rule and the parameter.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "flask/exceptions.hpp"
#include "flask/headers.hpp"
#include "flask/response.hpp"
#include "flask/uuid.hpp"
#include "jinja/markup.hpp"
#include "jinja/value.hpp"

namespace flask {

/// What a view returned, before Flask's conversion rules turn it into a
/// Response (Flask's `rv`).  Built implicitly from the usual return types.
struct ViewResult {
    enum class Kind { None, Value, Response, Stream };
    Kind kind = Kind::None;
    jinja::Value value;                    // str/bytes/Markup/dict/list/...
    std::optional<Response> response;      // a ready Response
    wsgi::BodyGenerator stream;            // generator body
    std::optional<int> status;             // from a tuple
    std::optional<std::string> status_text;
    std::optional<Headers> headers;
    bool bad_tuple = false;                // a tuple of unsupported size

    ViewResult() = default;
    ViewResult(Response r) : kind(Kind::Response), response(std::move(r)) {}
    ViewResult(jinja::Value v) : kind(Kind::Value), value(std::move(v)) {}
    ViewResult(const char* s) : ViewResult(jinja::Value(s)) {}
    ViewResult(std::string s) : ViewResult(jinja::Value(std::move(s))) {}
    ViewResult(std::string_view s) : ViewResult(jinja::Value(s)) {}
    ViewResult(const jinja::Markup& m) : ViewResult(jinja::Value(m)) {}
    ViewResult(jinja::Dict d) : ViewResult(jinja::Value(std::move(d))) {}
    ViewResult(jinja::List l) : ViewResult(jinja::Value(std::move(l))) {}
    ViewResult(wsgi::BodyGenerator g) : kind(Kind::Stream), stream(std::move(g)) {}
    ViewResult(std::nullopt_t) {}
    /// (body, status), (body, headers), (body, status, headers), as Flask's tuples.
    template <class... A>
    ViewResult(std::tuple<A...> parts);
};

namespace detail {

// ---- return values -------------------------------------------------------

template <class T>
struct is_tuple_like : std::false_type {};
template <class... A>
struct is_tuple_like<std::tuple<A...>> : std::true_type {};
template <class A, class B>
struct is_tuple_like<std::pair<A, B>> : std::true_type {};

inline void apply_tuple_part(ViewResult& rv, int status) { rv.status = status; }
inline void apply_tuple_part(ViewResult& rv, const char* status) { rv.status_text = status; }
inline void apply_tuple_part(ViewResult& rv, std::string status) { rv.status_text = std::move(status); }
inline void apply_tuple_part(ViewResult& rv, Headers headers) { rv.headers = std::move(headers); }
template <class V>
void apply_tuple_part(ViewResult& rv, const std::map<std::string, V>& headers) {
    Headers h;
    for (const auto& [k, v] : headers) h.add(k, jinja::Value(v).str());
    rv.headers = std::move(h);
}
template <class K, class V>
void apply_tuple_part(ViewResult& rv, const std::vector<std::pair<K, V>>& headers) {
    Headers h;
    for (const auto& [k, v] : headers) h.add(std::string(k), jinja::Value(v).str());
    rv.headers = std::move(h);
}

template <class T>
ViewResult to_view_result(T&& value);

template <class Tuple, std::size_t... I>
ViewResult tuple_to_view_result(Tuple&& t, std::index_sequence<I...>) {
    constexpr std::size_t n = sizeof...(I);
    if constexpr (n < 2 || n > 3) {
        ViewResult rv;
        rv.bad_tuple = true;
        return rv;
    } else {
        ViewResult rv = to_view_result(std::get<0>(std::forward<Tuple>(t)));
        auto apply_at = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
            if constexpr (J > 0) apply_tuple_part(rv, std::get<J>(std::forward<Tuple>(t)));
        };
        (apply_at(std::integral_constant<std::size_t, I>{}), ...);
        return rv;
    }
}

template <class T>
ViewResult to_view_result(T&& value) {
    using D = std::decay_t<T>;
    if constexpr (is_tuple_like<D>::value) {
        return tuple_to_view_result(std::forward<T>(value), std::make_index_sequence<std::tuple_size_v<D>>{});
    } else if constexpr (std::is_convertible_v<T, ViewResult>) {
        return ViewResult(std::forward<T>(value));
    } else {
        // Numbers, bools, vectors, maps and user types go through jinja::Value;
        // Flask's rules decide at dispatch whether they are valid responses.
        return ViewResult(jinja::Value(std::forward<T>(value)));
    }
}

// ---- parameters ----------------------------------------------------------

/// The converter families a C++ parameter can accept.
enum class ParamKind { String, Int, Float, UUID, Any };

template <class T>
struct param_traits {
    static constexpr bool supported = false;
};
template <>
struct param_traits<std::string> {
    static constexpr bool supported = true;
    static constexpr ParamKind kind = ParamKind::String;
    static std::string convert(const jinja::Value& v) { return v.str(); }
};
template <>
struct param_traits<std::string_view> {
    static constexpr bool supported = true;
    static constexpr ParamKind kind = ParamKind::String;
    static std::string_view convert(const jinja::Value& v) { return v.as_string(); }
};
template <class I>
    requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
struct param_traits<I> {
    static constexpr bool supported = true;
    static constexpr ParamKind kind = ParamKind::Int;
    static I convert(const jinja::Value& v) {
        // Beyond int64 (Python's unbounded int): no C++ integer holds it, so no such resource.
        if (!v.is_int() && !v.is_bool()) throw NotFound();
        std::int64_t n = v.as_int();
        if (n < static_cast<std::int64_t>(std::numeric_limits<I>::min()) ||
            (n > 0 && static_cast<std::uint64_t>(n) > static_cast<std::uint64_t>(std::numeric_limits<I>::max())))
            throw NotFound();
        return static_cast<I>(n);
    }
};
template <class F>
    requires std::is_floating_point_v<F>
struct param_traits<F> {
    static constexpr bool supported = true;
    static constexpr ParamKind kind = ParamKind::Float;
    static F convert(const jinja::Value& v) { return static_cast<F>(v.as_float()); }
};
template <>
struct param_traits<UUID> {
    static constexpr bool supported = true;
    static constexpr ParamKind kind = ParamKind::UUID;
    static UUID convert(const jinja::Value& v) { return dynamic_cast<const UUID&>(v.as_object()); }
};
template <>
struct param_traits<jinja::Value> {
    static constexpr bool supported = true;
    static constexpr ParamKind kind = ParamKind::Any;
    static jinja::Value convert(const jinja::Value& v) { return v; }
};

template <class T>
struct optional_param {
    using type = T;
    static constexpr bool optional = false;
};
template <class T>
struct optional_param<std::optional<T>> {
    using type = T;
    static constexpr bool optional = true;
};

struct ParamInfo {
    ParamKind kind;
    bool optional;
};

template <class T>
ParamInfo param_info() {
    using D = std::remove_cvref_t<T>;
    using Inner = typename optional_param<D>::type;
    static_assert(param_traits<Inner>::supported,
                  "view parameters must be std::string, std::string_view, an integer, a floating-point type, "
                  "flask::UUID, jinja::Value, or std::optional of one of these");
    return {param_traits<Inner>::kind, optional_param<D>::optional};
}

template <class T>
std::remove_cvref_t<T> convert_param(const jinja::Value* v) {
    using D = std::remove_cvref_t<T>;
    using Inner = typename optional_param<D>::type;
    if constexpr (optional_param<D>::optional) {
        if (!v || v->is_none()) return std::nullopt;
        return param_traits<Inner>::convert(*v);
    } else {
        return param_traits<Inner>::convert(*v);
    }
}

template <class F>
struct callable_traits : callable_traits<decltype(&std::remove_cvref_t<F>::operator())> {};
template <class R, class... A>
struct callable_traits<R (*)(A...)> {
    using result = R;
    using args = std::tuple<A...>;
};
template <class R, class... A>
struct callable_traits<R(A...)> : callable_traits<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable_traits<R (C::*)(A...) const> : callable_traits<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable_traits<R (C::*)(A...)> : callable_traits<R (*)(A...)> {};

/// A view with its parameters erased: called with the values bound to each
/// parameter position (nullptr when the rule did not provide it).
struct ErasedView {
    std::vector<ParamInfo> params;
    std::function<ViewResult(const std::vector<const jinja::Value*>&)> call;
};

template <class F, class... A, std::size_t... I>
ViewResult invoke_view(F& f, const std::vector<const jinja::Value*>& args, std::tuple<A...>*,
                       std::index_sequence<I...>) {
    using R = std::invoke_result_t<F&, std::remove_cvref_t<A>...>;
    if constexpr (std::is_void_v<R>) {
        f(convert_param<A>(args[I])...);
        return ViewResult();
    } else {
        return to_view_result(f(convert_param<A>(args[I])...));
    }
}

template <class F>
ErasedView erase_view(F&& f) {
    using Args = typename callable_traits<std::remove_cvref_t<F>>::args;
    ErasedView view;
    [&]<class... A>(std::tuple<A...>*) { view.params = {param_info<A>()...}; }(static_cast<Args*>(nullptr));
    view.call = [fn = std::forward<F>(f)](const std::vector<const jinja::Value*>& args) mutable {
        constexpr std::size_t n = std::tuple_size_v<Args>;
        return invoke_view(fn, args, static_cast<Args*>(nullptr), std::make_index_sequence<n>{});
    };
    return view;
}

}  // namespace detail

template <class... A>
ViewResult::ViewResult(std::tuple<A...> parts) : ViewResult(detail::to_view_result(std::move(parts))) {}

}  // namespace flask
