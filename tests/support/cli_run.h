#pragma once
// Runs a `lamina` command in-process, as the command line would, for tests that check
// what a user sees: the exit status and both output streams.

#include <sstream>
#include <string>
#include <vector>

#include "app/cli.h"

namespace lamina::test {

struct CliResult {
    int status;
    std::string out, err;
};

// args[0] is the command ("simulate", "cell", ...).
inline CliResult run_cli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    const int status = app::run_command(*app::find_command(args.at(0)), {args.begin() + 1, args.end()}, out, err);
    return {status, out.str(), err.str()};
}

}  // namespace lamina::test
