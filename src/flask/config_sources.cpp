// Filling the config from mappings, files and the environment, as Flask's
// Config.from_mapping / from_file / from_prefixed_env / get_namespace do.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <toml++/toml.h>

#include <fmt/format.h>

#include "flask/config.hpp"
#include "flask/json.hpp"

extern char** environ;

namespace flask {

namespace {

bool is_upper(std::string_view key) {
    // Python's str.isupper(): at least one cased character and no lower-case one.
    bool cased = false;
    for (char c : key) {
        if (std::islower(static_cast<unsigned char>(c))) return false;
        if (std::isupper(static_cast<unsigned char>(c))) cased = true;
    }
    return cased;
}

jinja::Value from_toml(const ::toml::node& node) {
    if (auto* table = node.as_table()) {
        jinja::Dict out;
        for (const auto& [key, value] : *table) out.set(jinja::Value(std::string(key.str())), from_toml(value));
        return jinja::Value(std::move(out));
    }
    if (auto* array = node.as_array()) {
        jinja::List out;
        for (const auto& item : *array) out.push_back(from_toml(item));
        return jinja::Value(std::move(out));
    }
    if (auto* s = node.as_string()) return jinja::Value(s->get());
    if (auto* i = node.as_integer()) return jinja::Value(static_cast<long long>(i->get()));
    if (auto* f = node.as_floating_point()) return jinja::Value(f->get());
    if (auto* b = node.as_boolean()) return jinja::Value(b->get());
    std::ostringstream text;  // dates and times: their TOML (ISO 8601) spelling
    if (auto* d = node.as_date()) text << d->get();
    else if (auto* t = node.as_time()) text << t->get();
    else if (auto* dt = node.as_date_time()) text << dt->get();
    return jinja::Value(text.str());
}

}  // namespace

namespace toml {

jinja::Value loads(std::string_view text) {
    try {
        return from_toml(::toml::parse(text));
    } catch (const ::toml::parse_error& e) {
        throw std::invalid_argument(fmt::format("{} (at line {}, column {})", e.description(), e.source().begin.line,
                                                e.source().begin.column));
    }
}

}  // namespace toml

bool Config::from_mapping(const jinja::Dict& mapping) {
    for (const auto& [key, value] : mapping)
        if (key.is_string() && is_upper(key.str())) values_.set(key, value);
    return true;
}

bool Config::from_file(const std::filesystem::path& filename, const Loader& load, bool silent) {
    std::filesystem::path path = filename.is_absolute() ? filename : root_path / filename;
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    bool is_dir = std::filesystem::is_directory(path, ec);
    if (!in || is_dir) {
        int err = is_dir ? EISDIR : errno ? errno : ENOENT;
        if (silent && (err == ENOENT || err == EISDIR || err == ENOTDIR)) return false;
        throw std::runtime_error(fmt::format("[Errno {}] Unable to load configuration file ({}): '{}'", err,
                                             std::strerror(err), path.string()));
    }
    std::stringstream text;
    text << in.rdbuf();
    jinja::Value loaded = load(text.str());
    if (!loaded.is_dict()) throw std::invalid_argument("configuration file '" + path.string() + "' is not a mapping");
    return from_mapping(loaded.as_dict());
}

namespace {
/// The file an environment variable names; nullopt when it is unset and `silent`.
std::optional<std::string> envvar_file(std::string_view variable_name, bool silent) {
    const char* value = std::getenv(std::string(variable_name).c_str());
    if (value && *value) return std::string(value);
    if (silent) return std::nullopt;
    throw std::runtime_error(fmt::format(
        "The environment variable '{}' is not set and as such configuration could not be loaded. Set this "
        "variable and make it point to a configuration file",
        variable_name));
}
}  // namespace

bool Config::from_envvar(std::string_view variable_name, bool silent) {
    auto file = envvar_file(variable_name, silent);
    if (!file) return false;
    if (std::filesystem::path(*file).extension() == ".json") return from_file(*file, json::loads, silent);
    return from_file(*file, toml::loads, silent);
}

bool Config::from_envvar(std::string_view variable_name, const Loader& load, bool silent) {
    auto file = envvar_file(variable_name, silent);
    return file && from_file(*file, load, silent);
}

bool Config::from_prefixed_env(std::string_view prefix) {
    return from_prefixed_env(prefix, [](std::string_view text) { return json::loads(text); });
}

bool Config::from_prefixed_env(std::string_view prefix, const Loader& loads) {
    std::string full = std::string(prefix) + "_";
    std::vector<std::pair<std::string, std::string>> entries;
    for (char** e = environ; e && *e; ++e) {
        std::string_view entry(*e);
        auto eq = entry.find('=');
        if (eq == std::string_view::npos || !entry.starts_with(full)) continue;
        entries.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
    }
    std::sort(entries.begin(), entries.end());
    for (auto& [name, raw] : entries) {
        std::string key = name.substr(full.size());
        jinja::Value value;
        try {
            value = loads(raw);
        } catch (...) {
            value = jinja::Value(raw);  // not JSON: the plain string
        }
        if (key.find("__") == std::string::npos) {
            values_[key] = std::move(value);
            continue;
        }
        // "DB__HOST" -> config["DB"]["HOST"], creating dicts on the way.
        jinja::Dict* current = &values_;
        std::size_t start = 0;
        for (std::size_t sep; (sep = key.find("__", start)) != std::string::npos; start = sep + 2) {
            std::string part = key.substr(start, sep - start);
            jinja::Value* next = current->find(std::string_view(part));
            if (!next) {
                current->set(jinja::Value(part), jinja::Value(jinja::Dict()));
                next = current->find(std::string_view(part));
            }
            if (!next->is_dict()) throw std::invalid_argument("config key '" + part + "' is not a mapping");
            current = &next->as_dict();
        }
        current->set(jinja::Value(key.substr(start)), std::move(value));
    }
    return true;
}

jinja::Dict Config::get_namespace(std::string_view ns, bool lowercase, bool trim_namespace) const {
    jinja::Dict out;
    for (const auto& [key, value] : values_) {
        if (!key.is_string()) continue;
        std::string k = key.str();
        if (!k.starts_with(ns)) continue;
        if (trim_namespace) k = k.substr(ns.size());
        if (lowercase)
            for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.set(jinja::Value(k), value);
    }
    return out;
}

}  // namespace flask
