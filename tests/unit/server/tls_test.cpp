// HTTPS served directly: a self-signed certificate made here with OpenSSL,
// a real TLS client, and the plaintext Connection behind the tunnel.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "server_test_support.hpp"

namespace {

using flask::wsgi::Environ;
using namespace server_test;

struct TempCert {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("flaskcpp-tls-" + std::to_string(getpid()));
    std::string cert = (dir / "cert.pem").string();
    std::string key = (dir / "key.pem").string();

    TempCert() {
        std::filesystem::create_directories(dir);
        EVP_PKEY* pkey = EVP_EC_gen("P-256");
        X509* x509 = X509_new();
        ASN1_INTEGER_set(X509_get_serialNumber(x509), 1);
        X509_gmtime_adj(X509_getm_notBefore(x509), 0);
        X509_gmtime_adj(X509_getm_notAfter(x509), 3600);
        X509_set_pubkey(x509, pkey);
        X509_NAME* name = X509_get_subject_name(x509);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1,
                                   -1, 0);
        X509_set_issuer_name(x509, name);
        X509_sign(x509, pkey, EVP_sha256());
        FILE* f = std::fopen(cert.c_str(), "w");
        PEM_write_X509(f, x509);
        std::fclose(f);
        f = std::fopen(key.c_str(), "w");
        PEM_write_PrivateKey(f, pkey, nullptr, nullptr, 0, nullptr, nullptr);
        std::fclose(f);
        X509_free(x509);
        EVP_PKEY_free(pkey);
    }
    ~TempCert() { std::filesystem::remove_all(dir); }
};

/// One HTTPS request with OpenSSL's client; returns the whole response.
std::string https_request(std::uint16_t port, const std::string& request) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "connect failed";
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    std::string out;
    if (SSL_connect(ssl) == 1) {
        SSL_write(ssl, request.data(), static_cast<int>(request.size()));
        char buffer[4096];
        int n;
        while ((n = SSL_read(ssl, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
    } else {
        out = "handshake failed";
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    return out;
}

TEST(ServerTls, ServesHttpsWithTheClientsAddressAndScheme) {
    TempCert cert;
    flask::ServerOptions options;
    options.tls_cert_file = cert.cert;
    options.tls_key_file = cert.key;
    RunningServer server([](Environ& env) { return text(env.url_scheme + " " + env.remote_addr + " " + env.path_info); },
                         options);
    std::string response =
        https_request(server.port(), "GET /secure HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    EXPECT_NE(response.find("HTTP/1.1 200 OK"), std::string::npos) << response;
    EXPECT_NE(response.find("https 127.0.0.1 /secure"), std::string::npos) << response;

    // Keep-alive: two requests over one TLS session.
    response = https_request(server.port(),
                             "GET /a HTTP/1.1\r\nHost: localhost\r\n\r\nGET /b HTTP/1.1\r\nHost: localhost\r\n"
                             "Connection: close\r\n\r\n");
    EXPECT_NE(response.find("https 127.0.0.1 /a"), std::string::npos) << response;
    EXPECT_NE(response.find("https 127.0.0.1 /b"), std::string::npos) << response;
    EXPECT_TRUE(server.stop());
}

TEST(ServerTls, PlainHttpOnTheTlsPortIsDropped) {
    TempCert cert;
    flask::ServerOptions options;
    options.tls_cert_file = cert.cert;
    options.tls_key_file = cert.key;
    RunningServer server([](Environ&) { return text("secret"); }, options);
    Client c(server.port());
    c.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    EXPECT_EQ(c.read_to_close().find("secret"), std::string::npos);
}

TEST(ServerTls, UnusableFilesAreNamedInTheError) {
    TempCert cert;
    flask::ServerOptions options;
    options.port = 0;
    options.tls_cert_file = cert.dir.string() + "/missing.pem";
    options.tls_key_file = cert.key;
    try {
        flask::Server server([](Environ&) { return text(""); }, options);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("missing.pem"), std::string::npos) << e.what();
    }
    options.tls_cert_file = cert.cert;
    options.tls_key_file = {};
    EXPECT_THROW(flask::Server([](Environ&) { return text(""); }, options), std::invalid_argument);
}

}  // namespace
