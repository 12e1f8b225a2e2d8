// werkzeug.utils.secure_filename.
#include <algorithm>
#include <array>

#include "flask/utils.hpp"
#include "http/nfkd_table.hpp"
#include "http/text_codec.hpp"
#include "jinja/pystr.hpp"

namespace flask {

using namespace http_detail;

namespace {

/// The ASCII characters NFKD leaves of one code point.
std::string_view nfkd_ascii(char32_t c) {
    if (c < 0x80) return {};
    const NfkdAscii* end = kNfkdAscii + kNfkdAsciiSize;
    const NfkdAscii* it =
        std::lower_bound(kNfkdAscii, end, c, [](const NfkdAscii& row, char32_t cp) { return row.code_point < cp; });
    if (it == end || it->code_point != c) return {};
    return it->ascii;
}

/// str.split() whitespace for ASCII text: \t\n\v\f\r, \x1c-\x1f and space.
bool ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f'); }

bool kept(char c) { return ascii_alpha(c) || ascii_digit(c) || c == '_' || c == '.' || c == '-'; }

// werkzeug.security._windows_device_files (COM¹ and the like cannot survive NFKD).
constexpr std::array<std::string_view, 24> kWindowsDeviceFiles = {
    "AUX",  "CON",  "CONIN$", "CONOUT$", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2",   "LPT3",    "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "NUL",  "PRN"};

}  // namespace

std::string secure_filename(std::string_view filename, PathFlavour flavour) {
    // unicodedata.normalize("NFKD", ...).encode("ascii", "ignore")
    std::string ascii;
    for (std::size_t i = 0; i < filename.size();) {
        if (!utf8_sequence_length(filename, i)) {  // not UTF-8: not text, dropped
            ++i;
            continue;
        }
        char32_t c = jinja::pystr::decode_utf8(filename, i);
        if (c < 0x80) ascii += static_cast<char>(c);
        else ascii += nfkd_ascii(c);
    }
    for (char& c : ascii)
        if (c == '/' || (flavour == PathFlavour::nt && c == '\\')) c = ' ';
    // "_".join(filename.split()), then drop everything outside [A-Za-z0-9_.-].
    std::string joined;
    bool in_word = false, any = false;
    for (char c : ascii) {
        if (ascii_space(c)) {
            in_word = false;
            continue;
        }
        if (!in_word && any) joined += '_';
        in_word = any = true;
        joined += c;
    }
    std::string cleaned;
    for (char c : joined)
        if (kept(c)) cleaned += c;
    std::string out(strip_chars(cleaned, "._"));
    if (flavour == PathFlavour::nt && !out.empty()) {
        std::string stem = out.substr(0, out.find('.'));
        for (char& c : stem)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (std::find(kWindowsDeviceFiles.begin(), kWindowsDeviceFiles.end(), stem) != kWindowsDeviceFiles.end())
            out = "_" + out;
    }
    return out;
}

}  // namespace flask
