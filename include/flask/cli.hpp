// The app's command line, as `flask` gives it: run, routes, custom commands.
//
//     app.cli().command("init-db", "Clear the data and create new tables.")([] { init_db(); });
//     return app.main(argc, argv);   // ./app run --port 8000 | ./app routes | ./app init-db
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace flask {

class Flask;

class Cli {
public:
    /// A custom command gets its remaining arguments; it returns an exit status
    /// (a command returning void exits with 0).
    using Command = std::function<int(const std::vector<std::string>& args)>;

    explicit Cli(Flask& app) : app_(app) {}

    class CommandDecorator {
    public:
        CommandDecorator(Cli& cli, std::string name, std::string help)
            : cli_(cli), name_(std::move(name)), help_(std::move(help)) {}
        template <class F>
        void operator()(F&& fn) {
            cli_.add_command(name_, help_, wrap(std::forward<F>(fn)));
        }

    private:
        template <class F>
        static Command wrap(F&& fn) {
            return [f = std::forward<F>(fn)](const std::vector<std::string>& args) mutable -> int {
                if constexpr (std::is_invocable_v<F&, const std::vector<std::string>&>) {
                    if constexpr (std::is_void_v<std::invoke_result_t<F&, const std::vector<std::string>&>>) {
                        f(args);
                        return 0;
                    } else {
                        return static_cast<int>(f(args));
                    }
                } else if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
                    f();
                    return 0;
                } else {
                    return static_cast<int>(f());
                }
            };
        }
        Cli& cli_;
        std::string name_;
        std::string help_;
    };

    CommandDecorator command(std::string name, std::string help = {}) {
        return CommandDecorator(*this, std::move(name), std::move(help));
    }
    void add_command(std::string name, std::string help, Command fn);

    /// Parses argv and runs the command; returns the process exit status.
    int main(int argc, char** argv);

    /// The `flask routes` table for this app.
    std::string routes_table(const std::string& sort = "endpoint", bool all_methods = false) const;

private:
    struct Entry {
        std::string help;
        Command fn;
    };
    Flask& app_;
    std::map<std::string, Entry> commands_;
};

}  // namespace flask
