// Map: the converter registry, the rules (by registration and by endpoint in
// build order) and the matcher; bind() makes a MapAdapter.
#include <algorithm>
#include <cctype>

#include "flask/urls.hpp"
#include "routing/internal.hpp"

namespace flask::routing {

Map::Map(MapOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>(options_.merge_slashes)) {}

Map::Map(Map&& other) noexcept : options_(std::move(other.options_)), impl_(std::move(other.impl_)) {
    if (impl_)
        for (auto& r : impl_->rules) r->map_ = this;
}

Map& Map::operator=(Map&& other) noexcept {
    options_ = std::move(other.options_);
    impl_ = std::move(other.impl_);
    if (impl_)
        for (auto& r : impl_->rules) r->map_ = this;
    return *this;
}

Map::~Map() = default;

void Map::add_converter(std::string name, ConverterFactory factory) {
    for (auto& [n, f] : impl_->converters)
        if (n == name) {
            f = std::move(factory);
            return;
        }
    impl_->converters.emplace_back(std::move(name), std::move(factory));
}

bool Map::has_converter(std::string_view name) const {
    return std::any_of(impl_->converters.begin(), impl_->converters.end(),
                       [&](const auto& entry) { return entry.first == name; });
}

std::shared_ptr<Converter> Map::make_converter(std::string_view name, const ConverterArgs& args) const {
    for (const auto& [n, factory] : impl_->converters)
        if (n == name) return factory(args);
    throw std::out_of_range("the converter '" + std::string(name) + "' does not exist");
}

const Rule& Map::add(Rule rule) {
    auto owned = std::make_unique<Rule>(std::move(rule));
    owned->bind(*this);
    const Rule& r = *owned;
    if (!r.build_only()) impl_->matcher.add(r);
    auto [it, inserted] = impl_->by_endpoint.try_emplace(r.endpoint());
    if (inserted) impl_->endpoint_order.push_back(r.endpoint());
    // Build order: non-aliases first, then more arguments, then more defaults;
    // ties keep registration order.
    auto key = [](const Rule* x) {
        return std::make_tuple(x->alias() ? 1 : 0, -static_cast<long>(x->arguments().size()),
                               -static_cast<long>(x->defaults().size()));
    };
    auto& list = it->second;
    list.insert(std::upper_bound(list.begin(), list.end(), &r,
                                 [&](const Rule* a, const Rule* b) { return key(a) < key(b); }),
                &r);
    impl_->rules.push_back(std::move(owned));
    return r;
}

std::vector<const Rule*> Map::rules() const {
    std::vector<const Rule*> out;
    out.reserve(impl_->rules.size());
    for (const auto& r : impl_->rules) out.push_back(r.get());
    return out;
}

std::vector<const Rule*> Map::rules_for(std::string_view endpoint) const {
    auto it = impl_->by_endpoint.find(endpoint);
    if (it == impl_->by_endpoint.end()) return {};
    return it->second;
}

bool Map::has_endpoint(std::string_view endpoint) const {
    return impl_->by_endpoint.find(endpoint) != impl_->by_endpoint.end();
}

bool Map::is_endpoint_expecting(std::string_view endpoint, const std::vector<std::string>& arguments) const {
    for (const Rule* rule : rules_for(endpoint))
        if (std::all_of(arguments.begin(), arguments.end(), [&](const auto& a) { return rule->has_argument(a); }))
            return true;
    return false;
}

MapAdapter Map::bind(std::string_view server_name, std::optional<std::string_view> script_name,
                     std::optional<std::string_view> subdomain, std::string_view url_scheme,
                     std::string_view default_method, std::optional<std::string_view> path_info,
                     std::optional<std::string_view> query_args) const {
    std::string server(server_name);
    for (auto& c : server) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    MapAdapter a;
    a.map_ = this;
    if (options_.host_matching) {
        if (subdomain) throw std::logic_error("host matching enabled and a subdomain was provided");
    } else {
        a.subdomain_ = std::string(subdomain.value_or(options_.default_subdomain));
    }
    // Every request binds with its Host header, nearly always the same one:
    // remember the last encoding per thread (the profile showed IDNA per request).
    thread_local std::string last_host, last_encoded;
    if (!last_host.empty() && server == last_host) {
        a.server_name_ = last_encoded;
    } else {
        try {
            a.server_name_ = idna_encode_host(server);
        } catch (const std::invalid_argument& e) {
            throw BadRequest(std::string("The host name is invalid: ") + e.what());
        }
        last_host = server;
        last_encoded = a.server_name_;
    }
    a.script_name_ = std::string(script_name.value_or("/"));
    if (a.script_name_.empty() || a.script_name_.back() != '/') a.script_name_ += '/';
    a.url_scheme_ = std::string(url_scheme);
    a.default_method_ = std::string(default_method);
    a.path_info_ = std::string(path_info.value_or("/"));
    if (query_args) a.query_args_ = std::string(*query_args);
    a.websocket_ = url_scheme == "ws" || url_scheme == "wss";
    return a;
}

}  // namespace flask::routing
