#include "flask/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <mutex>

namespace flask {

struct Logger::Sink {
    std::function<void(LogLevel, std::string_view)> custom;
    std::shared_ptr<spdlog::logger> stderr_logger;
};

namespace {

std::string_view level_name(LogLevel level) {
    switch (level) {
        case LogLevel::Debug: return "DEBUG";
        case LogLevel::Info: return "INFO";
        case LogLevel::Warning: return "WARNING";
        case LogLevel::Error: return "ERROR";
        case LogLevel::Critical: return "CRITICAL";
    }
    return "INFO";
}

/// Python logging's asctime: "2026-11-25 23:59:01,123" in local time.
std::string asctime() {
    auto now = std::chrono::system_clock::now();
    auto secs = std::chrono::system_clock::to_time_t(now);
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    localtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return fmt::format("{},{:03d}", buf, millis);
}

}  // namespace

Logger::Logger(std::string name) : name_(std::move(name)), module_(name_), sink_(std::make_unique<Sink>()) {
    // The record is formatted here, Flask-style; spdlog only writes the line.
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    sink_->stderr_logger = std::make_shared<spdlog::logger>("flask." + name_, sink);
    sink_->stderr_logger->set_pattern("%v");
    sink_->stderr_logger->set_level(spdlog::level::trace);
}

Logger::~Logger() = default;

void Logger::set_sink(std::function<void(LogLevel, std::string_view)> sink) { sink_->custom = std::move(sink); }

void Logger::log(LogLevel level, std::string_view message) {
    if (!enabled_for(level)) return;
    std::string line = fmt::format("[{}] {} in {}: {}", asctime(), level_name(level), module_, message);
    if (sink_->custom) {
        sink_->custom(level, line);
        return;
    }
    sink_->stderr_logger->info(line);
}

}  // namespace flask
