#include <optional>
#include <string_view>
#include <vector>

#include "flask/middleware.hpp"
#include "http/text_codec.hpp"

namespace flask {

namespace {

std::string_view trim(std::string_view s) { return http_detail::strip_chars(s, " \t"); }

/// The value set by the outermost trusted proxy, or nullopt when fewer
/// proxies than trusted added one (then the header is not believed).
std::optional<std::string> trusted_value(int trusted, const std::optional<std::string_view>& header) {
    if (trusted <= 0 || !header) return std::nullopt;
    std::vector<std::string_view> values;
    std::string_view rest = *header;
    while (true) {
        auto comma = rest.find(',');
        values.push_back(trim(rest.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    if (static_cast<int>(values.size()) < trusted) return std::nullopt;
    return std::string(values[values.size() - static_cast<std::size_t>(trusted)]);
}

}  // namespace

wsgi::App ProxyFix(wsgi::App app, ProxyFixOptions options) {
    return [app = std::move(app), options](wsgi::Environ& env) {
        const auto& h = env.headers;
        if (auto v = trusted_value(options.x_for, h.get("X-Forwarded-For"))) env.remote_addr = *v;
        if (auto v = trusted_value(options.x_proto, h.get("X-Forwarded-Proto"))) env.url_scheme = *v;
        if (auto v = trusted_value(options.x_host, h.get("X-Forwarded-Host"))) {
            env.headers.set("Host", *v);
            auto colon = v->rfind(':');
            bool has_port = colon != std::string::npos && v->find(']', colon) == std::string::npos;
            env.server_name = has_port ? v->substr(0, colon) : *v;
            if (has_port) env.server_port = v->substr(colon + 1);
        }
        if (auto v = trusted_value(options.x_port, h.get("X-Forwarded-Port"))) {
            std::string host = env.headers.get("Host", env.server_name);
            auto colon = host.rfind(':');
            if (colon != std::string::npos && host.find(']', colon) == std::string::npos) host.resize(colon);
            env.headers.set("Host", host + ":" + *v);
            env.server_port = *v;
        }
        if (auto v = trusted_value(options.x_prefix, h.get("X-Forwarded-Prefix"))) {
            while (!v->empty() && v->back() == '/') v->pop_back();
            env.script_name = *v + env.script_name;
        }
        return app(env);
    };
}

wsgi::App DispatcherMiddleware(wsgi::App app, std::vector<std::pair<std::string, wsgi::App>> mounts) {
    return [app = std::move(app), mounts = std::move(mounts)](wsgi::Environ& env) {
        auto find = [&](const std::string& prefix) -> const wsgi::App* {
            for (const auto& [p, a] : mounts)
                if (p == prefix) return &a;
            return nullptr;
        };
        // Strip path segments from the right until a mount prefix matches.
        std::string script = env.path_info;
        std::string path_info;
        const wsgi::App* target = nullptr;
        while (script.find('/') != std::string::npos) {
            if ((target = find(script))) break;
            auto slash = script.rfind('/');
            path_info = script.substr(slash) + path_info;
            script.resize(slash);
        }
        if (!target) target = find(script);
        if (!target) target = &app;
        env.script_name += script;
        env.path_info = path_info;
        return (*target)(env);
    };
}

}  // namespace flask
