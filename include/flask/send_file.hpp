// send_from_directory and the static files endpoint.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "flask/response.hpp"

namespace flask {

class Flask;

/// The MIME type for a file name (the conformance table, then common web types).
std::string guess_mimetype(std::string_view filename);
/// `directory/untrusted` when it stays inside `directory` after canonicalisation.
std::optional<std::filesystem::path> safe_join(const std::filesystem::path& directory, std::string_view untrusted);
/// Serves a file below `directory`; 404 for missing files and escapes.
Response send_from_directory(const std::filesystem::path& directory, std::string_view path);
/// The `static` endpoint's view.
Response send_static_file(Flask& app, std::string_view filename);

}  // namespace flask
