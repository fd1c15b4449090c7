#pragma once
// Users' mechanisms at run time: a folder of .mod files (a SONATA circuit's
// components.mechanisms_dir, `lamina mechanisms build DIR`) is translated by the NMODL
// translator and compiled with the system C++ compiler into one plugin, cached by
// content (the files, Lamina's mechanism headers, the compiler command), then loaded
// and registered. A mod file with the name of a built-in replaces it, and says so.

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace lamina::io {

struct MechanismPlugin {
    std::filesystem::path library;       // the cached plugin
    std::vector<std::string> mechanisms;  // registered, in file order
    std::vector<std::string> replaced;    // of those, names that replaced a built-in or earlier one
    bool cached = false;                  // loaded without compiling
    // Mod files recognised as a spike source Lamina has built in (VecStim: a played spike
    // train is a virtual node's spike input): not compiled. BMTK ships vecevent.mod.
    std::vector<std::string> mapped;
    bool cancelled = false;  // stopped between files: nothing was registered or cached
};

// The folder holding a circuit's mod files: `dir/modfiles` when there is one (BMTK's
// layout), else `dir`.
std::filesystem::path mod_folder(const std::filesystem::path& dir);

// Throws FileError: for a folder without .mod files (no library is built when every file
// is mapped to a built-in); naming file:line:column for a
// mod file the translator refuses; with the compiler's first error lines (and where
// its log is) when compiling fails. `progress` receives one line per step; `cancel`, when
// set, stops the work before the next file (a compile under way finishes first).
MechanismPlugin load_mechanism_folder(const std::filesystem::path& folder,
                                      const std::function<void(const std::string&)>& progress = {},
                                      const std::atomic<bool>* cancel = nullptr);

// Where plugins are cached: $LAMINA_CACHE_DIR, else $XDG_CACHE_HOME/lamina, else
// ~/.cache/lamina; with "/mechanisms" appended.
std::filesystem::path mechanism_cache_dir();

}  // namespace lamina::io
