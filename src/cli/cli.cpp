// The app's CLI on CLI11: `run`, `routes` and custom commands.
#include "flask/cli.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "flask/app.hpp"
#include "flask/routing.hpp"

namespace flask {

namespace {

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}

bool env_truthy(const std::string& v) {
    std::string lower = v;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return !(lower == "0" || lower == "false" || lower == "no" || lower.empty());
}

}  // namespace

void Cli::add_command(std::string name, std::string help, Command fn) {
    commands_[std::move(name)] = Entry{std::move(help), std::move(fn)};
}

std::string Cli::routes_table(const std::string& sort, bool all_methods) const {
    auto rules = app_.url_map().rules();
    if (rules.empty()) return "No routes were registered.\n";
    std::vector<std::array<std::string, 3>> rows;
    for (const auto* rule : rules) {
        std::vector<std::string> methods;
        if (rule->methods())
            for (const auto& m : *rule->methods())
                if (all_methods || (m != "HEAD" && m != "OPTIONS")) methods.push_back(m);
        std::sort(methods.begin(), methods.end());
        std::string joined;
        for (const auto& m : methods) joined += (joined.empty() ? "" : ", ") + m;
        rows.push_back({rule->endpoint(), joined, rule->rule()});
    }
    std::size_t key = sort == "methods" ? 1 : sort == "rule" ? 2 : 0;
    if (sort != "match") std::stable_sort(rows.begin(), rows.end(), [&](auto& a, auto& b) { return a[key] < b[key]; });
    std::array<std::string, 3> headers{"Endpoint", "Methods", "Rule"};
    std::array<std::size_t, 3> widths{};
    for (std::size_t i = 0; i < 3; ++i) {
        widths[i] = headers[i].size();
        for (const auto& r : rows) widths[i] = std::max(widths[i], r[i].size());
    }
    auto line = [&](const std::array<std::string, 3>& cells) {
        std::string out = fmt::format("{:<{}}  {:<{}}  {:<{}}", cells[0], widths[0], cells[1], widths[1], cells[2],
                                      widths[2]);
        while (!out.empty() && out.back() == ' ') out.pop_back();
        return out + "\n";
    };
    std::string out = line(headers);
    out += line({std::string(widths[0], '-'), std::string(widths[1], '-'), std::string(widths[2], '-')});
    for (const auto& r : rows) out += line(r);
    return out;
}

int Cli::main(int argc, char** argv) {
    CLI::App cli{fmt::format("Commands of the flaskcpp app '{}'.", app_.name())};
    cli.require_subcommand(1);

    std::string host = env("FLASK_RUN_HOST").value_or("127.0.0.1");
    int port = 5000;
    if (auto p = env("FLASK_RUN_PORT")) port = std::atoi(p->c_str());
    bool debug = env("FLASK_DEBUG") ? env_truthy(*env("FLASK_DEBUG")) : false;
    auto* run = cli.add_subcommand("run", "Run a production-grade server.");
    run->set_help_flag("--help", "Show this message and exit.");  // frees -h for --host, as in Flask
    run->add_option("-h,--host", host, "The interface to bind to.")->capture_default_str();
    run->add_option("-p,--port", port, "The port to bind to.")->capture_default_str();
    run->add_flag("--debug,!--no-debug", debug, "Enable or disable debug mode.");
    std::string cert, key;
    run->add_option("--cert", cert, "Specify a certificate file to use HTTPS.");
    run->add_option("--key", key, "The key file to use when specifying a certificate.");

    std::string sort = "endpoint";
    bool all_methods = false;
    auto* routes = cli.add_subcommand("routes", "Show the routes for the app.");
    routes->add_option("-s,--sort", sort, "Method to sort routes by.")
        ->check(CLI::IsMember({"endpoint", "methods", "rule", "match"}));
    routes->add_flag("--all-methods", all_methods, "Show HEAD and OPTIONS methods.");

    std::map<std::string, std::pair<CLI::App*, std::vector<std::string>>> custom;
    for (auto& [name, entry] : commands_) {
        auto* sub = cli.add_subcommand(name, entry.help);
        auto& slot = custom[name];
        slot.first = sub;
        sub->allow_extras();
    }

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }

    if (run->parsed()) {
        // Flask's messages for a half-given pair.
        if (!key.empty() && cert.empty()) {
            std::cerr << "Error: Invalid value for '--key': \"--cert\" must also be specified.\n";
            return 2;
        }
        if (!cert.empty() && key.empty()) {
            std::cerr << "Error: Invalid value for '--key': Required when using \"--cert\".\n";
            return 2;
        }
        try {
            app_.run(host, port, debug, cert, key);
        } catch (const std::exception& e) {
            std::cerr << e.what() << "\n";
            return 1;
        }
        return 0;
    }
    if (routes->parsed()) {
        std::cout << routes_table(sort, all_methods);
        return 0;
    }
    for (auto& [name, slot] : custom) {
        if (slot.first->parsed()) {
            AppContext ctx(app_);
            return commands_[name].fn(slot.first->remaining());
        }
    }
    return 1;
}

}  // namespace flask
