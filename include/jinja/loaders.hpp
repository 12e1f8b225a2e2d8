// Template loaders: where Environment::get_template finds sources.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace jinja {

/// A loaded template source; `uptodate` (optional) tells whether a cached
/// compile is still current (auto_reload).
struct TemplateSource {
    std::string source = {};
    std::string filename = {};
    std::function<bool()> uptodate = {};
};

class Loader {
public:
    virtual ~Loader() = default;
    /// The source for `name`, or nullopt when this loader does not have it.
    virtual std::optional<TemplateSource> get_source(const std::string& name) const = 0;
    virtual std::vector<std::string> list_templates() const { return {}; }
};

/// In-memory templates: exact names, no path normalisation.
class DictLoader final : public Loader {
public:
    explicit DictLoader(std::map<std::string, std::string> templates = {}) : templates_(std::move(templates)) {}
    std::optional<TemplateSource> get_source(const std::string& name) const override;
    std::vector<std::string> list_templates() const override;
    void set(const std::string& name, std::string source) { templates_[name] = std::move(source); }

private:
    std::map<std::string, std::string> templates_;
};

/// Files below one or more folders; `a/../b` and absolute names are refused
/// as Jinja does (TemplateNotFound).  Sources are read as UTF-8.
class FileSystemLoader final : public Loader {
public:
    explicit FileSystemLoader(std::vector<std::filesystem::path> searchpath) : searchpath_(std::move(searchpath)) {}
    explicit FileSystemLoader(std::filesystem::path dir) : searchpath_{std::move(dir)} {}
    std::optional<TemplateSource> get_source(const std::string& name) const override;
    std::vector<std::string> list_templates() const override;

private:
    std::vector<std::filesystem::path> searchpath_;
};

/// Tries several loaders in order.
class ChoiceLoader final : public Loader {
public:
    explicit ChoiceLoader(std::vector<std::shared_ptr<Loader>> loaders) : loaders_(std::move(loaders)) {}
    std::optional<TemplateSource> get_source(const std::string& name) const override;
    std::vector<std::string> list_templates() const override;

private:
    std::vector<std::shared_ptr<Loader>> loaders_;
};

/// Asks a function for the source (nullopt: not found).
class FunctionLoader final : public Loader {
public:
    using Fn = std::function<std::optional<std::string>(const std::string&)>;
    explicit FunctionLoader(Fn fn) : fn_(std::move(fn)) {}
    std::optional<TemplateSource> get_source(const std::string& name) const override;

private:
    Fn fn_;
};

/// Splits `prefix/name` and asks the loader registered for the prefix (blueprints).
class PrefixLoader final : public Loader {
public:
    explicit PrefixLoader(std::map<std::string, std::shared_ptr<Loader>> mapping, char delimiter = '/')
        : mapping_(std::move(mapping)), delimiter_(delimiter) {}
    std::optional<TemplateSource> get_source(const std::string& name) const override;
    std::vector<std::string> list_templates() const override;

private:
    std::map<std::string, std::shared_ptr<Loader>> mapping_;
    char delimiter_;
};

}  // namespace jinja
