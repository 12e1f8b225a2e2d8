#include "pin.hpp"

#include <openssl/evp.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace flask::debug {

namespace {

std::string sha1_hex(const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha1(), nullptr);
    std::string out;
    for (unsigned i = 0; i < size; ++i) out += fmt::format("{:02x}", digest[i]);
    return out;
}

std::string read_first_line(const char* path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

std::string user_name() {
    if (auto* pw = getpwuid(getuid())) return pw->pw_name;
    return std::to_string(getuid());
}

// Public bits (user, app) and private bits (this machine's id): knowing the
// app is not enough to compute the PIN without access to the machine.
std::string machine_secret(const std::string& app_name, const std::string& app_path) {
    std::string machine = read_first_line("/etc/machine-id");
    if (machine.empty()) machine = read_first_line("/proc/sys/kernel/random/boot_id");
    return user_name() + '\0' + app_name + '\0' + app_path + '\0' + machine + '\0' + "flaskcpp-debugger";
}

const char* pin_override() {
    for (const char* name : {"FLASKCPP_DEBUG_PIN", "WERKZEUG_DEBUG_PIN"}) {
        const char* v = std::getenv(name);
        if (v && *v) return v;
    }
    return nullptr;
}

}  // namespace

std::string debugger_pin(const std::string& app_name, const std::string& app_path) {
    if (const char* forced = pin_override()) {
        std::string v = forced;
        if (v == "off") return {};
        bool digits = v.find_first_not_of("0123456789-") == std::string::npos;
        if (digits) return v;
    }
    std::string hex = sha1_hex(machine_secret(app_name, app_path) + "pinsalt");
    // Nine decimal digits from the hash, grouped by three.
    std::string digits = fmt::format("{:09d}", std::stoull(hex.substr(0, 15), nullptr, 16) % 1000000000ULL);
    return digits.substr(0, 3) + "-" + digits.substr(3, 3) + "-" + digits.substr(6, 3);
}

std::string pin_cookie_name(const std::string& app_name, const std::string& app_path) {
    return "__wzd" + sha1_hex(machine_secret(app_name, app_path) + "cookiesalt").substr(0, 20);
}

std::string pin_cookie_value(const std::string& pin, std::int64_t now) {
    return fmt::format("{}|{}", now, sha1_hex(pin + " added salt").substr(0, 12));
}

bool pin_cookie_valid(const std::string& value, const std::string& pin, std::int64_t now, std::int64_t max_age) {
    auto bar = value.find('|');
    if (bar == std::string::npos || bar == 0) return false;
    std::int64_t stamp = 0;
    std::istringstream in(value.substr(0, bar));
    if (!(in >> stamp) || !in.eof()) return false;
    if (stamp > now || now - stamp > max_age) return false;
    return value.substr(bar + 1) == sha1_hex(pin + " added salt").substr(0, 12);
}

}  // namespace flask::debug
