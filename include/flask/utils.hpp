// werkzeug.utils helpers that are pure functions.
#pragma once

#include <string>
#include <string_view>

namespace flask {

/// Which os.sep / os.path.altsep and device-name rules secure_filename follows.
enum class PathFlavour { posix, nt };

/// werkzeug.utils.secure_filename: NFKD-normalises the UTF-8 name and drops
/// everything that is not ASCII, turns path separators and whitespace runs
/// into '_', removes characters other than letters, digits, '_', '.' and '-',
/// and strips leading/trailing '.' and '_'.  The result may be empty.  With
/// PathFlavour::nt, '\\' separates too and device names (CON, COM1 ...) get a
/// '_' prefix, as on Windows.  There is no length limit.
std::string secure_filename(std::string_view filename, PathFlavour flavour = PathFlavour::posix);

}  // namespace flask
