// Templates section of reference_app.py.
#include "conformance_app.hpp"

namespace conformance {

using flask::request;
using flask::Value;

namespace {
Value list_of(const std::vector<std::string>& items) {
    flask::List out(items.begin(), items.end());
    return out;
}
}  // namespace

void register_templates(flask::Flask& app) {
    app.route("/greet/", {.endpoint = "greet"}).route("/greet/<name>")([](std::optional<std::string> name) {
        return render_template("hello.html", {{"person", name}});
    });
    app.route("/template/context", {.endpoint = "template_context"})(
        [] { return render_template("context.html"); });
    app.route("/template/markup", {.endpoint = "template_markup"})([] {
        return render_template("markup.html", {
                                                  {"raw", request.args().get("raw", "<b>raw & unsafe</b>")},
                                                  {"trusted", flask::Markup("<i>trusted markup</i>")},
                                                  {"html_snippet", "<u>marked safe in template</u>"},
                                              });
    });
    app.route("/template/loop", {.endpoint = "template_loop"})([] {
        auto items = request.args().getlist("item");
        if (items.empty()) items = {"apple", "banana", "cherry"};
        if (request.args().get("empty") == "1") items.clear();
        auto title = request.args().get("title");
        return render_template("loop.html", {{"items", list_of(items)}, {"title", title}});
    });
    app.route("/template/tojson", {.endpoint = "template_tojson"})([] {
        flask::Dict data{
            {"name", request.args().get("name", "</script><script>alert('x')</script>")},
            {"n", 3},
            {"ok", true},
            {"none", nullptr},
        };
        return render_template("tojson.html", {{"data", std::move(data)}});
    });
    app.route("/template/string", {.endpoint = "template_string"})([] {
        auto items = request.args().getlist("item");
        if (items.empty()) items = {"x", "y"};
        return flask::render_template_string(
            "Hello {{ name }}! {{ 2 + 3 }} {{ items|join(', ') }} {{ config.SITE_NAME }}",
            {{"name", request.args().get("name", "<World>")}, {"items", list_of(items)}});
    });
    app.route("/template/text", {.endpoint = "template_text"})([] {
        auto body = render_template("note.txt", {{"value", request.args().get("value", "<b>&</b>")}});
        return std::tuple{body, flask::Headers{{"Content-Type", "text/plain; charset=utf-8"}}};
    });
    app.route("/template/missing", {.endpoint = "template_missing"})(
        [] { return render_template("does-not-exist.html"); });
}

}  // namespace conformance
