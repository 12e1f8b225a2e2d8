// flask::session and message flashing over the current request's SessionData.
#include <fmt/format.h>

#include "flask/app.hpp"
#include "flask/context_state.hpp"
#include "flask/sessions.hpp"

namespace flask {

namespace {

constexpr std::string_view kNoSecretKey =
    "The session is unavailable because no secret key was set.  Set the secret_key on the application to "
    "something unique and secret.";

SessionData& writable(const Session& s) {
    SessionData& data = s.data();
    if (data.is_null()) throw RuntimeError(std::string(kNoSecretKey));
    data.modified = true;
    data.accessed = true;
    return data;
}

}  // namespace

SessionData& Session::data() const {
    auto& ctx = detail::require_request_context();
    if (!ctx.session) throw RuntimeError("The session is not open for this request.");
    // As in Flask 3.1, any use of the session proxy counts as an access (Vary: Cookie).
    ctx.session->accessed = true;
    return *ctx.session;
}

Session::Item& Session::Item::operator=(jinja::Value value) {
    session_.set(key_, std::move(value));
    return *this;
}

jinja::Value Session::Item::value() const {
    SessionData& d = session_.data();
    d.accessed = true;
    const jinja::Value* v = d.data().find(std::string_view(key_));
    if (!v) throw jinja::KeyError(jinja::string_repr(key_));
    return *v;
}

jinja::Value Session::get(std::string_view key, jinja::Value fallback) const {
    SessionData& d = data();
    d.accessed = true;
    const jinja::Value* v = d.data().find(key);
    return v ? *v : fallback;
}

void Session::set(std::string_view key, jinja::Value value) const { writable(*this).data()[key] = std::move(value); }

bool Session::contains(std::string_view key) const { return data().data().find(key) != nullptr; }

jinja::Value Session::pop(std::string_view key, std::optional<jinja::Value> fallback) const {
    // Like werkzeug's CallbackDict: only a pop that removes something is a modification.
    const jinja::Value* v = data().data().find(key);
    if (!v) {
        if (fallback) return *fallback;
        throw jinja::KeyError(jinja::string_repr(key));
    }
    SessionData& d = writable(*this);
    jinja::Value out = *v;
    d.data().erase(jinja::Value(key));
    return out;
}

void Session::update(const jinja::Dict& values) const {
    SessionData& d = writable(*this);
    for (const auto& [k, v] : values) d.data().set(k, v);
}

void Session::clear() const { writable(*this).data().clear(); }

std::vector<std::string> Session::keys() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : data().data()) out.push_back(k.str());
    return out;
}

std::size_t Session::size() const { return data().data().size(); }

jinja::Value Session::to_dict() const { return jinja::Value(data().data()); }

bool Session::permanent() const { return data().data().find(std::string_view("_permanent")) != nullptr &&
                                         data().data().find(std::string_view("_permanent"))->truthy(); }

void Session::set_permanent(bool value) const {
    // Flask stores the flag in the dict itself, so it travels with the cookie.
    set("_permanent", value);
}

bool Session::modified() const { return data().modified; }
void Session::set_modified(bool value) const { data().modified = value; }
bool Session::accessed() const { return data().accessed; }

void flash(const jinja::Value& message, std::string_view category) {
    jinja::Value flashes = session.get("_flashes", jinja::Value(jinja::List{}));
    jinja::List items = flashes.is_list() ? flashes.as_list() : jinja::List{};
    items.push_back(jinja::Value::tuple({jinja::Value(category), message}));
    session.set("_flashes", jinja::Value(std::move(items)));
}

jinja::Value get_flashed_messages(bool with_categories, const std::vector<std::string>& category_filter) {
    auto& ctx = detail::require_request_context();
    if (!ctx.flashes) {
        ctx.flashes = session.contains("_flashes") ? session.pop("_flashes") : jinja::Value(jinja::List{});
    }
    jinja::List out;
    for (const auto& item : ctx.flashes->as_list()) {
        const auto& pair = item.as_list();
        if (!category_filter.empty()) {
            std::string category = pair.at(0).str();
            bool wanted = false;
            for (const auto& c : category_filter) wanted = wanted || c == category;
            if (!wanted) continue;
        }
        out.push_back(with_categories ? item : pair.at(1));
    }
    return jinja::Value(std::move(out));
}

}  // namespace flask
