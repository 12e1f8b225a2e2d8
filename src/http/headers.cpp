#include "flask/headers.hpp"

#include <algorithm>

namespace flask {

namespace {
char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
    for (const auto& [k, v] : items_)
        if (iequals(k, name)) return std::string_view(v);
    return std::nullopt;
}

std::string Headers::get(std::string_view name, std::string_view fallback) const {
    auto v = get(name);
    return std::string(v ? *v : fallback);
}

std::vector<std::string> Headers::get_all(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : items_)
        if (iequals(k, name)) out.push_back(v);
    return out;
}

void Headers::add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }

void Headers::set(std::string_view name, std::string value) {
    auto first = std::find_if(items_.begin(), items_.end(), [&](const Item& i) { return iequals(i.first, name); });
    if (first == items_.end()) {
        items_.emplace_back(std::string(name), std::move(value));
        return;
    }
    first->second = std::move(value);
    auto index = static_cast<std::size_t>(first - items_.begin());
    items_.erase(std::remove_if(items_.begin() + static_cast<std::ptrdiff_t>(index) + 1, items_.end(),
                                [&](const Item& i) { return iequals(i.first, name); }),
                 items_.end());
}

void Headers::setdefault(std::string_view name, std::string value) {
    if (!contains(name)) items_.emplace_back(std::string(name), std::move(value));
}

std::size_t Headers::remove(std::string_view name) {
    auto before = items_.size();
    items_.erase(std::remove_if(items_.begin(), items_.end(), [&](const Item& i) { return iequals(i.first, name); }),
                 items_.end());
    return before - items_.size();
}

}  // namespace flask
