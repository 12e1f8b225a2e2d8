#include "server/tls_tunnel.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <array>

namespace flask::server {

namespace asio = boost::asio;
using boost::asio::ip::tcp;
using boost::system::error_code;

asio::ssl::context make_tls_context(const std::string& cert_file, const std::string& key_file) {
    asio::ssl::context context(asio::ssl::context::tls_server);
    context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                        asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    error_code ec;
    context.use_certificate_chain_file(cert_file, ec);
    if (ec) throw std::runtime_error("cannot use the certificate file '" + cert_file + "': " + ec.message());
    context.use_private_key_file(key_file, asio::ssl::context::pem, ec);
    if (ec) throw std::runtime_error("cannot use the key file '" + key_file + "': " + ec.message());
    if (SSL_CTX_check_private_key(context.native_handle()) != 1)
        throw std::runtime_error("the key in '" + key_file + "' does not match the certificate in '" + cert_file + "'");
    return context;
}

namespace {

class Tunnel : public std::enable_shared_from_this<Tunnel> {
public:
    using Strand = asio::strand<asio::any_io_executor>;

    Tunnel(asio::ssl::context& tls, tcp::socket client, asio::local::stream_protocol::socket plaintext)
        : strand_(asio::make_strand(client.get_executor())),
          tls_(on_strand(strand_, std::move(client)), tls),
          plain_(strand_, asio::local::stream_protocol(), plaintext.release()),
          timer_(strand_) {}

    void start(std::chrono::seconds handshake_timeout) {
        error_code ignored;
        tls_.next_layer().set_option(tcp::no_delay(true), ignored);
        timer_.expires_after(handshake_timeout);
        timer_.async_wait([self = shared_from_this()](const error_code& ec) {
            if (!ec && !self->handshaken_) self->close_all();
        });
        tls_.async_handshake(asio::ssl::stream_base::server, [self = shared_from_this()](const error_code& ec) {
            self->timer_.cancel();
            if (ec) {
                self->close_all();
                return;
            }
            self->handshaken_ = true;
            self->client_to_app();
            self->app_to_client();
        });
    }

private:
    static tcp::socket on_strand(const Strand& strand, tcp::socket client) {
        tcp protocol = client.local_endpoint().protocol();  // before release() gives the descriptor up
        return tcp::socket(strand, protocol, client.release());
    }

    // Client bytes, decrypted, to the Connection.
    void client_to_app() {
        tls_.async_read_some(asio::buffer(up_), [self = shared_from_this()](const error_code& ec, std::size_t n) {
            if (ec) {
                // The client is gone (or sent close_notify): the Connection sees EOF.
                error_code ignored;
                self->plain_.shutdown(asio::socket_base::shutdown_send, ignored);
                self->up_done_ = true;
                self->finish_if_done();
                return;
            }
            asio::async_write(self->plain_, asio::buffer(self->up_.data(), n),
                              [self](const error_code& wec, std::size_t) {
                                  if (wec) return self->close_all();
                                  self->client_to_app();
                              });
        });
    }

    // The Connection's response bytes, encrypted, to the client.
    void app_to_client() {
        plain_.async_read_some(asio::buffer(down_), [self = shared_from_this()](const error_code& ec, std::size_t n) {
            if (ec) {
                // The Connection closed: say close_notify, then drop the TCP
                // connection (without waiting long for the client's reply).
                self->timer_.expires_after(std::chrono::seconds(2));
                self->timer_.async_wait([self](const error_code& tec) {
                    if (!tec) self->close_all();
                });
                self->tls_.async_shutdown([self](const error_code&) {
                    self->down_done_ = true;
                    self->close_all();
                });
                return;
            }
            asio::async_write(self->tls_, asio::buffer(self->down_.data(), n),
                              [self](const error_code& wec, std::size_t) {
                                  if (wec) return self->close_all();
                                  self->app_to_client();
                              });
        });
    }

    void finish_if_done() {
        if (up_done_ && down_done_) close_all();
    }

    void close_all() {
        error_code ignored;
        timer_.cancel();
        tls_.next_layer().close(ignored);
        plain_.close(ignored);
    }

    Strand strand_;
    asio::ssl::stream<tcp::socket> tls_;
    asio::local::stream_protocol::socket plain_;
    asio::steady_timer timer_;
    std::array<char, 16384> up_{};
    std::array<char, 16384> down_{};
    bool handshaken_ = false;
    bool up_done_ = false;
    bool down_done_ = false;
};

}  // namespace

void start_tls_tunnel(asio::ssl::context& tls, tcp::socket client, asio::local::stream_protocol::socket plaintext,
                      std::chrono::seconds handshake_timeout) {
    std::make_shared<Tunnel>(tls, std::move(client), std::move(plaintext))->start(handshake_timeout);
}

}  // namespace flask::server
