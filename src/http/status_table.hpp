#pragma once

namespace flask::detail {

struct StatusInfo {
    int code;
    const char* reason;       // "Not Found"
    const char* description;  // default HTTPException description, or nullptr when no exception class exists
};

/// nullptr for codes Werkzeug does not know.
const StatusInfo* find_status(int code) noexcept;

}  // namespace flask::detail
