// MultiDict: werkzeug's ordered multi-valued mapping for args and form data.
#pragma once

#include <charconv>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "flask/exceptions.hpp"
#include "jinja/value.hpp"

namespace flask {

/// `request.form["missing"]`: a 400 Bad Request that is also a key error.
class BadRequestKeyError : public BadRequest {
public:
    explicit BadRequestKeyError(std::string key) : key_(std::move(key)) {}
    const std::string& key() const noexcept { return key_; }

private:
    std::string key_;
};

/// Python's int(): surrounding whitespace and a leading sign are accepted,
/// as are '_' separators between digits.  nullopt when it would raise ValueError.
std::optional<long long> python_int(std::string_view text);
/// Python's float(): nullopt when it would raise ValueError.
std::optional<double> python_float(std::string_view text);

namespace detail {

/// What werkzeug's MultiDict does for any value type: ordered (key, value)
/// pairs, where get and [] see a key's first value and getlist all of them.
template <class V>
class BasicMultiDict {
public:
    using Item = std::pair<std::string, V>;

    BasicMultiDict() = default;
    BasicMultiDict(std::initializer_list<Item> items) : items_(items) {}

    /// First value for the key.
    std::optional<V> get(std::string_view key) const {
        if (const V* v = find(key)) return *v;
        return std::nullopt;
    }
    std::vector<V> getlist(std::string_view key) const {
        std::vector<V> out;
        for (const auto& [k, v] : items_)
            if (k == key) out.push_back(v);
        return out;
    }
    /// Throws BadRequestKeyError (400) when absent, as request.form[...] does.
    const V& operator[](std::string_view key) const {
        if (const V* v = find(key)) return *v;
        throw BadRequestKeyError(std::string(key));
    }
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    void add(std::string key, V value) { items_.emplace_back(std::move(key), std::move(value)); }
    /// Distinct keys in first-seen order.
    std::vector<std::string> keys() const {
        std::vector<std::string> out;
        for (const auto& item : items_) {
            bool seen = false;
            for (const auto& k : out) seen = seen || k == item.first;
            if (!seen) out.push_back(item.first);
        }
        return out;
    }

    const std::vector<Item>& items() const noexcept { return items_; }
    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    auto begin() const noexcept { return items_.begin(); }
    auto end() const noexcept { return items_.end(); }

protected:
    const V* find(std::string_view key) const {
        for (const auto& [k, v] : items_)
            if (k == key) return &v;
        return nullptr;
    }
    std::vector<Item> items_;
};

}  // namespace detail

/// request.args and request.form: string values.
class MultiDict : public detail::BasicMultiDict<std::string> {
public:
    using BasicMultiDict::BasicMultiDict;
    using BasicMultiDict::get;

    std::string get(std::string_view key, std::string_view fallback) const;
    std::string get(std::string_view key, const char* fallback) const { return get(key, std::string_view(fallback)); }
    /// `args.get("page", 1)`: converted like `type=int`; the default when absent or not convertible.
    template <class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
    T get(std::string_view key, T fallback) const {
        auto v = get(key);
        if (!v) return fallback;
        if constexpr (std::is_integral_v<T>) {
            auto n = python_int(*v);
            return n ? static_cast<T>(*n) : fallback;
        } else {
            auto n = python_float(*v);
            return n ? static_cast<T>(*n) : fallback;
        }
    }
    /// Replace all values of the key with one.
    void set(std::string key, std::string value);

    /// `to_dict()` (first value per key) or `to_dict(flat=false)` (lists), as a dict Value.
    jinja::Value to_dict(bool flat = true) const;
};

}  // namespace flask
