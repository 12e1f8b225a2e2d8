// FileSystemLoader: templates below search folders, reloaded when their mtime changes.
#include <fstream>
#include <sstream>

#include "jinja/loaders.hpp"

namespace jinja {

namespace {
// Jinja's split_template_path: refuses '..' segments.
std::optional<std::vector<std::string>> split_path(const std::string& name) {
    std::vector<std::string> pieces;
    std::string piece;
    std::stringstream ss(name);
    while (std::getline(ss, piece, '/')) {
        if (piece == "..") return std::nullopt;
        if (!piece.empty() && piece != ".") pieces.push_back(piece);
    }
    return pieces;
}
}  // namespace

std::optional<TemplateSource> FileSystemLoader::get_source(const std::string& name) const {
    auto pieces = split_path(name);
    if (!pieces) return std::nullopt;
    for (const auto& dir : searchpath_) {
        std::filesystem::path p = dir;
        for (const auto& piece : *pieces) p /= piece;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(p, ec)) continue;
        std::ifstream in(p, std::ios::binary);
        if (!in) continue;
        std::stringstream buf;
        buf << in.rdbuf();
        auto mtime = std::filesystem::last_write_time(p, ec);
        return TemplateSource{buf.str(), p.string(), [p, mtime] {
                                  std::error_code e;
                                  return std::filesystem::last_write_time(p, e) == mtime && !e;
                              }};
    }
    return std::nullopt;
}

std::vector<std::string> FileSystemLoader::list_templates() const {
    std::vector<std::string> names;
    for (const auto& dir : searchpath_) {
        std::error_code ec;
        for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            if (it->is_regular_file()) names.push_back(std::filesystem::relative(it->path(), dir).generic_string());
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

}  // namespace jinja
