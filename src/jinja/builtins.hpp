// Registries of Jinja2's builtin filters, tests and globals.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "jinja/template.hpp"

namespace jinja::detail {

std::vector<std::pair<std::string, Environment::FilterEntry>> builtin_filters();
std::vector<std::pair<std::string, Environment::TestEntry>> builtin_tests();
void add_builtin_globals(Dict& globals);

}  // namespace jinja::detail
