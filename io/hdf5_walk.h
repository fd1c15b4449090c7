#pragma once
// The checking half of hdf5_screen.h: runs inside the lamina-h5check helper process.
// It makes libhdf5 parse everything Lamina's readers could ask of a file (every group,
// link, object header, attribute and dataset, the values included), so that a file
// which would crash, hang or exhaust libhdf5 does so in the helper, never in the program
// that holds the user's work.

#include <cstddef>
#include <cstdint>
#include <string>

namespace lamina::io {

// [bytes] The memory Lamina's readers may use for the values of one HDF5 file: 1100x its
// size (no compressed file expands more, see h5::max_expansion) plus 64 MiB, so small
// files with many small fill-valued datasets stay readable. A dataset needing more is
// refused before it is read; the helper caps single allocations of libhdf5 at it too.
std::uintmax_t hdf5_read_budget(std::uintmax_t file_bytes);

class Hdf5WalkObserver {
public:
    virtual ~Hdf5WalkObserver() = default;
    // Called before libhdf5 touches `object` ("/edges/default/source_node_id",
    // "/edges/default@node_population" for an attribute), so a crash can be placed.
    virtual void at(const std::string& object) = 0;
    // Called between blocks of a long read: the walk is alive.
    virtual void progress() = 0;
};

// Walks the file at `path`. Errors that libhdf5 reports cleanly are skipped (the readers
// report them precisely later); only a crash, a hang or runaway memory can stop the walk.
// Returns the number of objects visited.
std::size_t walk_hdf5_file(const std::string& path, Hdf5WalkObserver& observer);

}  // namespace lamina::io

namespace lamina::io {

// The helper's side of the conversation with screen_hdf5_file: reads NUL-terminated
// paths from `input` and answers each on `output` with lines
//   "at OBJECT"   before libhdf5 touches OBJECT (control characters shown as '?'),
//   "tick"        between blocks of a long read,
//   "done N"      when the walk of N objects ended,
// until `input` ends. `before_file(bytes)` runs first for each file (the helper sets its
// allocation cap from the size). The helper's allocation guard adds "alloc BYTES" just
// before it ends the process on an absurd request.
void serve_hdf5_checks(int input, int output, void (*before_file)(std::uintmax_t file_bytes));

}  // namespace lamina::io
