#pragma once
// The headless command line: `lamina COMMAND [OPTIONS] ARGS`. Every command explains
// itself with --help and returns 0 on success, 1 on bad input, 2 on bad usage.

#include <iosfwd>
#include <string>
#include <vector>

#include "engine/errors.h"

namespace lamina::app {

enum ExitCode : int { exit_ok = 0, exit_bad_input = 1, exit_usage = 2 };

// A malformed command line (an option's value, a missing argument): exits with
// exit_usage, and is raised before any file is read.
class UsageError : public InvalidArgument {
public:
    using InvalidArgument::InvalidArgument;
};

// Parsed options of one command: flags, options with a value, and positionals.
class Arguments {
public:
    // `flags` take no value (--json); `valued` take one (--output DIR or --output=DIR).
    Arguments(const std::vector<std::string>& args, const std::vector<std::string>& flags,
              const std::vector<std::string>& valued);

    bool ok() const noexcept { return error_.empty(); }
    const std::string& error() const noexcept { return error_; }
    bool has(const std::string& flag) const;
    std::string value(const std::string& option, const std::string& fallback = {}) const;
    const std::vector<std::string>& positional() const noexcept { return positional_; }

private:
    std::vector<std::string> present_;
    std::vector<std::pair<std::string, std::string>> values_;
    std::vector<std::string> positional_;
    std::string error_;
};

struct Command {
    const char* name;
    const char* summary;  // one line for `lamina --help`
    const char* help;     // the whole `lamina NAME --help` text
    int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

// The number given for `option` (or `fallback`), checked to lie in [min, max]; throws
// UsageError naming the option and the text otherwise.
double number_option(const Arguments& arguments, const std::string& option, double fallback, double min, double max);

const std::vector<Command>& commands();
const Command* find_command(const std::string& name);
void print_main_help(std::ostream& out);

// Entry for the headless commands; `args` excludes the program name.
int run_command(const Command& command, const std::vector<std::string>& args, std::ostream& out,
                std::ostream& err);

int run_info(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_convert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_simulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_simulate_demo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_build(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_mechanisms(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_cell(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
extern const char* const cell_help;

}  // namespace lamina::app
