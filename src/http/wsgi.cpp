#include "flask/wsgi.hpp"

#include <algorithm>
#include <cstring>

namespace flask::wsgi {

std::size_t StringInput::read(char* buffer, std::size_t size) {
    std::size_t n = std::min(size, data_.size() - offset_);
    std::memcpy(buffer, data_.data() + offset_, n);
    offset_ += n;
    return n;
}

std::string Environ::host() const {
    if (auto h = headers.get("Host")) return std::string(*h);
    bool default_port = (url_scheme == "http" && server_port == "80") || (url_scheme == "https" && server_port == "443");
    return default_port ? server_name : server_name + ":" + server_port;
}

}  // namespace flask::wsgi
