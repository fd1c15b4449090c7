// lamina-modcc: translates an NMODL mod file into C++ for Lamina's engine.
//
//   lamina-modcc FILE.mod [-o OUT.cpp] [--name NAME] [--register FUNCTION] [--check]
//
// Errors go to stderr as file:line:column: message, and the exit status is 2; the
// output file is written whole or not at all.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "engine/errors.h"
#include "engine/nmodl/codegen.h"
#include "engine/nmodl/model.h"
#include "engine/nmodl/parser.h"

namespace {

const char* usage = R"(usage: lamina-modcc FILE.mod [-o OUT.cpp] [--name NAME] [--register FUNCTION] [--check]

Translates an NMODL mechanism (.mod) into C++ kernels for Lamina's simulator.

  -o OUT.cpp           write the C++ here (default: standard output)
  --name NAME          register the mechanism under NAME instead of its SUFFIX or
                       POINT_PROCESS name (e.g. to run it beside a built-in of that name)
  --register FUNCTION  the registration function's name (default: register_<name>), in
                       namespace lamina::mechanisms
  --check              parse and analyse only; print what the mechanism declares
  -h, --help           this text

Supported: the NMODL that cortical models use (see the README's "NMODL" section).
Unsupported constructs (VERBATIM, INCLUDE, arrays, ...) are errors naming their line.
)";

int fail(const std::string& message) {
    std::cerr << "lamina-modcc: " << message << '\n';
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string input, output, rename, register_name;
    bool check = false;
    for (std::size_t k = 0; k < args.size(); ++k) {
        const std::string& a = args[k];
        const auto value = [&](const char* what) -> std::string {
            if (k + 1 >= args.size()) throw lamina::InvalidArgument(a + " needs " + what);
            return args[++k];
        };
        try {
            if (a == "-h" || a == "--help") {
                std::cout << usage;
                return 0;
            }
            if (a == "-o") output = value("an output file");
            else if (a == "--name") rename = value("a mechanism name");
            else if (a == "--register") register_name = value("a function name");
            else if (a == "--check") check = true;
            else if (!a.empty() && a[0] == '-') return fail("unknown option " + a + " (see --help)");
            else if (input.empty()) input = a;
            else return fail("one mod file at a time (given " + input + " and " + a + ")");
        } catch (const lamina::Error& e) {
            return fail(e.what());
        }
    }
    if (input.empty()) {
        std::cerr << usage;
        return 2;
    }
    try {
        lamina::nmodl::Model model = lamina::nmodl::analyse(lamina::nmodl::read_module(input));
        if (!rename.empty()) model.name = rename;
        if (check) {
            std::cout << model.name << ": " << model.parameters.size() << " parameters, " << model.stored.size()
                      << " stored values, " << model.ions.size() << " ions, " << model.current_names.size()
                      << " currents\n";
            return 0;
        }
        const std::string text = lamina::nmodl::generate_cpp(
            model, register_name.empty() ? lamina::nmodl::register_function_name(model.name) : register_name, false,
            output.empty() ? std::string() : std::filesystem::absolute(output).string());
        if (output.empty()) {
            std::cout << text;
            return 0;
        }
        const std::string temporary = output + ".tmp";
        {
            std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
            out << text;
            out.flush();
            if (!out) return fail(output + ": cannot write");
        }
        std::error_code ec;
        std::filesystem::rename(temporary, output, ec);
        if (ec) return fail(output + ": cannot move into place: " + ec.message());
        return 0;
    } catch (const lamina::Error& e) {
        std::cerr << e.what() << '\n';
        return 2;
    } catch (const lamina::InternalError& e) {
        std::cerr << "lamina-modcc: " << e.what() << '\n';
        return 3;
    }
}
