// itsdangerous-compatible signing: Signer, TimestampSigner and the URL-safe
// serializers, byte-compatible with itsdangerous 2.2 (and so with Python
// Flask's session cookies).  Usable for an app's own tokens too:
//
//     flask::URLSafeTimedSerializer s(app.secret_key(), "password-reset");
//     std::string token = s.dumps(flask::Dict{{"user", 42}});
//     jinja::Value data = s.loads(token, 3600);   // throws SignatureExpired after an hour
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "flask/base64.hpp"
#include "jinja/value.hpp"

namespace flask {

/// Base of every signing error (itsdangerous.BadData).
struct BadData : std::runtime_error {
    using std::runtime_error::runtime_error;
};
/// The signature does not match (itsdangerous.BadSignature).
struct BadSignature : BadData {
    using BadData::BadData;
};
/// The timestamp is missing or malformed.
struct BadTimeSignature : BadSignature {
    using BadSignature::BadSignature;
};
/// Valid signature, but older than max_age (or from the future).
struct SignatureExpired : BadTimeSignature {
    using BadTimeSignature::BadTimeSignature;
};
/// Valid signature, but the payload cannot be decoded.
struct BadPayload : BadData {
    using BadData::BadData;
};

/// Decodes itsdangerous' URL-safe base64 (padding optional); throws BadData when malformed.
std::string base64url_decode(std::string_view text);

enum class KeyDerivation { Concat, DjangoConcat, Hmac, None };
enum class Digest { Sha1, Sha256, Sha512 };

struct SignerOptions {
    std::string salt = "itsdangerous.Signer";
    char sep = '.';
    KeyDerivation key_derivation = KeyDerivation::DjangoConcat;
    Digest digest = Digest::Sha1;
};

/// itsdangerous.Signer.  `secret_keys` lists the keys oldest first: the last
/// one signs, all of them verify (newest first), for key rotation.
class Signer {
public:
    Signer(std::vector<std::string> secret_keys, SignerOptions options = {});
    Signer(std::string secret_key, SignerOptions options = {})
        : Signer(std::vector<std::string>{std::move(secret_key)}, std::move(options)) {}

    std::string get_signature(std::string_view value) const;
    std::string sign(std::string_view value) const;
    bool verify_signature(std::string_view value, std::string_view signature) const;
    /// The value without its signature; throws BadSignature.
    std::string unsign(std::string_view signed_value) const;
    bool validate(std::string_view signed_value) const;
    const SignerOptions& options() const noexcept { return options_; }

private:
    std::string derive_key(std::string_view secret) const;
    std::string mac(std::string_view key, std::string_view value) const;
    std::vector<std::string> derived_keys_;  // newest first
    SignerOptions options_;
};

/// itsdangerous.TimestampSigner: appends the signing time.
class TimestampSigner : public Signer {
public:
    using Signer::Signer;
    /// `timestamp` defaults to now (seconds since the epoch).
    std::string sign(std::string_view value, std::optional<std::int64_t> timestamp = std::nullopt) const;
    struct Unsigned {
        std::string value;
        std::int64_t timestamp;
    };
    /// Throws BadSignature, BadTimeSignature, or SignatureExpired when older than
    /// max_age seconds (or dated in the future) relative to `now`.
    Unsigned unsign(std::string_view signed_value, std::optional<std::int64_t> max_age = std::nullopt,
                    std::optional<std::int64_t> now = std::nullopt) const;
};

/// How a serializer turns values into bytes and back (default: compact JSON).
struct PayloadCodec {
    std::function<std::string(const jinja::Value&)> dumps;
    std::function<jinja::Value(std::string_view)> loads;
};
PayloadCodec json_codec();

/// itsdangerous.URLSafeSerializer: JSON, zlib-compressed when that saves at
/// least two bytes (marked by a leading '.'), URL-safe base64, signed.
class URLSafeSerializer {
public:
    URLSafeSerializer(std::vector<std::string> secret_keys, std::string salt = "itsdangerous",
                      PayloadCodec codec = json_codec(), SignerOptions signer = {});
    URLSafeSerializer(std::string secret_key, std::string salt = "itsdangerous")
        : URLSafeSerializer(std::vector<std::string>{std::move(secret_key)}, std::move(salt)) {}

    std::string dumps(const jinja::Value& value) const;
    /// Throws BadSignature or BadPayload.
    jinja::Value loads(std::string_view token) const;

    std::string dump_payload(const jinja::Value& value) const;
    jinja::Value load_payload(std::string_view payload) const;

protected:
    PayloadCodec codec_;
    std::vector<std::string> keys_;
    SignerOptions signer_options_;
};

/// itsdangerous.URLSafeTimedSerializer: the token carries its signing time.
class URLSafeTimedSerializer : public URLSafeSerializer {
public:
    using URLSafeSerializer::URLSafeSerializer;
    std::string dumps(const jinja::Value& value, std::optional<std::int64_t> timestamp = std::nullopt) const;
    /// Throws SignatureExpired when older than max_age, BadSignature, BadPayload.
    jinja::Value loads(std::string_view token, std::optional<std::int64_t> max_age = std::nullopt,
                       std::optional<std::int64_t> now = std::nullopt) const;
};

}  // namespace flask
