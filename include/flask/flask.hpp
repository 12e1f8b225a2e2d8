// <flask/flask.hpp>: everything a flaskcpp app needs.
#pragma once

#include "flask/app.hpp"
#include "flask/cli.hpp"
#include "flask/config.hpp"
#include "flask/ctx.hpp"
#include "flask/debug.hpp"
#include "flask/datastructures.hpp"
#include "flask/exceptions.hpp"
#include "flask/headers.hpp"
#include "flask/helpers.hpp"
#include "flask/logging.hpp"
#include "flask/middleware.hpp"
#include "flask/request.hpp"
#include "flask/response.hpp"
#include "flask/routing.hpp"
#include "flask/security.hpp"
#include "flask/send_file.hpp"
#include "flask/sessions.hpp"
#include "flask/templating.hpp"
#include "flask/testing.hpp"
#include "flask/uuid.hpp"
#include "flask/views.hpp"
#include "flask/wsgi.hpp"
#include "jinja/markup.hpp"
#include "jinja/value.hpp"

#include <fmt/format.h>
