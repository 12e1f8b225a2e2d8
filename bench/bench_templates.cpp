// bench_templates DIR: renders each page of the template benchmark (page.html
// + page.json), checks the bytes against page.expected.html and prints the
// median time per render.
#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "jinja/markup.hpp"
#include "jinja/template.hpp"
#include "jinja_json.hpp"

namespace json = boost::json;

namespace {

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}


// ---- the table page written by hand --------------------------------------------
// The same bytes as table.html + base.html, from plain structs filled once from
// the JSON: the floor the template engine is measured against.

struct NavItem {
    std::string href, label;
};
struct User {
    std::int64_t id = 0;
    std::string name, email, role, bio;
    double score = 0;
    bool active = false;
};
struct TablePage {
    std::string site_name, current, heading;
    std::int64_t year = 0;
    std::vector<NavItem> nav;
    std::vector<std::pair<std::string, std::string>> flashes;
    std::vector<std::string> columns;
    std::vector<User> users;
};

TablePage table_page(const json::object& o) {
    TablePage t;
    auto str = [](const json::value& v) { return v.is_string() ? std::string(v.get_string()) : std::string(); };
    t.site_name = str(o.at("site_name"));
    t.current = str(o.at("current"));
    t.heading = str(o.at("heading"));
    t.year = o.at("year").to_number<std::int64_t>();
    for (const auto& n : o.at("nav").get_array()) t.nav.push_back({str(n.at("href")), str(n.at("label"))});
    for (const auto& f : o.at("flashes").get_array())
        t.flashes.emplace_back(str(f.get_array().at(0)), str(f.get_array().at(1)));
    for (const auto& c : o.at("columns").get_array()) t.columns.push_back(str(c));
    for (const auto& u : o.at("users").get_array()) {
        User x;
        x.id = u.at("id").to_number<std::int64_t>();
        x.name = str(u.at("name"));
        x.email = str(u.at("email"));
        x.role = str(u.at("role"));
        x.bio = str(u.at("bio"));
        x.score = u.at("score").to_number<double>();
        x.active = u.at("active").as_bool();
        t.users.push_back(std::move(x));
    }
    return t;
}

// Jinja's truncate(40): at most 45 code points kept as is, else cut at 37 and
// back to the last space, then "...".
void append_truncated(std::string& out, const std::string& s) {
    std::size_t cps = 0, cut = s.size();
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
        if (cps == 37) cut = i;
        ++cps;
    }
    if (cps <= 45) {
        jinja::escape_html_to(out, s);
        return;
    }
    std::string_view head(s.data(), cut);
    std::size_t sp = head.rfind(' ');
    if (sp != std::string_view::npos) head = head.substr(0, sp);
    jinja::escape_html_to(out, head);
    out += "...";
}

template <std::size_t N>
void lit(std::string& out, const char (&s)[N]) {
    out.append(s, N - 1);
}

