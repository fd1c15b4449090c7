#pragma once
// Debian's HDF5 is built without thread safety: every HDF5 call in Lamina runs under
// this one lock. Public so every io/ format shares it; HDF5 itself stays private to io/.

#include <mutex>

namespace lamina::io {

std::recursive_mutex& hdf5_mutex();

}  // namespace lamina::io
