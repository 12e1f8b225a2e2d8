#include "flask/wsgi.hpp"
