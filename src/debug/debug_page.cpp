#include "debug_page.hpp"

#include <fmt/format.h>

#include "flask/context_state.hpp"
#include "flask/request.hpp"
#include "jinja/markup.hpp"

namespace flask::debug {

namespace {

using jinja::escape_html;

constexpr const char* style = R"CSS(
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f4f4f4; color: #222; }
header { background: #8b1a1a; color: #fff; padding: 18px 28px; }
header h1 { margin: 0; font-size: 22px; font-weight: 600; }
header p.errormsg { margin: 8px 0 0; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 15px; white-space: pre-wrap; }
main { padding: 10px 28px 40px; }
h2 { font-size: 16px; margin: 24px 0 8px; color: #444; }
.frame { background: #fff; border: 1px solid #ddd; border-radius: 4px; margin: 6px 0; }
.frame .where { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; padding: 6px 10px; }
.frame.lib .where { color: #888; }
.frame.app { border-left: 4px solid #8b1a1a; }
.frame .function { font-weight: 600; }
pre.source { margin: 0; padding: 6px 0; background: #fbfbfb; border-top: 1px solid #eee; font-size: 13px; overflow-x: auto; }
pre.source span { display: block; padding: 0 10px; }
pre.source span.current { background: #fde7e7; }
pre.source i { display: inline-block; width: 4em; color: #999; font-style: normal; }
details.lib-frames > summary { cursor: pointer; color: #666; font-size: 13px; margin: 6px 0; }
table.kv { border-collapse: collapse; background: #fff; font-size: 13px; }
table.kv th, table.kv td { text-align: left; border: 1px solid #ddd; padding: 3px 8px; vertical-align: top; font-family: ui-monospace, Menlo, Consolas, monospace; }
textarea.plain { width: 100%; height: 14em; font-size: 12px; }
#console { background: #1e1e1e; color: #ddd; border-radius: 4px; padding: 10px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
#console pre { margin: 0 0 6px; white-space: pre-wrap; }
#console input { width: 100%; box-sizing: border-box; background: #111; color: #fff; border: 1px solid #444; padding: 5px; font: inherit; }
#pin-form { background: #fff; border: 1px solid #ddd; padding: 12px; border-radius: 4px; }
#pin-form .error { color: #8b1a1a; }
footer { color: #888; font-size: 12px; padding: 0 28px 20px; }
)CSS";

// The console talks to the middleware with GET requests carrying
// __debugger__=yes, the page's secret and the traceback id.
constexpr const char* script = R"JS(
(function () {
  const cfg = document.getElementById('debugger-config').dataset;
  function command(params) {
    const q = new URLSearchParams(Object.assign({__debugger__: 'yes', s: cfg.secret}, params));
    return fetch(window.location.pathname + '?' + q.toString(), {credentials: 'same-origin'});
  }
  const pinForm = document.getElementById('pin-form');
  const consoleBox = document.getElementById('console');
  const output = document.getElementById('console-output');
  const input = document.getElementById('console-input');
  function unlock() { if (pinForm) pinForm.hidden = true; consoleBox.hidden = false; input.focus(); }
  if (pinForm) {
    pinForm.addEventListener('submit', function (ev) {
      ev.preventDefault();
      const pin = document.getElementById('pin').value;
      command({cmd: 'pinauth', pin: pin}).then(r => r.json()).then(function (rv) {
        const msg = pinForm.querySelector('.error');
        if (rv.auth) { unlock(); return; }
        msg.textContent = rv.exhausted ? 'Too many failed attempts: restart the server to try again.'
                                       : 'Incorrect PIN.';
      });
    });
  } else if (consoleBox) { unlock(); }
  if (input) {
    input.addEventListener('keydown', function (ev) {
      if (ev.key !== 'Enter' || !input.value) return;
      const expr = input.value;
      input.value = '';
      command({cmd: expr, tb: cfg.tb}).then(r => r.text()).then(function (text) {
        const pre = document.createElement('pre');
        pre.className = 'console-result';
        pre.textContent = '>>> ' + expr + '\n' + text;
        output.appendChild(pre);
      });
    });
  }
})();
)JS";

std::string kv_table(const std::vector<std::pair<std::string, std::string>>& rows) {
    if (rows.empty()) return "<p><em>empty</em></p>\n";
    std::string out = "<table class=\"kv\">\n";
    for (const auto& [k, v] : rows)
        out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", escape_html(k), escape_html(v));
    return out + "</table>\n";
}

std::vector<std::pair<std::string, std::string>> multidict_rows(const MultiDict& d) {
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& [k, v] : d.items()) rows.emplace_back(k, jinja::string_repr(v));
    return rows;
}

std::string frame_html(const Frame& f) {
    std::string where = f.file.empty()
                            ? fmt::format("in <span class=\"function\">{}</span>", escape_html(f.function))
                            : fmt::format("File <cite>{}</cite>, line {}, in <span class=\"function\">{}</span>",
                                          escape_html(f.file), f.line, escape_html(f.function));
    std::string out = fmt::format("<div class=\"frame {}\"><div class=\"where\">{}</div>\n", f.app_code ? "app" : "lib",
                                  where);
    if (!f.source.empty()) {
        out += "<pre class=\"source\">";
        for (const auto& line : f.source)
            out += fmt::format("<span{}><i>{}</i>{}</span>", line.current ? " class=\"current\"" : "", line.number,
                               escape_html(line.text));
        out += "</pre>\n";
    }
    return out + "</div>\n";
}

std::string frames_html(const std::vector<Frame>& frames) {
    // Runs of library frames fold away so the app's own frames stand out.
    std::string out;
    std::size_t i = 0;
    while (i < frames.size()) {
        if (frames[i].app_code) {
            out += frame_html(frames[i++]);
            continue;
        }
        std::size_t j = i;
        std::string run;
        while (j < frames.size() && !frames[j].app_code) run += frame_html(frames[j++]);
        out += fmt::format("<details class=\"lib-frames\"><summary>{} library frame{}</summary>\n{}</details>\n", j - i,
                           j - i == 1 ? "" : "s", run);
        i = j;
    }
    return out;
}

std::string request_html(const Failure& failure) {
    if (!failure.context) return "<p><em>No request context was active.</em></p>\n";
    Request request(failure.context->request);
    std::string out;
    out += kv_table({{"Method", request.method()}, {"URL", request.url()}, {"Endpoint", failure.context->request.endpoint.value_or("(none)")}});
    out += "<h2>Headers</h2>\n";
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& [k, v] : request.headers().items()) headers.emplace_back(k, v);
    out += kv_table(headers);
    out += "<h2>Query arguments (request.args)</h2>\n" + kv_table(multidict_rows(request.args()));
    out += "<h2>Form (request.form)</h2>\n";
    try {
        out += kv_table(multidict_rows(request.form()));
    } catch (const std::exception& e) {
        out += fmt::format("<p><em>{}</em></p>\n", escape_html(e.what()));
    }
    out += "<h2>Session</h2>\n";
    std::vector<std::pair<std::string, std::string>> session;
    if (failure.context->session)
        for (const auto& [k, v] : failure.context->session->data()) session.emplace_back(k.str(), v.repr());
    out += kv_table(session);
    return out;
}

}  // namespace

std::string render_debug_page(const Failure& failure, const PageOptions& options) {
    std::string headline = failure.message.empty() ? failure.type : failure.type + ": " + failure.message;
    std::string out = fmt::format(
        "<!doctype html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n<title>{} // flaskcpp debugger</title>\n"
        "<style>{}</style>\n</head>\n<body>\n",
        escape_html(headline), style);
    out += fmt::format(
        "<header><h1 class=\"exception-type\">{}</h1><p class=\"errormsg\">{}</p></header>\n<main>\n",
        escape_html(failure.type), escape_html(failure.message));
    out += fmt::format("<div id=\"debugger-config\" data-secret=\"{}\" data-tb=\"{}\" hidden></div>\n",
                       escape_html(options.secret), options.traceback_id);

    out += "<h2>Traceback <em>(most recent call last)</em></h2>\n<div class=\"traceback\">\n";
    if (failure.frames.empty())
        out += "<p><em>No stack trace was captured for this exception.</em></p>\n";
    else
        out += frames_html(failure.frames);
    out += "</div>\n";

    if (options.evalex) {
        out += "<h2>Console</h2>\n";
        out += "<p>Evaluates template expressions against this request: <code>request</code>, <code>session</code>, "
               "<code>g</code>, <code>config</code>.</p>\n";
        if (options.pin_required)
            out += "<form id=\"pin-form\"><p>The console is locked. Enter the PIN printed on the server's "
                   "standard output.</p><input id=\"pin\" name=\"pin\" autocomplete=\"off\" placeholder=\"PIN\"> "
                   "<button type=\"submit\">Confirm PIN</button> <span class=\"error\"></span></form>\n";
        out += "<div id=\"console\" hidden><div id=\"console-output\"></div>"
               "<input id=\"console-input\" autocomplete=\"off\" spellcheck=\"false\" placeholder=\"request.path\"></div>\n";
    }

    out += "<h2>Request</h2>\n" + request_html(failure);
    out += "<h2>Plain text traceback</h2>\n<textarea class=\"plain\" readonly>" + escape_html(traceback_text(failure)) +
           "</textarea>\n";
    out += fmt::format("</main>\n<footer>flaskcpp debugger, app '{}'. Shown because debug mode is on; never enable "
                       "it on a public server.</footer>\n<script>{}</script>\n</body>\n</html>\n",
                       escape_html(options.app_name), script);
    return out;
}

}  // namespace flask::debug
