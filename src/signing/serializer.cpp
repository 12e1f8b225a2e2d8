// URLSafeSerializer / URLSafeTimedSerializer (itsdangerous.url_safe).
#include <zlib.h>

#include "flask/json.hpp"
#include "flask/signing.hpp"

namespace flask {

namespace {

std::string zlib_compress(std::string_view data) {
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    std::string out(size, '\0');
    // Level 6, window 15, memLevel 8: what Python's zlib.compress() uses, so
    // compressed cookies are byte-identical.
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
                  static_cast<uLong>(data.size()), Z_DEFAULT_COMPRESSION) != Z_OK)
        throw BadPayload("Could not zlib compress the payload");
    out.resize(size);
    return out;
}

std::string zlib_decompress(std::string_view data) {
    // Any valid zlib stream is accepted; the output is capped so a tiny
    // cookie cannot inflate into a huge allocation.
    constexpr std::size_t kMaxOutput = 16u << 20;
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK) throw BadPayload("Could not zlib decompress the payload");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buffer[16384];
    int rc;
    do {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        rc = inflate(&stream, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) break;
        out.append(buffer, sizeof buffer - stream.avail_out);
        if (out.size() > kMaxOutput) {
            rc = Z_MEM_ERROR;
            break;
        }
    } while (rc != Z_STREAM_END && (stream.avail_in > 0 || stream.avail_out == 0));
    inflateEnd(&stream);
    if (rc != Z_STREAM_END) throw BadPayload("Could not zlib decompress the payload before decoding the payload");
    return out;
}

}  // namespace

PayloadCodec json_codec() {
    return {[](const jinja::Value& v) {
                json::DumpOptions o;
                o.item_separator = ",";
                o.key_separator = ":";
                return json::dumps(v, o);
            },
            [](std::string_view text) { return json::loads(text); }};
}

URLSafeSerializer::URLSafeSerializer(std::vector<std::string> secret_keys, std::string salt, PayloadCodec codec,
                                     SignerOptions signer)
    : codec_(std::move(codec)), keys_(std::move(secret_keys)), signer_options_(std::move(signer)) {
    signer_options_.salt = std::move(salt);
}

std::string URLSafeSerializer::dump_payload(const jinja::Value& value) const {
    std::string json = codec_.dumps(value);
    std::string compressed = zlib_compress(json);
    if (compressed.size() + 1 < json.size()) return "." + base64url_encode(compressed);
    return base64url_encode(json);
}

jinja::Value URLSafeSerializer::load_payload(std::string_view payload) const {
    bool decompress = !payload.empty() && payload.front() == '.';
    if (decompress) payload.remove_prefix(1);
    std::string raw;
    try {
        raw = base64url_decode(payload);
    } catch (const BadData&) {
        throw BadPayload("Could not base64 decode the payload because of an exception");
    }
    if (decompress) raw = zlib_decompress(raw);
    try {
        return codec_.loads(raw);
    } catch (const std::exception& e) {
        throw BadPayload(std::string("Could not load the payload because an exception occurred on unserializing "
                                     "the data: ") +
                         e.what());
    }
}

std::string URLSafeSerializer::dumps(const jinja::Value& value) const {
    return Signer(keys_, signer_options_).sign(dump_payload(value));
}

jinja::Value URLSafeSerializer::loads(std::string_view token) const {
    return load_payload(Signer(keys_, signer_options_).unsign(token));
}

std::string URLSafeTimedSerializer::dumps(const jinja::Value& value, std::optional<std::int64_t> timestamp) const {
    return TimestampSigner(keys_, signer_options_).sign(dump_payload(value), timestamp);
}

jinja::Value URLSafeTimedSerializer::loads(std::string_view token, std::optional<std::int64_t> max_age,
                                          std::optional<std::int64_t> now) const {
    auto unsigned_value = TimestampSigner(keys_, signer_options_).unsign(token, max_age, now);
    return load_payload(unsigned_value.value);
}

}  // namespace flask
