// libflaskcpp.so is made of the layers' static archives (linked whole); this
// file only gives CMake a source to build the shared library from.
namespace flask::detail {
int shared_library_marker = 0;
}  // namespace flask::detail
