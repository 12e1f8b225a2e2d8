// app.logger: Flask's default logging, on spdlog (kept out of this header).
//
// Messages look like Flask's default handler:
//     [2026-11-25 23:59:01,123] ERROR in hello: Exception on /boom [GET]
// The level defaults to WARNING, and DEBUG in debug mode, as in Flask.
#pragma once

#include <fmt/format.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace flask {

enum class LogLevel { Debug = 10, Info = 20, Warning = 30, Error = 40, Critical = 50 };

class Logger {
public:
    explicit Logger(std::string name);
    ~Logger();
    Logger(const Logger&) = delete;
    Logger& operator=(const Logger&) = delete;

    void set_level(LogLevel level) noexcept { level_ = level; }
    LogLevel level() const noexcept { return level_; }
    bool enabled_for(LogLevel level) const noexcept { return level >= level_; }
    /// The `module` shown in "ERROR in <module>:".
    void set_module(std::string module) { module_ = std::move(module); }

    void log(LogLevel level, std::string_view message);
    /// Replaces where records go (tests capture them); the default is stderr.
    void set_sink(std::function<void(LogLevel, std::string_view line)> sink);

    template <class... A>
    void debug(fmt::format_string<A...> f, A&&... args) { emit(LogLevel::Debug, f, std::forward<A>(args)...); }
    template <class... A>
    void info(fmt::format_string<A...> f, A&&... args) { emit(LogLevel::Info, f, std::forward<A>(args)...); }
    template <class... A>
    void warning(fmt::format_string<A...> f, A&&... args) { emit(LogLevel::Warning, f, std::forward<A>(args)...); }
    template <class... A>
    void error(fmt::format_string<A...> f, A&&... args) { emit(LogLevel::Error, f, std::forward<A>(args)...); }
    template <class... A>
    void critical(fmt::format_string<A...> f, A&&... args) { emit(LogLevel::Critical, f, std::forward<A>(args)...); }

private:
    template <class... A>
    void emit(LogLevel level, fmt::format_string<A...> f, A&&... args) {
        if (enabled_for(level)) log(level, fmt::format(f, std::forward<A>(args)...));
    }

    struct Sink;
    std::string name_;
    std::string module_;
    LogLevel level_ = LogLevel::Warning;
    std::unique_ptr<Sink> sink_;
};

}  // namespace flask
