#include "io/builder/point_recipe_io.h"

#include "io/builder/recipe_json.h"

namespace lamina::io {

namespace {

using namespace recipe_json;
using builder::PointMicrocircuitSpec;

std::vector<double> numbers(const Reader& r, const Json& list, const std::string& path) {
    if (!list.is_array()) r.fail(path, "must be a list of numbers");
    std::vector<double> out;
    for (std::size_t k = 0; k < list.size(); ++k) {
        if (!list[k].is_number()) r.fail(path + "[" + std::to_string(k) + "]", "must be a number, got " + shown(list[k]));
        out.push_back(list[k].get<double>());
    }
    return out;
}

std::uint64_t whole(const Reader& r, const Json& object, const std::string& path, const std::string& key,
                    std::uint64_t fallback) {
    if (!object.contains(key)) return fallback;
    const Json& v = object[key];
    if (!v.is_number_unsigned()) r.fail(Reader::join(path, key), "must be a whole number >= 0, got " + shown(v));
    return v.get<std::uint64_t>();
}

void read_neuron(const Reader& r, const Json& n, PointMicrocircuitSpec& spec) {
    if (!n.is_object()) r.fail("neuron", "must be a JSON object");
    spec.model = r.text(n, "neuron", "model", spec.model);
    for (const auto& [key, value] : n.items())
        if (key != "model") spec.neuron[key] = r.number(n, "neuron", key, 0.0);
}

void read_populations(const Reader& r, const Json& list, PointMicrocircuitSpec& spec) {
    for (std::size_t k = 0; k < list.size(); ++k) {
        const std::string path = "populations[" + std::to_string(k) + "]";
        const Json& p = list[k];
        r.only(p, path, {"name", "layer", "size", "excitatory", "external_in_degree", "published_rate"});
        builder::PointPopulation pop;
        pop.name = r.text(p, path, "name", "", true);
        pop.layer = r.text(p, path, "layer", "");
        if (!p.contains("size")) r.fail(path + ".size", "missing");
        pop.size = whole(r, p, path, "size", 0);
        pop.excitatory = r.flag(p, path, "excitatory", true);
        pop.external_in_degree = r.number(p, path, "external_in_degree", 0.0);
        pop.published_rate = r.number(p, path, "published_rate", 0.0);
        spec.populations.push_back(pop);
    }
}

void read_synapses(const Reader& r, const Json& s, PointMicrocircuitSpec& spec) {
    r.only(s, "synapses", {"psp_mean", "weight_rel_sd", "g", "weight_factors", "delay_exc", "delay_inh", "delay_rel_sd",
                           "delay_min"});
    spec.psp_mean = r.number(s, "synapses", "psp_mean", spec.psp_mean);
    spec.weight_rel_sd = r.number(s, "synapses", "weight_rel_sd", spec.weight_rel_sd);
    spec.g = r.number(s, "synapses", "g", spec.g);
    spec.delay_exc = r.number(s, "synapses", "delay_exc", spec.delay_exc);
    spec.delay_inh = r.number(s, "synapses", "delay_inh", spec.delay_inh);
    spec.delay_rel_sd = r.number(s, "synapses", "delay_rel_sd", spec.delay_rel_sd);
    spec.delay_min = r.number(s, "synapses", "delay_min", spec.delay_min);
    const Json& factors = r.list(s, "synapses", "weight_factors");
    for (std::size_t k = 0; k < factors.size(); ++k) {
        const std::string path = "synapses.weight_factors[" + std::to_string(k) + "]";
        r.only(factors[k], path, {"target", "source", "factor"});
        spec.weight_factors.push_back({r.text(factors[k], path, "target", "", true), r.text(factors[k], path, "source", "", true),
                                       r.number(factors[k], path, "factor", 1.0)});
    }
}

void read_thalamus(const Reader& r, const Json& t, PointRecipe& recipe) {
    r.only(t, "thalamus", {"enabled", "size", "probability", "rate", "start", "duration", "psp", "delay_mean", "delay_rel_sd"});
    builder::PointThalamus& th = recipe.spec.thalamus;
    recipe.options.thalamus = r.flag(t, "thalamus", "enabled", false);
    th.size = whole(r, t, "thalamus", "size", 0);
    if (t.contains("probability")) th.probability = numbers(r, t["probability"], "thalamus.probability");
    th.rate = r.number(t, "thalamus", "rate", th.rate);
    th.start = r.number(t, "thalamus", "start", th.start);
    th.duration = r.number(t, "thalamus", "duration", th.duration);
    th.psp = r.number(t, "thalamus", "psp", th.psp);
    th.delay_mean = r.number(t, "thalamus", "delay_mean", th.delay_mean);
    th.delay_rel_sd = r.number(t, "thalamus", "delay_rel_sd", th.delay_rel_sd);
}

}  // namespace

bool is_point_recipe_text(const std::string& text) {
    try {
        const Json root = Json::parse(text, nullptr, false);
        return root.is_object() && root.contains("kind") && root["kind"] == "point_microcircuit";
    } catch (const Json::exception&) {
        return false;
    }
}

PointRecipe parse_point_recipe(const std::string& text, const std::string& name) {
    const Json root = parse_json(text, name);
    const Reader r(name);
    r.only(root, "", {"kind", "name", "reference", "neuron", "populations", "probability", "synapses", "background",
                      "initial_membrane", "thalamus", "build", "layers", "side"});
    if (r.text(root, "", "kind", "", true) != "point_microcircuit")
        r.fail("kind", "must be \"point_microcircuit\" in a point-neuron recipe");
    PointRecipe recipe;
    PointMicrocircuitSpec& spec = recipe.spec;
    spec.name = r.text(root, "", "name", "");
    if (!root.contains("neuron")) r.fail("neuron", "missing");
    read_neuron(r, root["neuron"], spec);
    if (!root.contains("populations")) r.fail("populations", "missing");
    read_populations(r, r.list(root, "", "populations"), spec);
    const Json& rows = r.list(root, "", "probability");
    for (std::size_t t = 0; t < rows.size(); ++t) spec.probability.push_back(numbers(r, rows[t], "probability[" + std::to_string(t) + "]"));
    if (root.contains("synapses")) read_synapses(r, root["synapses"], spec);
    if (root.contains("background")) {
        const Json& b = root["background"];
        r.only(b, "background", {"rate", "drive"});
        spec.background_rate = r.number(b, "background", "rate", spec.background_rate);
        const std::string drive = r.text(b, "background", "drive", "poisson");
        if (drive != "poisson" && drive != "dc") r.fail("background.drive", "'" + drive + "' is not poisson or dc");
        recipe.options.drive = drive == "dc" ? builder::BackgroundDrive::dc : builder::BackgroundDrive::poisson;
    }
    if (root.contains("initial_membrane")) {
        const Json& v = root["initial_membrane"];
        r.only(v, "initial_membrane", {"mean", "sd"});
        spec.v0_mean = r.number(v, "initial_membrane", "mean", spec.v0_mean);
        spec.v0_sd = r.number(v, "initial_membrane", "sd", spec.v0_sd);
    }
    if (root.contains("thalamus")) read_thalamus(r, root["thalamus"], recipe);
    const Json& layers = r.list(root, "", "layers");
    for (std::size_t k = 0; k < layers.size(); ++k) {
        const std::string path = "layers[" + std::to_string(k) + "]";
        r.only(layers[k], path, {"name", "thickness"});
        spec.layers.push_back({r.text(layers[k], path, "name", "", true), r.number(layers[k], path, "thickness", 0.0)});
    }
    spec.side = r.number(root, "", "side", spec.side);
    if (root.contains("build")) {
        const Json& b = root["build"];
        r.only(b, "build", {"scale", "in_degree_scale", "seed"});
        recipe.options.scale = r.number(b, "build", "scale", recipe.options.scale);
        recipe.options.in_degree_scale = r.number(b, "build", "in_degree_scale", recipe.options.in_degree_scale);
        recipe.options.seed = whole(r, b, "build", "seed", recipe.options.seed);
    }
    try {
        builder::validate(spec);
        if (!(recipe.options.scale > 0 && recipe.options.scale <= 1))
            throw InvalidArgument("build.scale must be in (0, 1], got " + readable_number(recipe.options.scale));
        if (!(recipe.options.in_degree_scale > 0 && recipe.options.in_degree_scale <= 1))
            throw InvalidArgument("build.in_degree_scale must be in (0, 1], got " +
                                  readable_number(recipe.options.in_degree_scale));
    } catch (const InvalidArgument& e) {
        throw FileError(name, 0, e.what());
    }
    return recipe;
}

PointRecipe read_point_recipe(const std::filesystem::path& path) {
    return parse_point_recipe(read_recipe_text(path), path.string());
}

}  // namespace lamina::io
