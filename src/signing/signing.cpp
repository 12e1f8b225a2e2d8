// Signer and TimestampSigner (itsdangerous.signer / itsdangerous.timed).
#include "flask/signing.hpp"

#include "flask/base64.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>

namespace flask {

namespace {

const EVP_MD* evp(Digest d) {
    switch (d) {
        case Digest::Sha1: return EVP_sha1();
        case Digest::Sha256: return EVP_sha256();
        case Digest::Sha512: return EVP_sha512();
    }
    return EVP_sha1();
}

std::string digest(Digest d, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), out, &len, evp(d), nullptr);
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string hmac(Digest d, std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(evp(d), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
}

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=";

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

std::string base64url_decode(std::string_view text) {
    // Like Python's urlsafe_b64decode after itsdangerous pads the input.
    auto decoded = base64_decode_lenient(text);
    if (!decoded) throw BadData("Invalid base64-encoded data");
    return *decoded;
}

Signer::Signer(std::vector<std::string> secret_keys, SignerOptions options) : options_(std::move(options)) {
    if (secret_keys.empty()) throw std::invalid_argument("Signer needs at least one secret key");
    if (kAlphabet.find(options_.sep) != std::string_view::npos)
        throw std::invalid_argument(
            "The given separator cannot be used because it may be contained in the signature itself. ASCII "
            "letters, digits, and '-_=' must not be used.");
    for (auto it = secret_keys.rbegin(); it != secret_keys.rend(); ++it) derived_keys_.push_back(derive_key(*it));
}

std::string Signer::derive_key(std::string_view secret) const {
    const std::string& salt = options_.salt;
    switch (options_.key_derivation) {
        case KeyDerivation::Concat: return digest(options_.digest, salt + std::string(secret));
        case KeyDerivation::DjangoConcat: return digest(options_.digest, salt + "signer" + std::string(secret));
        case KeyDerivation::Hmac: return hmac(options_.digest, secret, salt);
        case KeyDerivation::None: return std::string(secret);
    }
    return std::string(secret);
}

std::string Signer::mac(std::string_view key, std::string_view value) const { return hmac(options_.digest, key, value); }

std::string Signer::get_signature(std::string_view value) const {
    return base64url_encode(mac(derived_keys_.front(), value));
}

std::string Signer::sign(std::string_view value) const {
    std::string out(value);
    out += options_.sep;
    out += get_signature(value);
    return out;
}

bool Signer::verify_signature(std::string_view value, std::string_view signature) const {
    std::string raw;
    try {
        raw = base64url_decode(signature);
    } catch (const BadData&) {
        return false;
    }
    for (const auto& key : derived_keys_) {
        std::string expected = mac(key, value);
        if (expected.size() == raw.size() && CRYPTO_memcmp(expected.data(), raw.data(), raw.size()) == 0) return true;
    }
    return false;
}

std::string Signer::unsign(std::string_view signed_value) const {
    auto pos = signed_value.rfind(options_.sep);
    if (pos == std::string_view::npos)
        throw BadSignature(std::string("No '") + options_.sep + "' found in value");
    auto value = signed_value.substr(0, pos);
    if (verify_signature(value, signed_value.substr(pos + 1))) return std::string(value);
    throw BadSignature("Signature does not match");
}

bool Signer::validate(std::string_view signed_value) const {
    try {
        unsign(signed_value);
        return true;
    } catch (const BadSignature&) {
        return false;
    }
}

std::string TimestampSigner::sign(std::string_view value, std::optional<std::int64_t> timestamp) const {
    // The timestamp is its big-endian bytes without leading zero bytes (0 -> "").
    auto ts = static_cast<std::uint64_t>(timestamp.value_or(now_seconds()));
    std::string bytes;
    for (int shift = 56; shift >= 0; shift -= 8) {
        auto b = static_cast<char>((ts >> shift) & 0xFF);
        if (bytes.empty() && b == 0) continue;
        bytes += b;
    }
    std::string with_time(value);
    with_time += options().sep;
    with_time += base64url_encode(bytes);
    return Signer::sign(with_time);
}

TimestampSigner::Unsigned TimestampSigner::unsign(std::string_view signed_value, std::optional<std::int64_t> max_age,
                                                  std::optional<std::int64_t> now) const {
    std::string result = Signer::unsign(signed_value);  // the signature is checked before the age
    auto pos = result.rfind(options().sep);
    if (pos == std::string::npos) throw BadTimeSignature("timestamp missing");
    std::string ts_bytes;
    try {
        ts_bytes = base64url_decode(std::string_view(result).substr(pos + 1));
    } catch (const BadData&) {
        throw BadTimeSignature("Malformed timestamp");
    }
    if (ts_bytes.size() > 8) throw BadTimeSignature("Malformed timestamp");
    std::uint64_t ts = 0;
    for (unsigned char c : ts_bytes) ts = (ts << 8) | c;
    Unsigned out{result.substr(0, pos), static_cast<std::int64_t>(ts)};
    if (max_age) {
        std::int64_t age = now.value_or(now_seconds()) - out.timestamp;
        if (age > *max_age)
            throw SignatureExpired("Signature age " + std::to_string(age) + " > " + std::to_string(*max_age) +
                                   " seconds");
        if (age < 0) throw SignatureExpired("Signature age " + std::to_string(age) + " < 0 seconds");
    }
    return out;
}

}  // namespace flask
