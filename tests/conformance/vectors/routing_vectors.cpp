// Runner for routing.jsonl: one URL map per line, match and build probes.
#include <cmath>

#include "flask/routing.hpp"
#include "vectors.hpp"

namespace {

namespace json = boost::json;
using flask::routing::Args;
using flask::routing::Map;
using flask::routing::MapOptions;
using flask::routing::Rule;
using flask::routing::RuleOptions;
using jinja::Value;

std::optional<std::string> opt_string(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    return std::string(v->get_string());
}
std::optional<bool> opt_bool(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    return v->get_bool();
}

Args typed_args(const json::value* v) {
    Args out;
    if (!v || v->is_null()) return out;
    for (const auto& [k, val] : v->get_object()) out.emplace_back(std::string(k), vectors::typed_value(val));
    return out;
}

// Strict value equality: kinds must agree (True is not 1), floats by ==.
bool same(const Value& a, const Value& b) {
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case Value::Kind::Undefined:
        case Value::Kind::None: return true;
        case Value::Kind::Bool: return a.as_bool() == b.as_bool();
        case Value::Kind::Int: return a.as_int() == b.as_int();
        case Value::Kind::Float:
            return a.as_float() == b.as_float() && std::signbit(a.as_float()) == std::signbit(b.as_float());
        case Value::Kind::String:
        case Value::Kind::Bytes: return a.is_markup() == b.is_markup() && a.as_string() == b.as_string();
        case Value::Kind::List: {
            if (a.is_tuple() != b.is_tuple() || a.size() != b.size()) return false;
            for (std::size_t i = 0; i < a.size(); ++i)
                if (!same(a.at(i), b.at(i))) return false;
            return true;
        }
        case Value::Kind::Dict: {
            if (a.size() != b.size()) return false;
            for (const auto& [k, v] : a.as_dict()) {
                const Value* other = b.as_dict().find(k);
                if (!other || !same(v, *other)) return false;
            }
            return true;
        }
        case Value::Kind::Object: return a == b;
    }
    return false;
}

std::string show_args(const Args& args) {
    std::string out = "{";
    for (std::size_t i = 0; i < args.size(); ++i)
        out += (i ? ", " : "") + jinja::string_repr(args[i].first) + ": " + args[i].second.repr();
    return out + "}";
}

std::string run_match(const flask::routing::MapAdapter& adapter, const json::object& probe) {
    const json::object& expect = probe.at("expect").get_object();
    std::string method(probe.at("method").get_string());
    std::string path(probe.at("path").get_string());
    auto query = opt_string(probe, "query");
    bool websocket = probe.at("websocket").get_bool();
    std::string got;
    try {
        auto result = adapter.match(path, method, query ? std::optional<std::string_view>(*query) : std::nullopt,
                                    websocket);
        if (!expect.contains("endpoint")) return "matched " + result.endpoint() + " " + show_args(result.args);
        auto want_endpoint = opt_string(expect, "endpoint").value_or("");
        Args want = typed_args(expect.if_contains("args"));
        bool ok = result.endpoint() == want_endpoint && want.size() == result.args.size();
        for (const auto& [k, v] : want) {
            const Value* g = flask::routing::find_arg(result.args, k);
            ok = ok && g && same(*g, v);
        }
        if (ok) return {};
        return "got " + result.endpoint() + " " + show_args(result.args);
    } catch (const flask::RequestRedirect& e) {
        if (expect.contains("redirect") && expect.at("redirect").get_string() == e.new_url() &&
            expect.at("code").to_number<int>() == e.code())
            return {};
        return "got redirect " + e.new_url();
    } catch (const flask::MethodNotAllowed& e) {
        if (expect.contains("error") && expect.at("error").to_number<int>() == 405) {
            std::vector<std::string> want;
            for (const auto& m : expect.at("allowed").get_array()) want.emplace_back(m.get_string());
            if (want == e.valid_methods()) return {};
        }
        std::string got_methods;
        for (const auto& m : e.valid_methods()) got_methods += m + " ";
        return "got 405 allowed " + got_methods;
    } catch (const flask::routing::WebsocketMismatch&) {
        if (expect.contains("websocket_mismatch")) return {};
        return "got websocket mismatch";
    } catch (const flask::HTTPException& e) {
        if (expect.contains("error") && !expect.contains("websocket_mismatch") &&
            expect.at("error").to_number<int>() == e.code())
            return {};
        return "got HTTP " + std::to_string(e.code());
    }
}

