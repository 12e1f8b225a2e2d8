// Serving files from the static folder (the full send_file lands with issue 3).
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "flask/app.hpp"
#include "flask/helpers.hpp"
#include "flask/send_file.hpp"

namespace flask {

namespace {

std::string http_date(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} GMT", days[tm.tm_wday], tm.tm_mday,
                       months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace

std::string guess_mimetype(std::string_view filename) {
    static const std::pair<std::string_view, std::string_view> table[] = {
        {".txt", "text/plain"},       {".html", "text/html"},        {".htm", "text/html"},
        {".css", "text/css"},         {".js", "text/javascript"},    {".json", "application/json"},
        {".png", "image/png"},        {".svg", "image/svg+xml"},     {".csv", "text/csv"},
        {".xml", "application/xml"},  {".jpg", "image/jpeg"},        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},        {".ico", "image/vnd.microsoft.icon"}, {".pdf", "application/pdf"},
        {".webp", "image/webp"},      {".woff2", "font/woff2"},      {".wasm", "application/wasm"},
    };
    auto dot = filename.rfind('.');
    if (dot != std::string_view::npos) {
        std::string ext(filename.substr(dot));
        for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (const auto& [e, type] : table)
            if (e == ext) return std::string(type);
    }
    return "application/octet-stream";
}

std::optional<std::filesystem::path> safe_join(const std::filesystem::path& directory, std::string_view untrusted) {
    // Canonicalise both and require the result to stay inside the directory;
    // never a substring check on the raw text.
    if (untrusted.empty() || untrusted.find('\0') != std::string_view::npos || untrusted.front() == '/')
        return std::nullopt;
    std::error_code ec;
    auto base = std::filesystem::weakly_canonical(directory, ec);
    if (ec) return std::nullopt;
    auto joined = std::filesystem::weakly_canonical(base / std::filesystem::path(untrusted), ec);
    if (ec) return std::nullopt;
    auto rel = joined.lexically_relative(base);
    if (rel.empty() || *rel.begin() == "..") return std::nullopt;
    return joined;
}

Response send_from_directory(const std::filesystem::path& directory, std::string_view path) {
    auto file = safe_join(directory, path);
    std::error_code ec;
    if (!file || !std::filesystem::is_regular_file(*file, ec)) throw NotFound();
    struct stat st {};
    if (::stat(file->c_str(), &st) != 0) throw NotFound();
    Response response({}, 200, {}, guess_mimetype(file->filename().string()));
    response.headers.set("Content-Disposition", "inline; filename=" + file->filename().string());
    response.set_file({file->string(), 0, static_cast<std::uint64_t>(st.st_size)});
    response.headers.set("Last-Modified", http_date(st.st_mtime));
    response.headers.set("Cache-Control", "no-cache");
    response.headers.set("ETag", fmt::format("\"{}-{}-{}\"", st.st_mtime, st.st_size, st.st_ino));
    response.headers.set("Accept-Ranges", "bytes");
    return response;
}

Response send_static_file(Flask& app, std::string_view filename) {
    auto folder = app.static_folder();
    if (!folder) throw NotFound();
    return send_from_directory(*folder, filename);
}

}  // namespace flask
