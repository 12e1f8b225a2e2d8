// The debugger PIN: a number derived from the machine and the app, so it is
// stable across restarts of the same app (the reloader restarts it often)
// yet not guessable from the page.  As in Werkzeug, WERKZEUG_DEBUG_PIN (or
// FLASKCPP_DEBUG_PIN) sets it, and "off" disables it.
#pragma once

#include <cstdint>
#include <string>

namespace flask::debug {

/// "nnn-nnn-nnn"; empty when PIN protection is off.
std::string debugger_pin(const std::string& app_name, const std::string& app_path);

/// The cookie that remembers a successful PIN entry in this browser.
std::string pin_cookie_name(const std::string& app_name, const std::string& app_path);
/// Its value: "<unix time>|<hash of the pin>".
std::string pin_cookie_value(const std::string& pin, std::int64_t now);
/// True when `value` was made for `pin` within the last `max_age` seconds.
bool pin_cookie_valid(const std::string& value, const std::string& pin, std::int64_t now, std::int64_t max_age);

}  // namespace flask::debug
