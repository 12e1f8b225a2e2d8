// How request, session, g, config and MultiDicts look from inside templates:
// jinja::Objects forwarding attribute and item lookups to the C++ objects.
#pragma once

#include "flask/app.hpp"
#include "flask/request.hpp"
#include "jinja/value.hpp"

namespace flask::templating {

jinja::Value request_object();
jinja::Value session_object();
jinja::Value g_object();
jinja::Value config_object(Flask& app);
jinja::Value multidict_object(const MultiDict& dict);

}  // namespace flask::templating
