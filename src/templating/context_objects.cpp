#include "templating/context_objects.hpp"

#include "flask/ctx.hpp"
#include "flask/sessions.hpp"

namespace flask::templating {

namespace {

using jinja::Value;

Value method(std::string name, jinja::Function::Fn fn) {
    return Value(std::shared_ptr<jinja::Object>(std::make_shared<jinja::Function>(std::move(name), std::move(fn))));
}

const Value& arg(const jinja::CallArgs& a, std::size_t i, std::string_view keyword, const Value& fallback) {
    if (i < a.args.size()) return a.args[i];
    for (const auto& [k, v] : a.kwargs)
        if (k == keyword) return v;
    return fallback;
}

/// request.args / form / cookies: .get(key, default), .getlist(key), [key].
class MultiDictObject final : public jinja::Object {
public:
    explicit MultiDictObject(const MultiDict& dict) : dict_(dict) {}
    std::string_view type_name() const override { return "ImmutableMultiDict"; }
    std::string repr() const override { return "ImmutableMultiDict(" + dict_.to_dict(false).repr() + ")"; }
    bool truthy() const override { return !dict_.empty(); }
    Value get_item(const Value& key) const override {
        auto v = dict_.get(key.str());
        return v ? Value(*v) : Value::undefined(key.str());
    }
    Value get_attr(std::string_view name) const override {
        const MultiDict* d = &dict_;
        if (name == "get")
            return method("get", [d](jinja::CallArgs& a) {
                static const Value none;
                auto v = d->get(arg(a, 0, "key", none).str());
                return v ? Value(*v) : arg(a, 1, "default", none);
            });
        if (name == "getlist")
            return method("getlist", [d](jinja::CallArgs& a) {
                static const Value none;
                jinja::List out;
                for (auto& v : d->getlist(arg(a, 0, "key", none).str())) out.emplace_back(v);
                return Value(std::move(out));
            });
        if (name == "to_dict")
            return method("to_dict", [d](jinja::CallArgs& a) {
                static const Value yes(true);
                return d->to_dict(arg(a, 0, "flat", yes).truthy());
            });
        if (name == "keys")
            return method("keys", [d](jinja::CallArgs&) {
                jinja::List out;
                for (auto& k : d->keys()) out.emplace_back(k);
                return Value(std::move(out));
            });
        if (name == "items")
            return method("items", [d](jinja::CallArgs&) {
                jinja::List out;
                for (auto& k : d->keys()) out.push_back(Value::tuple({Value(k), Value(*d->get(k))}));
                return Value(std::move(out));
            });
        return Object::get_attr(name);
    }

private:
    const MultiDict& dict_;
};

class RequestObject final : public jinja::Object {
public:
    std::string_view type_name() const override { return "Request"; }
    std::string repr() const override { return "<Request '" + request.url() + "' [" + request.method() + "]>"; }
    Value get_attr(std::string_view name) const override {
        if (name == "method") return Value(request.method());
        if (name == "path") return Value(request.path());
        if (name == "full_path") return Value(request.full_path());
        if (name == "script_root") return Value(request.script_root());
        if (name == "url") return Value(request.url());
        if (name == "base_url") return Value(request.base_url());
        if (name == "url_root") return Value(request.url_root());
        if (name == "host_url") return Value(request.host_url());
        if (name == "host") return Value(request.host());
        if (name == "scheme") return Value(request.scheme());
        if (name == "is_secure") return Value(request.is_secure());
        if (name == "remote_addr") return Value(request.remote_addr());
        if (name == "endpoint") return Value(request.endpoint());
        if (name == "is_json") return Value(request.is_json());
        if (name == "mimetype") return Value(request.mimetype());
        if (name == "args") return multidict_object(request.args());
        if (name == "form") return multidict_object(request.form());
        if (name == "cookies") return multidict_object(request.cookies());
        if (name == "view_args") {
            jinja::Dict d;
            for (const auto& [k, v] : request.view_args()) d.set(Value(k), v);
            return Value(std::move(d));
        }
        if (name == "headers") {
            jinja::Dict d;
            for (const auto& [k, v] : request.headers()) d.set(Value(k), Value(v));
            return Value(std::move(d));
        }
        return Object::get_attr(name);
    }
};

class SessionObject final : public jinja::Object {
public:
    std::string_view type_name() const override { return "SecureCookieSession"; }
    std::string repr() const override { return "<SecureCookieSession " + session.to_dict().repr() + ">"; }
    bool truthy() const override { return !session.empty(); }
    Value get_item(const Value& key) const override { return session.get(key.str(), Value::undefined(key.str())); }
    Value get_attr(std::string_view name) const override {
        if (name == "get")
            return method("get", [](jinja::CallArgs& a) {
                static const Value none;
                return session.get(arg(a, 0, "key", none).str(), arg(a, 1, "default", none));
            });
        if (name == "permanent") return Value(session.permanent());
        if (name == "modified") return Value(session.modified());
        if (name == "keys")
            return method("keys", [](jinja::CallArgs&) {
                jinja::List out;
                for (auto& k : session.keys()) out.emplace_back(k);
                return Value(std::move(out));
            });
        return Object::get_attr(name);
    }
};

class GObject final : public jinja::Object {
public:
    std::string_view type_name() const override { return "_AppCtxGlobals"; }
    Value get_attr(std::string_view name) const override {
        if (name == "get")
            return method("get", [](jinja::CallArgs& a) {
                static const Value none;
                return g.get(arg(a, 0, "name", none).str(), arg(a, 1, "default", none));
            });
        return g.get(name, Value::undefined(std::string(name)));
    }
    Value get_item(const Value& key) const override { return get_attr(key.str()); }
};

class ConfigObject final : public jinja::Object {
public:
    explicit ConfigObject(Flask& app) : app_(app) {}
    std::string_view type_name() const override { return "Config"; }
    std::string repr() const override { return "<Config " + app_.config.as_value().repr() + ">"; }
    Value get_item(const Value& key) const override {
        return app_.config.contains(key.str()) ? app_.config.get(key.str()) : Value::undefined(key.str());
    }
    Value get_attr(std::string_view name) const override {
        if (name == "get") {
            Flask* app = &app_;
            return method("get", [app](jinja::CallArgs& a) {
                static const Value none;
                return app->config.get(arg(a, 0, "key", none).str(), arg(a, 1, "default", none));
            });
        }
        return get_item(Value(name));
    }

private:
    Flask& app_;
};

Value wrap(std::shared_ptr<jinja::Object> object) { return Value(std::move(object)); }

}  // namespace

Value request_object() { return wrap(std::make_shared<RequestObject>()); }
Value session_object() { return wrap(std::make_shared<SessionObject>()); }
Value g_object() { return wrap(std::make_shared<GObject>()); }
Value config_object(Flask& app) { return wrap(std::make_shared<ConfigObject>(app)); }
Value multidict_object(const MultiDict& dict) { return wrap(std::make_shared<MultiDictObject>(dict)); }

}  // namespace flask::templating
