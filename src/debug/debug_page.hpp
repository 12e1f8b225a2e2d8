// The HTML of the debugger page (self-contained: styles and script inline).
#pragma once

#include <string>

#include "failure.hpp"

namespace flask::debug {

struct PageOptions {
    int traceback_id = 0;
    std::string secret;       // sent back with every console command
    bool evalex = true;       // show the console
    bool pin_required = true;  // the console starts locked
    std::string app_name;
};

std::string render_debug_page(const Failure& failure, const PageOptions& options);

}  // namespace flask::debug
