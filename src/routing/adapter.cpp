// MapAdapter: matching a request path (redirects, 404/405/400) and building
// URLs for endpoints, plus BuildError and its Werkzeug-style message.
#include <algorithm>
#include <cctype>

#include "flask/urls.hpp"
#include "routing/internal.hpp"

namespace flask::routing {

using jinja::Value;

BuildError::BuildError(std::string endpoint, Args values, std::optional<std::string> method, std::string message)
    : std::runtime_error(std::move(message)), endpoint_(std::move(endpoint)), values_(std::move(values)),
      method_(std::move(method)) {}

namespace {

std::string list_repr(std::vector<std::string> items) {
    std::sort(items.begin(), items.end());
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + py_repr(items[i]);
    return out + "]";
}

std::u32string code_points(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) out += decode_utf8(s, i);
    return out;
}

// difflib.SequenceMatcher(None, a, b).ratio() (no junk heuristics: short strings).
double similarity(std::string_view a_text, std::string_view b_text) {
    std::u32string a = code_points(a_text), b = code_points(b_text);
    if (a.empty() && b.empty()) return 1.0;
    std::size_t matched = 0;
    std::vector<std::array<std::size_t, 4>> queue{{0, a.size(), 0, b.size()}};
    while (!queue.empty()) {
        auto [alo, ahi, blo, bhi] = queue.back();
        queue.pop_back();
        std::size_t besti = alo, bestj = blo, best = 0;
        std::vector<std::size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
        for (std::size_t i = alo; i < ahi; ++i) {
            std::fill(cur.begin(), cur.end(), 0);
            for (std::size_t j = blo; j < bhi; ++j) {
                if (a[i] != b[j]) continue;
                std::size_t k = (j > blo ? prev[j] : 0) + 1;
                cur[j + 1] = k;
                if (k > best) besti = i + 1 - k, bestj = j + 1 - k, best = k;
            }
            std::swap(prev, cur);
        }
        if (best == 0) continue;
        matched += best;
        if (alo < besti && blo < bestj) queue.push_back({alo, besti, blo, bestj});
        if (besti + best < ahi && bestj + best < bhi) queue.push_back({besti + best, ahi, bestj + best, bhi});
    }
    return 2.0 * static_cast<double>(matched) / static_cast<double>(a.size() + b.size());
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

std::string MapAdapter::get_host(std::optional<std::string_view> domain_part) const {
    if (map_->options().host_matching) return domain_part ? std::string(*domain_part) : server_name_;
    std::string_view sub = domain_part ? *domain_part : std::string_view(subdomain_ ? *subdomain_ : std::string());
    if (!sub.empty()) return std::string(sub) + "." + server_name_;
    return server_name_;
}

std::string MapAdapter::make_redirect_url(std::string_view path, std::optional<std::string_view> query_args,
                                          std::optional<std::string_view> domain_part) const {
    std::string_view query = query_args ? *query_args : std::string_view(query_args_ ? *query_args_ : std::string());
    std::string url = url_scheme_.empty() ? std::string("http") : url_scheme_;
    url += "://";
    url += get_host(domain_part);
    std::string_view script = script_name_;
    while (!script.empty() && script.front() == '/') script.remove_prefix(1);
    while (!script.empty() && script.back() == '/') script.remove_suffix(1);
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    url += '/';
    url += script;
    if (!script.empty() || !path.empty()) {
        if (!script.empty()) url += '/';
        url += path;
    }
    if (!query.empty()) {
        url += '?';
        url += query;
    }
    return url;
}

std::optional<std::string> MapAdapter::default_redirect(const Rule& rule, std::string_view method, Args& values,
                                                        std::string_view query_args) const {
    for (const Rule* r : map_->rules_for(rule.endpoint())) {
        if (r == &rule) break;
        if (r->provides_defaults_for(rule) && r->suitable_for(values, method)) {
            for (const auto& [key, value] : r->defaults()) {
                bool replaced = false;
                for (auto& [k, v] : values)
                    if (k == key) v = value, replaced = true;
                if (!replaced) values.emplace_back(key, value);
            }
            auto built = r->build(values, true);
            if (!built) continue;
            return make_redirect_url(built->second, query_args, built->first);
        }
    }
    return std::nullopt;
}

MatchResult MapAdapter::match(std::optional<std::string_view> path_info, std::optional<std::string_view> method,
                              std::optional<std::string_view> query_args, std::optional<bool> websocket) const {
    std::string_view path = path_info ? *path_info : std::string_view(path_info_);
    std::string verb = upper(method ? *method : std::string_view(default_method_));
    std::string_view query = query_args ? *query_args : std::string_view(query_args_ ? *query_args_ : std::string());
    bool ws = websocket.value_or(websocket_);
    const bool host_matching = map_->options().host_matching;
    std::string_view domain = (!host_matching && subdomain_) ? std::string_view(*subdomain_) : server_name_;

    // "/" + path.lstrip("/"), or "" for an empty path.
    std::string built_path;
    std::string_view path_part = path;
    if (!path.empty() && !(path[0] == '/' && (path.size() == 1 || path[1] != '/'))) {
        auto first = path.find_first_not_of('/');
        built_path = "/" + std::string(first == std::string_view::npos ? std::string_view{} : path.substr(first));
        path_part = built_path;
    }

    Matcher::Outcome outcome = map_->impl_->matcher.match(domain, path_part, verb, ws);
    if (outcome.kind == Matcher::Outcome::Redirect)
        throw RequestRedirect(make_redirect_url(url_quote(outcome.redirect_path, kPathSafe), query));
    if (outcome.kind == Matcher::Outcome::NoMatch) {
        if (!outcome.have_match_for.empty()) throw MethodNotAllowed(std::move(outcome.have_match_for));
        if (outcome.websocket_mismatch) throw WebsocketMismatch();
        throw NotFound();
    }

    const Rule& rule = *outcome.rule;
    const bool redirect_defaults = map_->options().redirect_defaults;
    if (rule.alias() && redirect_defaults) {
        std::string url = build(rule.endpoint(), outcome.args, verb, true, false);
        if (!query.empty()) url += "?" + std::string(query);
        throw RequestRedirect(url);
    }
    if (redirect_defaults)
        if (auto url = default_redirect(rule, verb, outcome.args, query)) throw RequestRedirect(*url);
    const RuleOptions& o = rule.options();
    if (o.redirect_to_callable || o.redirect_to) {
        std::string target;
        if (o.redirect_to_callable) {
            target = o.redirect_to_callable(*this, outcome.args);
        } else {
            std::string_view t = *o.redirect_to;
            std::size_t pos = 0;
            while (pos < t.size()) {
                std::size_t open = t.find('<', pos);
                std::size_t close = open == std::string_view::npos ? open : t.find('>', open + 1);
                if (open == std::string_view::npos || close == std::string_view::npos) {
                    target += t.substr(pos);
                    break;
                }
                if (close == open + 1) {  // "<>" is not a placeholder
                    target += t.substr(pos, close + 1 - pos);
                    pos = close + 1;
                    continue;
                }
                target += t.substr(pos, open - pos);
                std::string name(t.substr(open + 1, close - open - 1));
                const Value* value = find_arg(outcome.args, name);
                const Rule::Argument* conv = rule.converter_for(name);
                if (!value || !conv) throw std::out_of_range("redirect_to placeholder '" + name + "' has no value");
                target += conv->converter->to_url(*value);
                pos = close + 1;
            }
        }
        std::string netloc = (subdomain_ && !subdomain_->empty()) ? *subdomain_ + "." + server_name_ : server_name_;
        std::string base = (url_scheme_.empty() ? std::string("http") : url_scheme_) + "://" + netloc + script_name_;
        throw RequestRedirect(url_join(base, target));
    }
    return MatchResult{outcome.rule, std::move(outcome.args)};
}

bool MapAdapter::test(std::optional<std::string_view> path_info, std::optional<std::string_view> method) const {
    try {
        match(path_info, method);
    } catch (const RequestRedirect&) {
        return true;
    } catch (const HTTPException&) {
        return false;
    }
    return true;
}

std::vector<std::string> MapAdapter::allowed_methods(std::optional<std::string_view> path_info) const {
    try {
        match(path_info, "--");
    } catch (const MethodNotAllowed& e) {
        return e.valid_methods();
    } catch (const HTTPException&) {
    }
    return {};
}

std::optional<MapAdapter::Built> MapAdapter::partial_build(std::string_view endpoint, const Args& values,
                                                           std::optional<std::string_view> method,
                                                           bool append_unknown) const {
    if (!method)
        if (auto rv = partial_build(endpoint, values, std::string_view(default_method_), append_unknown)) return rv;
    std::optional<Built> first_match;
    const bool host_matching = map_->options().host_matching;
    auto it = map_->impl_->by_endpoint.find(endpoint);
    if (it == map_->impl_->by_endpoint.end()) return std::nullopt;
    for (const Rule* rule : it->second) {
        if (!rule->suitable_for(values, method)) continue;
        auto built = rule->build(values, append_unknown);
        if (!built) continue;
        Built rv{std::move(built->first), std::move(built->second), rule->websocket()};
        if (!host_matching) return rv;
        if (rv.domain == server_name_) return rv;
        if (!first_match) first_match = std::move(rv);
    }
    return first_match;
}

std::string MapAdapter::build_error_message(std::string_view endpoint, const Args& values,
                                            std::optional<std::string_view> method) const {
    std::string msg = "Could not build url for endpoint " + py_repr(endpoint);
    if (method && !method->empty()) msg += " (" + py_repr(*method) + ")";
    std::vector<std::string> keys;
    for (const auto& [k, v] : values) keys.push_back(k);
    if (!keys.empty()) msg += " with values " + list_repr(keys);
    msg += ".";
    // The closest rule, scored as Werkzeug does.
    const Rule* suggested = nullptr;
    double best = -1;
    for (const auto& ep : map_->impl_->endpoint_order) {
        for (const Rule* rule : map_->impl_->by_endpoint.at(ep)) {
            bool subset = std::all_of(keys.begin(), keys.end(), [&](const auto& k) { return rule->has_argument(k); });
            bool method_ok = method && rule->methods() && !rule->methods()->empty() && rule->allows_method(*method);
            double score = 0.98 * similarity(rule->endpoint(), endpoint) + 0.01 * subset + 0.01 * method_ok;
            if (score > best) best = score, suggested = rule;
        }
    }
    if (!suggested) return msg;
    if (suggested->endpoint() == endpoint) {
        if (method && !method->empty() && suggested->methods() && !suggested->allows_method(*method))
            msg += " Did you mean to use methods " + list_repr(*suggested->methods()) + "?";
        std::vector<std::string> missing;
        auto add_missing = [&](const std::string& name) {
            if (!find_arg(values, name) && std::find(missing.begin(), missing.end(), name) == missing.end())
                missing.push_back(name);
        };
        for (const auto& a : suggested->arguments()) add_missing(a);
        for (const auto& [k, v] : suggested->defaults()) add_missing(k);
        if (!missing.empty()) msg += " Did you forget to specify values " + list_repr(missing) + "?";
    } else {
        msg += " Did you mean " + py_repr(suggested->endpoint()) + " instead?";
    }
    return msg;
}

std::string MapAdapter::build(std::string_view endpoint, const Args& values, std::optional<std::string_view> method,
                              bool force_external, bool append_unknown, std::optional<std::string_view> url_scheme,
                              std::optional<std::string_view> anchor) const {
    Args kept;
    kept.reserve(values.size());
    for (const auto& [k, v] : values)
        if (!v.is_none() && !v.is_undefined()) kept.emplace_back(k, v);

    auto rv = partial_build(endpoint, kept, method, append_unknown);
    if (!rv) {
        std::string message = build_error_message(endpoint, kept, method);
        throw BuildError(std::string(endpoint), std::move(kept),
                         method ? std::optional<std::string>(std::string(*method)) : std::nullopt, std::move(message));
    }
    std::string host = get_host(rv->domain);
    std::string scheme(url_scheme.value_or(url_scheme_));
    bool secure = scheme == "https" || scheme == "wss";
    if (rv->websocket) {
        force_external = true;
        scheme = secure ? "wss" : "ws";
    } else if (!scheme.empty()) {
        scheme = secure ? "https" : "http";
    }
    std::string_view path = rv->path;
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    const bool host_matching = map_->options().host_matching;
    std::string url;
    if (!force_external && ((host_matching && host == server_name_) ||
                            (!host_matching && subdomain_ && rv->domain == *subdomain_))) {
        std::string_view script = script_name_;
        while (!script.empty() && script.back() == '/') script.remove_suffix(1);
        url.reserve(script.size() + path.size() + 1);
        url += script;
        url += '/';
        url += path;
    } else {
        if (!scheme.empty()) url += scheme + ":";
        url += "//";
        url += host;
        url += std::string_view(script_name_).substr(0, script_name_.size() - 1);
        url += '/';
        url += path;
    }
    if (anchor) {
        url += '#';
        url += url_quote(*anchor, kFragmentSafe);
    }
    return url;
}

}  // namespace flask::routing
