// Password hashing as werkzeug.security does it, in its exact formats, so a
// hash made by a Python Flask app verifies here and the other way round:
//
//     "scrypt:32768:8:1$<salt>$<hex>"       (the default)
//     "pbkdf2:sha256:1000000$<salt>$<hex>"
//
//     auto stored = flask::generate_password_hash(form["password"]);
//     if (!flask::check_password_hash(stored, attempt)) ...
#pragma once

#include <string>
#include <string_view>

namespace flask {

/// "scrypt[:n:r:p]" or "pbkdf2[:hash_name[:iterations]]", as in Werkzeug.
/// Throws std::invalid_argument for an unknown method or bad parameters.
std::string generate_password_hash(std::string_view password, std::string_view method = "scrypt",
                                   std::size_t salt_length = 16);

/// False for a wrong password or a malformed hash; throws std::invalid_argument
/// when the hash names a method Werkzeug would reject (as it raises ValueError).
bool check_password_hash(std::string_view pwhash, std::string_view password);

/// `length` random characters from [A-Za-z0-9] (werkzeug.security.gen_salt).
std::string gen_salt(std::size_t length);

}  // namespace flask
