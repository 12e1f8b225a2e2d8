// reference_app.py, "Static file helpers": send_from_directory as an attachment.
#include "conformance_app.hpp"

namespace conformance {

void register_static_files(flask::Flask& app) {
    app.route("/download/<path:filename>")([&app](std::string filename) {  // attachment; ?name= sets download_name
        auto name = flask::request.args().get("name");
        return flask::send_from_directory(*app.static_folder(), filename,
                                          {.as_attachment = true, .download_name = name});
    });
}

}  // namespace conformance
