// Request data section of reference_app.py (args, form, headers, URL
// attributes, raw body).
#include "conformance_app.hpp"

namespace conformance {

using flask::jsonify;
using flask::request;
using flask::Value;

namespace {

Value optional_value(const std::optional<std::uint64_t>& v) { return v ? Value(static_cast<long long>(*v)) : Value(); }

Value string_list(const std::vector<std::string>& items) {
    flask::List out;
    for (const auto& s : items) out.emplace_back(s);
    return out;
}

}  // namespace

void register_request_data(flask::Flask& app) {
    app.route("/args", {.endpoint = "query_args"})([] {
        const auto& args = request.args();
        return jsonify({
            {"name", args.get("name", "anonymous")},
            {"page", args.get("page", 1)},
            {"tags", string_list(args.getlist("tag"))},
            {"all", args.to_dict(false)},
        });
    });
    app.route("/form", {.endpoint = "form_data", .methods = {"POST"}})([] {
        const auto& form = request.form();
        return jsonify({
            {"username", form["username"]},
            {"remember", form.get("remember", "no")},
            {"tags", string_list(form.getlist("tag"))},
            {"files", flask::List{}},
        });
    });
    app.route("/headers", {.endpoint = "request_headers"})([] {
        // dict(sorted(request.headers.items())): Werkzeug title-cases names; the last duplicate wins.
        std::map<std::string, std::string> sorted;
        for (const auto& [k, v] : request.headers()) {
            std::string name = k;
            bool upper = true;
            for (char& c : name) {
                c = upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                          : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                upper = c == '-';
            }
            sorted[name] = v;
        }
        flask::Dict headers;
        for (const auto& [k, v] : sorted) headers.set(k, v);
        auto ua = request.headers().get("user-agent");
        return jsonify({
            {"headers", std::move(headers)},
            {"user_agent", ua ? Value(*ua) : Value()},
            {"custom", request.headers().get("X-CUSTOM", "none")},
        });
    });
    auto request_info = [](std::optional<std::string> rest) {
        (void)rest;
        flask::Dict view_args;
        for (const auto& [k, v] : request.view_args()) view_args.set(k, v);
        return jsonify({
            {"method", request.method()},
            {"path", request.path()},
            {"full_path", request.full_path()},
            {"script_root", request.script_root()},
            {"url", request.url()},
            {"base_url", request.base_url()},
            {"url_root", request.url_root()},
            {"host_url", request.host_url()},
            {"host", request.host()},
            {"scheme", request.scheme()},
            {"is_secure", request.is_secure()},
            {"query_string", request.query_string()},
            {"args", request.args().to_dict(false)},
            {"endpoint", request.endpoint()},
            {"view_args", std::move(view_args)},
            {"url_rule", request.url_rule()},
            {"mimetype", request.mimetype()},
            {"content_type", request.headers().get("Content-Type") ? Value(request.content_type()) : Value()},
            {"content_length", optional_value(request.content_length())},
            {"is_json", request.is_json()},
        });
    };
    app.route("/request-info", {.endpoint = "request_info", .methods = {"GET", "POST"}})
        .route("/request-info/<path:rest>", {.endpoint = "request_info", .methods = {"GET", "POST"}})(request_info);
    app.route("/data", {.endpoint = "raw_data", .methods = {"POST", "PUT"}})([] {
        const auto& form = request.form();  // parsing a form body consumes it: request.data is then empty
        const auto& data = request.get_data();
        return jsonify({
            {"length", static_cast<long long>(data.size())},
            {"text", data},
            {"content_length", optional_value(request.content_length())},
            {"mimetype", request.mimetype()},
            {"form", form.to_dict(false)},
        });
    });
    app.route("/body-size", {.endpoint = "body_size", .methods = {"POST"}})(
        [] { return fmt::format("Received {} bytes", request.get_data().size()); });
    app.route("/ignore-body", {.endpoint = "ignore_body", .methods = {"POST"}})([] {
        auto length = request.content_length();
        return "Declared length " + (length ? std::to_string(*length) : std::string("None"));
    });
}

}  // namespace conformance