std::string run_build(const flask::routing::MapAdapter& adapter, const json::object& probe) {
    const json::object& expect = probe.at("expect").get_object();
    Args values = typed_args(probe.if_contains("values"));
    auto method = opt_string(probe, "method");
    auto scheme = opt_string(probe, "url_scheme");
    auto anchor = opt_string(probe, "anchor");
    auto view = [](const std::optional<std::string>& s) {
        return s ? std::optional<std::string_view>(*s) : std::nullopt;
    };
    try {
        std::string url = adapter.build(std::string(probe.at("endpoint").get_string()), values, view(method),
                                        probe.at("force_external").get_bool(), probe.at("append_unknown").get_bool(),
                                        view(scheme), view(anchor));
        if (expect.contains("url") && expect.at("url").get_string() == url) return {};
        return "got url " + url;
    } catch (const flask::routing::BuildError& e) {
        if (expect.contains("error") && expect.at("error").get_string() == "BuildError") return {};
        return std::string("got BuildError: ") + e.what();
    } catch (const jinja::ValueError& e) {
        if (expect.contains("error") && expect.at("error").get_string() == "ValueError") return {};
        return std::string("got ValueError: ") + e.what();
    }
}

std::vector<vectors::Outcome> run_line(const json::object& line) {
    const json::object& m = line.at("map").get_object();
    MapOptions options;
    options.strict_slashes = m.at("strict_slashes").get_bool();
    options.merge_slashes = m.at("merge_slashes").get_bool();
    options.redirect_defaults = m.at("redirect_defaults").get_bool();
    options.host_matching = m.at("host_matching").get_bool();
    options.default_subdomain = std::string(m.at("default_subdomain").get_string());
    options.sort_parameters = m.at("sort_parameters").get_bool();
    Map map(options);
    for (const auto& rv : line.at("rules").get_array()) {
        const json::object& r = rv.get_object();
        RuleOptions ro;
        if (const auto* methods = r.if_contains("methods"); methods && !methods->is_null()) {
            ro.methods.emplace();
            for (const auto& x : methods->get_array()) ro.methods->emplace_back(x.get_string());
        }
        ro.defaults = typed_args(r.if_contains("defaults"));
        ro.subdomain = opt_string(r, "subdomain");
        ro.host = opt_string(r, "host");
        ro.strict_slashes = opt_bool(r, "strict_slashes");
        ro.merge_slashes = opt_bool(r, "merge_slashes");
        ro.build_only = opt_bool(r, "build_only").value_or(false);
        ro.alias = opt_bool(r, "alias").value_or(false);
        ro.websocket = opt_bool(r, "websocket").value_or(false);
        ro.redirect_to = opt_string(r, "redirect_to");
        map.add(Rule(std::string(r.at("rule").get_string()), opt_string(r, "endpoint").value_or(""), std::move(ro)));
    }
    const json::object& b = line.at("bind").get_object();
    auto script = opt_string(b, "script_name");
    auto subdomain = opt_string(b, "subdomain");
    auto scheme = opt_string(b, "url_scheme").value_or("http");
    std::vector<vectors::Outcome> out;
    for (const auto& pv : line.at("probes").get_array()) {
        const json::object& probe = pv.get_object();
        vectors::Outcome o{std::string(probe.at("id").get_string()), {}};
        try {
            auto adapter = map.bind(std::string(b.at("server_name").get_string()),
                                    script ? std::optional<std::string_view>(*script) : std::nullopt,
                                    subdomain ? std::optional<std::string_view>(*subdomain) : std::nullopt, scheme);
            o.failure = probe.at("type").get_string() == "match" ? run_match(adapter, probe) : run_build(adapter, probe);
        } catch (const std::exception& e) {
            o.failure = std::string("threw: ") + e.what();
        }
        if (!o.failure.empty()) o.failure += "; expected " + vectors::show(probe.at("expect"));
        out.push_back(std::move(o));
    }
    return out;
}

vectors::Registration reg("routing.jsonl", run_line);

}  // namespace