void append_int(std::string& out, std::int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

std::string render_table_by_hand(const TablePage& t) {
    std::string out;
    out.reserve(32768);
    lit(out, "<!doctype html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>Users &middot; ");
    jinja::escape_html_to(out, t.site_name);
    lit(out, "</title>\n  <link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n  <nav>\n    ");
    for (std::size_t i = 0; i < t.nav.size(); ++i) {
        lit(out, "<a href=\"");
        jinja::escape_html_to(out, t.nav[i].href);
        out += '"';
        if (t.nav[i].href == t.current) lit(out, " class=\"active\"");
        out += '>';
        jinja::escape_html_to(out, t.nav[i].label);
        lit(out, "</a>");
        if (i + 1 != t.nav.size()) lit(out, " | ");
    }
    lit(out, "\n  </nav>\n  ");
    if (!t.flashes.empty()) {
        lit(out, "\n  <ul class=\"flashes\">");
        for (const auto& [category, message] : t.flashes) {
            lit(out, "<li class=\"");
            jinja::escape_html_to(out, category);
            lit(out, "\">");
            jinja::escape_html_to(out, message);
            lit(out, "</li>");
        }
        lit(out, "</ul>\n  ");
    }
    lit(out, "\n  <main>\n  \n<h1>");
    jinja::escape_html_to(out, t.heading);
    lit(out, "</h1>\n<table class=\"users\">\n  <thead>\n    <tr>");
    for (const auto& c : t.columns) {
        lit(out, "<th>");
        std::string title = c;  // ASCII title-case
        bool prev_cased = false;
        for (char& ch : title) {
            bool alpha = std::isalpha(static_cast<unsigned char>(ch)) != 0;
            if (alpha) ch = static_cast<char>(prev_cased ? std::tolower(ch) : std::toupper(ch));
            prev_cased = alpha;
        }
        jinja::escape_html_to(out, title);
        lit(out, "</th>");
    }
    lit(out, "</tr>\n  </thead>\n  <tbody>\n  ");
    std::size_t active = 0;
    for (std::size_t i = 0; i < t.users.size(); ++i) {
        const User& u = t.users[i];
        lit(out, "\n    <tr class=\"");
        if (i % 2 == 0) lit(out, "odd"); else lit(out, "even");
        if (!u.active) lit(out, " inactive");
        lit(out, "\">\n      <td>");
        append_int(out, static_cast<std::int64_t>(i + 1));
        lit(out, "</td>\n      <td><a href=\"/users/");
        append_int(out, u.id);
        lit(out, "\" title=\"");
        jinja::escape_html_to(out, u.name);
        lit(out, "\">");
        jinja::escape_html_to(out, u.name);
        lit(out, "</a></td>\n      <td>");
        if (u.email.empty()) lit(out, "-"); else jinja::escape_html_to(out, u.email);
        lit(out, "</td>\n      <td>");
        for (char ch : u.role) out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        lit(out, "</td>\n      <td>");
        char buf[64];
        auto r = std::to_chars(buf, buf + sizeof buf, u.score, std::chars_format::fixed, 1);
        out.append(buf, r.ptr);
        lit(out, "</td>\n      <td>");
        append_truncated(out, u.bio);
        lit(out, "</td>\n    </tr>\n  ");
        if (u.active) ++active;
    }
    lit(out, "\n  </tbody>\n</table>\n<p>");
    append_int(out, static_cast<std::int64_t>(active));
    lit(out, " active of ");
    append_int(out, static_cast<std::int64_t>(t.users.size()));
    lit(out, " users.</p>\n\n  </main>\n  <footer>&copy; ");
    append_int(out, t.year);
    out += ' ';
    jinja::escape_html_to(out, t.site_name);
    lit(out, "</footer>\n</body>\n</html>");
    return out;
}

double median(std::vector<double> times) {
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: bench_templates DIR [ITERATIONS [PAGE]]\n";
        return 2;
    }
    std::filesystem::path dir = argv[1];
    int iterations = argc > 2 ? std::atoi(argv[2]) : 200;
    std::string only = argc > 3 ? argv[3] : "";
    jinja::EnvironmentOptions opt;
    opt.loader = std::make_shared<jinja::FileSystemLoader>(dir);
    opt.autoescape_for = jinja::flask_autoescape;
    // As Flask runs templates in production (TEMPLATES_AUTO_RELOAD unset, debug
    // off): no file-system check per render.  bench_templates_python.py sets the same.
    opt.auto_reload = false;
    jinja::Environment env(opt);
    int bad = 0;
    for (const char* page : {"table", "form", "list"}) {
        if (!only.empty() && only != page) continue;
        std::string name = std::string(page) + ".html";
        json::value data = json::parse(read(dir / (std::string(page) + ".json")));
        jinja::Dict ctx = jinja_json::to_value(data).as_dict();
        std::string expected = read(dir / (std::string(page) + ".expected.html"));
        auto t = env.get_template(name);
        std::string out = t->render(ctx);
        bool ok = out == expected;
        if (!ok) ++bad;
        // The table page alternates engine and hand-written renders, so that
        // both medians see the same machine: its speed drifts over seconds.
        const bool with_hand = std::string(page) == "table";
        TablePage tp;
        bool hand_ok = false;
        if (with_hand) {
            tp = table_page(data.as_object());
            hand_ok = render_table_by_hand(tp) == expected;
            if (!hand_ok) ++bad;
        }
        auto time_one = [](auto&& render) {
            auto start = std::chrono::steady_clock::now();
            std::string r = render();
            auto end = std::chrono::steady_clock::now();
            return std::chrono::duration<double, std::micro>(end - start).count();
        };
        std::vector<double> times, htimes;
        for (int i = 0; i < iterations; ++i) {
            times.push_back(time_one([&] { return t->render(ctx); }));
            if (with_hand) htimes.push_back(time_one([&] { return render_table_by_hand(tp); }));
        }
        std::cout << page << ": " << (ok ? "bytes match" : "MISMATCH") << ", median " << median(times)
                  << " us per render (" << out.size() << " bytes)";
        if (with_hand) {
            double h = median(htimes);
            std::cout << "; hand-written C++ " << (hand_ok ? "bytes match" : "MISMATCH") << ", median " << h
                      << " us (engine/hand " << median(times) / h << "x)";
        }
        std::cout << "\n";
    }
    return bad ? 1 : 0;
}
