// HTTPS served directly (`run --cert --key`).
//
// Each TLS client gets a tunnel: OpenSSL (through Asio's ssl::stream) on the
// TCP side, and a Unix socket pair whose other end is an ordinary plaintext
// Connection.  The HTTP code, with its direct-descriptor I/O, timeouts and
// sendfile, stays the same for both schemes; TLS costs one extra copy per
// byte, which is small next to the encryption itself.  Deployments that need
// the last percent terminate TLS in nginx instead (see README).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <string>

namespace flask::server {

/// A server-side TLS context from PEM files; throws std::runtime_error naming
/// the file that could not be used.
boost::asio::ssl::context make_tls_context(const std::string& cert_file, const std::string& key_file);

/// Starts a tunnel between `client` (TLS) and `plaintext` (the Connection's
/// peer).  The tunnel owns itself until both directions are closed; the
/// handshake must finish within `handshake_timeout`.
void start_tls_tunnel(boost::asio::ssl::context& tls, boost::asio::ip::tcp::socket client,
                      boost::asio::local::stream_protocol::socket plaintext,
                      std::chrono::seconds handshake_timeout);

}  // namespace flask::server
