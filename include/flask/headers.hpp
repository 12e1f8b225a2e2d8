// flask::Headers: an ordered, case-insensitive multi-map of HTTP headers,
// shaped like werkzeug.datastructures.Headers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flask {

/// ASCII case-insensitive comparison, as header names are compared.
bool iequals(std::string_view a, std::string_view b) noexcept;

class Headers {
public:
    using Item = std::pair<std::string, std::string>;

    Headers() = default;
    Headers(std::initializer_list<Item> items) : items_(items) {}

    /// First value for the name, or nullopt.
    std::optional<std::string_view> get(std::string_view name) const;
    /// First value for the name, or `fallback`.
    std::string get(std::string_view name, std::string_view fallback) const;
    /// Every value for the name, in order.
    std::vector<std::string> get_all(std::string_view name) const;
    bool contains(std::string_view name) const { return get(name).has_value(); }

    /// Append a header, keeping any existing ones (Set-Cookie, Vary ...).
    void add(std::string name, std::string value);
    /// Replace: the first occurrence keeps its position, later ones are removed;
    /// appended when absent (werkzeug's Headers.set).
    void set(std::string_view name, std::string value);
    /// Set only when absent.
    void setdefault(std::string_view name, std::string value);
    /// Remove every header of that name; returns how many were removed.
    std::size_t remove(std::string_view name);
    void clear() noexcept { items_.clear(); }

    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    auto begin() const noexcept { return items_.begin(); }
    auto end() const noexcept { return items_.end(); }
    auto begin() noexcept { return items_.begin(); }
    auto end() noexcept { return items_.end(); }
    const std::vector<Item>& items() const noexcept { return items_; }
    void reserve(std::size_t n) { items_.reserve(n); }

private:
    std::vector<Item> items_;
};

}  // namespace flask
