// werkzeug.security on OpenSSL: scrypt (EVP_PBE_scrypt) and PBKDF2-HMAC.
#include "flask/security.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <stdexcept>
#include <vector>

namespace flask {

namespace {

constexpr std::string_view salt_chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr long long default_pbkdf2_iterations = 1'000'000;  // Werkzeug 3.1

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == sep) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

long long parse_int(std::string_view text, std::string_view what) {
    // Python's int() accepts surrounding whitespace and a sign; hash strings never carry them.
    long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        throw std::invalid_argument(std::string(what));
    return value;
}

std::string to_hex(const unsigned char* data, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}

struct Hashed {
    std::string hex;
    std::string method;  // normalised, e.g. "scrypt:32768:8:1"
};

Hashed hash_internal(std::string_view method_spec, std::string_view salt, std::string_view password) {
    auto parts = split(method_spec, ':');
    std::string_view method = parts[0];
    std::vector<std::string_view> args(parts.begin() + 1, parts.end());
    if (method == "scrypt") {
        long long n = 1 << 15, r = 8, p = 1;
        if (!args.empty()) {
            if (args.size() != 3) throw std::invalid_argument("'scrypt' takes 3 arguments.");
            n = parse_int(args[0], "'scrypt' takes 3 arguments.");
            r = parse_int(args[1], "'scrypt' takes 3 arguments.");
            p = parse_int(args[2], "'scrypt' takes 3 arguments.");
        }
        if (n < 2 || (n & (n - 1)) != 0 || r < 1 || p < 1)
            throw std::invalid_argument("Invalid parameter value: scrypt needs n a power of 2 above 1, r and p >= 1");
        // The same memory bound Werkzeug hands hashlib.scrypt.
        std::uint64_t maxmem = 132ULL * static_cast<std::uint64_t>(n) * static_cast<std::uint64_t>(r) *
                               static_cast<std::uint64_t>(p);
        unsigned char key[64];
        if (EVP_PBE_scrypt(password.data(), password.size(), reinterpret_cast<const unsigned char*>(salt.data()),
                           salt.size(), static_cast<std::uint64_t>(n), static_cast<std::uint64_t>(r),
                           static_cast<std::uint64_t>(p), maxmem, key, sizeof key) != 1)
            throw std::invalid_argument("Invalid parameter value: scrypt rejected n, r, p (memory limit exceeded)");
        return {to_hex(key, sizeof key), "scrypt:" + std::to_string(n) + ":" + std::to_string(r) + ":" +
                                             std::to_string(p)};
    }
    if (method == "pbkdf2") {
        std::string hash_name = "sha256";
        long long iterations = default_pbkdf2_iterations;
        if (args.size() > 2) throw std::invalid_argument("'pbkdf2' takes 2 arguments.");
        if (!args.empty()) hash_name = std::string(args[0]);
        if (args.size() == 2) iterations = parse_int(args[1], "invalid literal for int() with base 10");
        const EVP_MD* digest = EVP_get_digestbyname(hash_name.c_str());
        if (!digest) throw std::invalid_argument("unsupported hash type " + hash_name);
        if (iterations < 1 || iterations > 0x7fffffff) throw std::invalid_argument("iteration value must be greater than 0.");
        std::vector<unsigned char> key(static_cast<std::size_t>(EVP_MD_get_size(digest)));
        if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                              reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                              static_cast<int>(iterations), digest, static_cast<int>(key.size()), key.data()) != 1)
            throw std::invalid_argument("pbkdf2 failed for " + hash_name);
        return {to_hex(key.data(), key.size()), "pbkdf2:" + hash_name + ":" + std::to_string(iterations)};
    }
    throw std::invalid_argument("Invalid hash method '" + std::string(method) + "'.");
}

}  // namespace

std::string gen_salt(std::size_t length) {
    if (length == 0) throw std::invalid_argument("Salt length must be at least 1.");
    std::string out;
    out.reserve(length);
    unsigned char bytes[64];
    while (out.size() < length) {
        if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
        for (unsigned char b : bytes) {
            // Reject the top of the byte range so every character is equally likely.
            if (b >= 248 || out.size() == length) continue;
            out += salt_chars[b % salt_chars.size()];
        }
    }
    return out;
}

std::string generate_password_hash(std::string_view password, std::string_view method, std::size_t salt_length) {
    std::string salt = gen_salt(salt_length);
    Hashed h = hash_internal(method, salt, password);
    return h.method + "$" + salt + "$" + h.hex;
}

bool check_password_hash(std::string_view pwhash, std::string_view password) {
    auto first = pwhash.find('$');
    if (first == std::string_view::npos) return false;
    auto second = pwhash.find('$', first + 1);
    if (second == std::string_view::npos) return false;
    std::string_view method = pwhash.substr(0, first);
    std::string_view salt = pwhash.substr(first + 1, second - first - 1);
    std::string_view expected = pwhash.substr(second + 1);
    std::string actual = hash_internal(method, salt, password).hex;
    return actual.size() == expected.size() && CRYPTO_memcmp(actual.data(), expected.data(), actual.size()) == 0;
}

}  // namespace flask
