#include "fuzz/fuzz_recipes.h"

#include <string>

#include "engine/builder/point_microcircuit.h"
#include "engine/builder/recipe.h"
#include "engine/builder/soma_placement.h"
#include "engine/errors.h"
#include "io/builder/point_recipe_io.h"
#include "io/builder/recipe_io.h"

namespace lamina::fuzz {

namespace {
// A point-neuron microcircuit recipe: read, and built when small (a build of a few
// thousand neurons is quick; larger ones would only slow the fuzzer down).
bool read_point_recipe(const std::string& text) {
    io::PointRecipe recipe;
    try {
        recipe = io::parse_point_recipe(text, "fuzz.json");
    } catch (const Error&) {
        return false;
    }
    double neurons = 0;
    for (const auto& p : recipe.spec.populations) neurons += static_cast<double>(p.size) * recipe.options.scale;
    const double inputs = 5000.0 * recipe.options.in_degree_scale * static_cast<double>(recipe.spec.populations.size());
    if (neurons <= 2000 && neurons * inputs <= 2e6) {
        recipe.options.threads = 1;
        try {
            const auto built = builder::build_point_microcircuit(recipe.spec, recipe.options);
            if (built.positions.size() > built.network.size()) throw InternalError("more positions than neurons");
        } catch (const InvalidArgument&) {
        }
    }
    return true;
}
}  // namespace

bool read_recipe(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    if (io::is_point_recipe_text(text)) return read_point_recipe(text);
    builder::Recipe recipe;
    try {
        recipe = io::parse_recipe(text, "fuzz.json");
    } catch (const Error&) {
        return false;
    }
    // An accepted recipe must be usable: written out it reads back to the same text
    // (a value accepted once is accepted again), and its counts and geometry are sane.
    const std::string written = io::format_recipe(recipe);
    const std::string again = io::format_recipe(io::parse_recipe(written, "fuzz-written.json"));
    if (again != written) throw InternalError("a recipe's round trip changed its text");
    double cells = 0;
    for (const double n : builder::expected_cells(recipe)) cells += n;
    if (!(cells >= 0 && cells <= builder::max_cells)) throw InternalError("validate let through a column too large");
    // Placement of small columns: a column its somata cannot fill is a user error, never a hang.
    if (cells <= 300) {
        try {
            (void)builder::place_somata(recipe);
        } catch (const Error&) {
        }
    }
    return true;
}

}  // namespace lamina::fuzz
