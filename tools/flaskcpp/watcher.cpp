#include "watcher.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <set>
#include <thread>

namespace fs = std::filesystem;

namespace flaskcpp {

namespace {

constexpr std::uint32_t watch_mask =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF;

bool force_stat() {
    const char* v = std::getenv("FLASKCPP_RELOADER_TYPE");
    return v && std::strcmp(v, "stat") == 0;
}

}  // namespace

bool Watcher::ignored_dir(const fs::path& dir) {
    std::string name = dir.filename().string();
    return (name.size() > 1 && name[0] == '.') || name == "build" || name.starts_with("build-") ||
           name.starts_with("cmake-build-") || name == "node_modules" || name == "__pycache__" ||
           name == "instance";
}

ChangeKind classify(const fs::path& file) {
    static const std::set<std::string> source_ext{".cpp", ".cc", ".cxx", ".c", ".h", ".hpp", ".hh", ".hxx", ".ipp",
                                                  ".inl", ".cmake"};
    if (file.filename() == "CMakeLists.txt" || source_ext.count(file.extension().string())) return ChangeKind::Source;
    return ChangeKind::Other;
}

Watcher::Watcher(fs::path root) : root_(std::move(root)) {
    if (!force_stat()) inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (inotify_fd_ >= 0) {
        watch_tree(root_);
    } else {
        mtimes_ = snapshot();
    }
}

Watcher::~Watcher() {
    if (inotify_fd_ >= 0) close(inotify_fd_);
}

const char* Watcher::kind() const { return inotify_fd_ >= 0 ? "inotify" : "stat"; }
int Watcher::fd() const { return inotify_fd_; }

void Watcher::watch_tree(const fs::path& dir) {
    int wd = inotify_add_watch(inotify_fd_, dir.c_str(), watch_mask);
    if (wd >= 0) watches_[wd] = dir;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_directory(ec) && !it->is_symlink(ec) && !ignored_dir(it->path())) watch_tree(it->path());
}

std::vector<fs::path> Watcher::changes() { return inotify_fd_ >= 0 ? inotify_changes() : stat_changes(); }

std::vector<fs::path> Watcher::inotify_changes() {
    std::set<fs::path> changed;
    alignas(inotify_event) char buffer[16384];
    auto drain = [&] {
        for (;;) {
            ssize_t n = read(inotify_fd_, buffer, sizeof buffer);
            if (n <= 0) return;
            for (char* p = buffer; p < buffer + n;) {
                auto* event = reinterpret_cast<inotify_event*>(p);
                p += sizeof(inotify_event) + event->len;
                auto dir = watches_.find(event->wd);
                if (dir == watches_.end()) continue;
                if (event->mask & IN_IGNORED) {
                    watches_.erase(dir);
                    continue;
                }
                if (event->len == 0) continue;
                fs::path path = dir->second / event->name;
                if (event->mask & IN_ISDIR) {
                    if ((event->mask & (IN_CREATE | IN_MOVED_TO)) && !ignored_dir(path)) watch_tree(path);
                    continue;
                }
                // Editors' swap and backup files are not the app's files.
                std::string name = event->name;
                if (name.starts_with(".") || name.ends_with("~") || name.ends_with(".swp")) continue;
                changed.insert(path);
            }
        }
    };
    drain();
    if (!changed.empty()) {
        // Let a multi-file save (or a formatter's rewrite) settle into one change.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        drain();
    }
    return {changed.begin(), changed.end()};
}

std::map<fs::path, fs::file_time_type> Watcher::snapshot() const {
    std::map<fs::path, fs::file_time_type> out;
    std::error_code ec;
    fs::recursive_directory_iterator it(root_, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        if (it->is_directory(ec)) {
            if (ignored_dir(it->path())) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(ec)) out[it->path()] = it->last_write_time(ec);
    }
    return out;
}

std::vector<fs::path> Watcher::stat_changes() {
    auto now = snapshot();
    std::vector<fs::path> changed;
    for (const auto& [path, time] : now) {
        auto it = mtimes_.find(path);
        if (it == mtimes_.end() || it->second != time) changed.push_back(path);
    }
    for (const auto& [path, time] : mtimes_)
        if (!now.count(path)) changed.push_back(path);
    mtimes_ = std::move(now);
    return changed;
}

}  // namespace flaskcpp
