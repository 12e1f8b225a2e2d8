// "About Responses": every return-value conversion rule of reference_app.py.
#include "conformance_app.hpp"

namespace conformance {

using flask::request;
using flask::Response;
using namespace std::string_view_literals;

void register_responses(flask::Flask& app) {
    app.route("/resp/str", {.endpoint = "resp_str"})([] { return "A plain string with ünïcode"; });
    app.route("/resp/bytes", {.endpoint = "resp_bytes"})(
        [] { return flask::Value::bytes(std::string("raw \x00\x01\xff bytes"sv)); });
    app.route("/resp/empty", {.endpoint = "resp_empty"})([] { return ""; });
    app.route("/resp/dict", {.endpoint = "resp_dict"})(
        [] { return flask::Dict{{"message", "dict becomes JSON"}, {"count", 2}}; });
    app.route("/resp/list", {.endpoint = "resp_list"})([] { return flask::List{"list", "becomes", "JSON", 3}; });
    app.route("/resp/tuple-status", {.endpoint = "resp_tuple_status"})([] { return std::tuple{"Created!", 201}; });
    app.route("/resp/tuple-status-str", {.endpoint = "resp_tuple_status_str"})(
        [] { return std::tuple{"Created via string", "201 CREATED"}; });
    app.route("/resp/status-custom-reason", {.endpoint = "resp_status_custom_reason"})(
        [] { return std::tuple{"Custom status line", "299 Everything Fine"}; });
    app.route("/resp/status-str-code-only", {.endpoint = "resp_status_str_code_only"})(
        [] { return std::tuple{"Accepted as string", "202"}; });
    app.route("/resp/status-unknown", {.endpoint = "resp_status_unknown"})(
        [] { return std::tuple{"Unknown status", 299}; });
    app.route("/resp/tuple-headers-dict", {.endpoint = "resp_tuple_headers_dict"})([] {
        return std::tuple{"With headers", std::map<std::string, flask::Value>{{"X-Custom", "dict-value"}, {"X-Number", 7}}};
    });
    app.route("/resp/tuple-headers-list", {.endpoint = "resp_tuple_headers_list"})(
        [] { return std::tuple{"With header list", flask::Headers{{"X-Multi", "one"}, {"X-Multi", "two"}}}; });
    app.route("/resp/tuple-full", {.endpoint = "resp_tuple_full"})([] {
        return std::tuple{"Full tuple", 202,
                          std::map<std::string, std::string>{{"X-Full", "yes"},
                                                             {"Content-Type", "text/plain; charset=utf-8"}}};
    });
    app.route("/resp/tuple-full-list", {.endpoint = "resp_tuple_full_list"})(
        [] { return std::tuple{"Full tuple list", 418, flask::Headers{{"X-Tea", "earl grey"}}}; });
    app.route("/resp/dict-status", {.endpoint = "resp_dict_status"})(
        [] { return std::tuple{flask::Dict{{"error", "not allowed"}}, 403}; });
    app.route("/resp/response-object", {.endpoint = "resp_response_object"})(
        [] { return Response("Response object", 203, {{"X-R", "1"}}, "text/plain"); });
    app.route("/resp/make-response", {.endpoint = "resp_make_response"})([] {
        auto resp = flask::make_response(std::tuple{render_template("hello.html", {{"person", "Maker"}}), 404});
        resp.headers.set("X-Something", "A value");
        return resp;
    });
    app.route("/resp/mimetype/<kind>", {.endpoint = "resp_mimetype"})([](std::string kind) {
        static const std::map<std::string, std::string> mimetypes_by_kind = {
            {"plain", "text/plain"},   {"xml", "application/xml"},
            {"svg", "image/svg+xml"},  {"js", "application/javascript"},
            {"binary", "application/octet-stream"}, {"csv", "text/csv"},
            {"json", "application/json"},
        };
        auto it = mimetypes_by_kind.find(kind);
        return Response("mimetype demo", 200, {}, it == mimetypes_by_kind.end() ? "text/html" : it->second);
    });
    app.route("/resp/content-type", {.endpoint = "resp_content_type"})(
        [] { return Response("explicit content type", 200, {}, {}, "text/x-custom; charset=latin-1"); });
    app.route("/resp/no-content", {.endpoint = "resp_no_content"})([] { return std::tuple{"", 204}; });
    app.route("/resp/generator", {.endpoint = "resp_generator"})([] {
        flask::wsgi::BodyGenerator generate = [i = 1](std::string& chunk) mutable {
            if (i > 3) return false;
            chunk = fmt::format("row {}\n", i++);
            return true;
        };
        return std::tuple{generate, flask::Headers{{"Content-Type", "text/csv; charset=utf-8"}}};
    });
    app.route("/resp/stream-context", {.endpoint = "resp_stream_context"})([] {
        flask::wsgi::BodyGenerator generate = [step = 0](std::string& chunk) mutable {
            switch (step++) {
                case 0: chunk = "Hello "; return true;
                case 1: chunk = request.args().get("name", "stream"); return true;
                case 2: chunk = "!"; return true;
                default: return false;
            }
        };
        return Response::stream(flask::stream_with_context(generate), 200, "text/plain");
    });
    app.route("/resp/etag", {.endpoint = "resp_etag"})([] {
        auto resp = flask::make_response("ETag-protected content");
        resp.set_etag("conformance-v1");
        return flask::make_conditional(std::move(resp), request);
    });
    app.route("/resp/none", {.endpoint = "resp_none"})([] {});
    app.route("/resp/int", {.endpoint = "resp_int"})([] { return 42; });
    app.route("/resp/bad-tuple", {.endpoint = "resp_bad_tuple"})(
        [] { return std::tuple{"a", 200, flask::Headers{}, "extra"}; });
}

}  // namespace conformance
