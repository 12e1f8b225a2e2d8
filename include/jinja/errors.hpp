// Template errors, named and shaped as Jinja2's exceptions.
//
// Every error raised by the engine derives from jinja::TemplateError and knows
// the Python class name it stands for (`kind()`), the template it happened in
// (`name()`) and the 1-based line (`lineno()`, 0 when unknown).  Errors that
// Python would raise as builtins (TypeError, ValueError, ...) are the plain
// exception types at the end of this header.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace jinja {

class TemplateError : public std::runtime_error {
public:
    explicit TemplateError(std::string message, std::string name = {}, int lineno = 0)
        : std::runtime_error(message), message_(std::move(message)), name_(std::move(name)), lineno_(lineno) {}
    /// The Python class name: "TemplateSyntaxError", "UndefinedError", ...
    virtual const char* kind() const noexcept { return "TemplateError"; }
    const std::string& message() const noexcept { return message_; }
    /// The template the error belongs to (empty when unknown).
    const std::string& name() const noexcept { return name_; }
    int lineno() const noexcept { return lineno_; }
    /// Fills in the location if none is set yet.
    void locate(const std::string& name, int lineno) {
        if (lineno_ == 0 && name_.empty()) {
            name_ = name;
            lineno_ = lineno;
        }
    }
    bool located() const noexcept { return lineno_ != 0 || !name_.empty(); }

private:
    std::string message_;
    std::string name_;
    int lineno_;
};

#define JINJA_DEFINE_ERROR(Name, Base)                     \
    class Name : public Base {                             \
    public:                                                \
        using Base::Base;                                  \
        const char* kind() const noexcept override { return #Name; } \
    }

JINJA_DEFINE_ERROR(TemplateSyntaxError, TemplateError);
JINJA_DEFINE_ERROR(TemplateAssertionError, TemplateSyntaxError);
JINJA_DEFINE_ERROR(TemplateRuntimeError, TemplateError);
JINJA_DEFINE_ERROR(UndefinedError, TemplateRuntimeError);
JINJA_DEFINE_ERROR(FilterArgumentError, TemplateRuntimeError);
JINJA_DEFINE_ERROR(SecurityError, TemplateRuntimeError);

#undef JINJA_DEFINE_ERROR

/// A template could not be found; `name()` is the missing template's name.
class TemplateNotFound : public TemplateError {
public:
    explicit TemplateNotFound(std::string name, std::string message = {})
        : TemplateError(message.empty() ? name : std::move(message)), missing_(std::move(name)) {}
    const char* kind() const noexcept override { return "TemplateNotFound"; }
    const std::string& missing() const noexcept { return missing_; }

private:
    std::string missing_;
};

class TemplatesNotFound : public TemplateNotFound {
public:
    explicit TemplatesNotFound(std::vector<std::string> names);
    const char* kind() const noexcept override { return "TemplatesNotFound"; }
    const std::vector<std::string>& names() const noexcept { return names_; }

private:
    std::vector<std::string> names_;
};

// Python builtins the engine raises.  Named as Python names them, so
// messages read the same as Flask's; each is a distinct type to catch.
#define JINJA_DEFINE_PY_ERROR(Name)                   \
    struct Name : std::runtime_error {                \
        using std::runtime_error::runtime_error;      \
    }

JINJA_DEFINE_PY_ERROR(TypeError);
JINJA_DEFINE_PY_ERROR(KeyError);
JINJA_DEFINE_PY_ERROR(IndexError);
JINJA_DEFINE_PY_ERROR(ValueError);
JINJA_DEFINE_PY_ERROR(ZeroDivisionError);
JINJA_DEFINE_PY_ERROR(OverflowError);
JINJA_DEFINE_PY_ERROR(RuntimeError);
JINJA_DEFINE_PY_ERROR(AssertionError);
/// Raised by `{0.name}` format fields.
JINJA_DEFINE_PY_ERROR(AttributeError);
/// Python's SyntaxError (Jinja raises it for `{% break %}` outside a loop).
JINJA_DEFINE_PY_ERROR(PySyntaxError);

#undef JINJA_DEFINE_PY_ERROR

/// The Python class name for any exception the engine may throw.
const char* python_error_name(const std::exception& error) noexcept;

}  // namespace jinja
