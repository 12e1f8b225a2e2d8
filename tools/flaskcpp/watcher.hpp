// Watches the app's folder for changes: inotify, or polling mtimes with
// stat() where inotify is unavailable (FLASKCPP_RELOADER_TYPE=stat forces it).
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace flaskcpp {

class Watcher {
public:
    explicit Watcher(std::filesystem::path root);
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    /// "inotify" or "stat", for the " * Restarting with ..." line.
    const char* kind() const;
    /// A file descriptor to poll() for readability (inotify), or -1 (stat: poll with a timeout).
    int fd() const;
    /// The files changed since the last call (after a short settle delay, so
    /// an editor's save arrives as one change).  Build outputs, hidden and VCS
    /// folders are ignored.
    std::vector<std::filesystem::path> changes();

    /// Folders the watcher never descends into.
    static bool ignored_dir(const std::filesystem::path& dir);

private:
    void watch_tree(const std::filesystem::path& dir);
    std::vector<std::filesystem::path> inotify_changes();
    std::vector<std::filesystem::path> stat_changes();
    std::map<std::filesystem::path, std::filesystem::file_time_type> snapshot() const;

    std::filesystem::path root_;
    int inotify_fd_ = -1;
    std::map<int, std::filesystem::path> watches_;
    std::map<std::filesystem::path, std::filesystem::file_time_type> mtimes_;
};

/// What a changed file asks for: a rebuild and restart (sources, headers,
/// CMake files), or nothing (templates reload on their own, static files are
/// read per request).
enum class ChangeKind { Source, Other };
ChangeKind classify(const std::filesystem::path& file);

}  // namespace flaskcpp
