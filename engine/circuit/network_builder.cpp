#include "engine/circuit/network_builder.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "engine/circuit/node_sets.h"
#include "engine/circuit/neuron_names.h"
#include "engine/errors.h"
#include "engine/sim/mechanism.h"
#include "engine/sim/random.h"

namespace lamina::circuit {

namespace {

constexpr double max_synapses_per_edge = 10000;  // nsyns of one edge placed by rule
constexpr double max_synapses = 1e8;             // in the whole network

// The trains of one spike input onto the virtual nodes its node set selects. Spikes
// of nodes outside the population are errors; of nodes outside the node set, a
// warning (they are not delivered).
using GidOf = std::function<sim::Gid(const std::string&, std::uint64_t)>;

void wire_spike_input(const Circuit& circuit, const SimulationSetup& setup, const SpikeInput& input,
                      const std::vector<char>& is_cell, const GidOf& gid_of,
                      std::map<sim::Gid, const std::vector<double>*>& trains, BuiltNetwork& built) {
    const std::string what = "input '" + input.name + "' (" + input.file + ")";
    const NodePopulation* population = circuit.node_population(input.population);
    if (!population)
        throw InvalidArgument(what + ": its spikes are of population '" + input.population +
                              "', which the circuit does not have");
    for (const auto& [node, times] : input.trains)
        if (node >= population->size())
            throw InvalidArgument(what + ": node id " + std::to_string(node) + " is outside population '" +
                                  population->name + "' (" + std::to_string(population->size()) + " nodes)");
    std::size_t delivered = 0;
    for (const auto& selection : select_nodes(circuit, setup.node_sets, input.node_set)) {
        if (selection.population != population) continue;
        for (std::uint64_t node : selection.ids) {
            const sim::Gid gid = gid_of(population->name, node);
            const auto it = input.trains.find(node);
            if (it == input.trains.end()) continue;
            if (is_cell[gid])
                throw InvalidArgument(what + ": node " + population->name + ":" + std::to_string(node) +
                                      " is a cell, not a virtual node; spike inputs drive virtual nodes only");
            trains[gid] = &it->second;
            ++delivered;
        }
    }
    if (delivered < input.trains.size())
        built.warnings.push_back(what + ": " + std::to_string(input.trains.size() - delivered) + " of " +
                                 std::to_string(input.trains.size()) + " nodes with spikes are not in node set '" +
                                 input.node_set + "'; their spikes are not delivered");
}

std::string node_name(const std::string& population, std::uint64_t node) {
    return population + ":" + std::to_string(node);
}

double section_length(const sim::SectionGeometry& g) {
    double length = 0;
    for (std::size_t i = 1; i < g.points.size(); ++i) {
        const double dx = g.points[i].x - g.points[i - 1].x, dy = g.points[i].y - g.points[i - 1].y,
                     dz = g.points[i].z - g.points[i - 1].z;
        length += std::sqrt(dx * dx + dy * dy + dz * dz);
    }
    return length;
}

// A synapse or clamp to place on a cell, with a key that orders them (so cells with the
// same placements share one description). Equal ones stay separate placements: the
// simulator coalesces those of linear synapses itself, and never two clamps.
struct Placement {
    sim::Location where;
    std::string mechanism;
    std::map<std::string, double> parameters;
    std::string key() const {
        std::ostringstream out;
        out.precision(17);
        out << mechanism << '|' << where.section << '|' << where.x;
        for (const auto& [name, value] : parameters) out << '|' << name << '=' << value;
        return out.str();
    }
};

// "['basal', 'apical']", "basal,apical" or "dend" -> region names the engine knows.
std::vector<std::string> parse_regions(const std::string& text) {
    std::vector<std::string> regions;
    std::string word;
    auto flush = [&] {
        if (word.empty()) return;
        static const std::map<std::string, std::string> aliases = {
            {"basal", "dend"}, {"apical", "apic"}, {"somatic", "soma"}, {"axonal", "axon"}};
        const auto it = aliases.find(word);
        regions.push_back(it == aliases.end() ? word : it->second);
        word.clear();
    };
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') word += c;
        else flush();
    }
    flush();
    return regions;
}

// Numbers in a text attribute ("[0, 150.5]"); a token that is no number throws with
// `what` naming the edge.
std::vector<double> parse_numbers(const std::string& text, const std::string& what) {
    std::vector<double> numbers;
    std::string token;
    auto flush = [&] {
        if (token.empty()) return;
        char* end = nullptr;
        const double v = std::strtod(token.c_str(), &end);
        if (end != token.c_str() + token.size() || !std::isfinite(v))
            throw InvalidArgument(what + ": '" + token + "' in '" + text + "' is not a finite number");
        numbers.push_back(v);
        token.clear();
    };
    for (char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')
            token += c;
        else flush();
    }
    flush();
    return numbers;
}

// Path distance [µm] from the soma centre to x = 0 of each section.
std::vector<double> section_start_distances(const sim::CellDescription& cell) {
    const auto& sections = cell.sections();
    std::vector<double> start(sections.size(), 0.0), length(sections.size());
    for (std::size_t s = 0; s < sections.size(); ++s) length[s] = section_length(sections[s]);
    for (std::size_t s = 0; s < sections.size(); ++s) {
        const auto p = sections[s].parent;
        if (p < 0) {
            start[s] = sections[s].type == SectionType::soma ? -0.5 * length[s] : 0.0;
            continue;
        }
        const auto ps = static_cast<std::size_t>(p);
        const double at = start[ps] + sections[s].parent_x * length[ps];
        start[s] = sections[ps].type == SectionType::soma ? std::abs(at) : at;
    }
    return start;
}

// Synapse locations for an edge without explicit ones: uniformly over the membrane of
// the target regions within the path-distance range, from the edge's own random stream.
std::vector<sim::Location> place_by_rule(const sim::CellDescription& cell, const std::vector<std::string>& regions,
                                         double near, double far, std::size_t count, std::uint64_t stream,
                                         const std::string& what) {
    const auto start = section_start_distances(cell);
    struct Interval {
        std::uint32_t section;
        double x0, x1, length;
    };
    std::vector<Interval> eligible;
    double total = 0;
    std::set<std::uint32_t> sections;
    for (const auto& region : regions)
        for (auto s : cell.region_sections(region)) sections.insert(s);
    for (auto s : sections) {
        const double length = section_length(cell.sections()[s]);
        if (length <= 0) continue;
        const double x0 = std::clamp((near - start[s]) / length, 0.0, 1.0);
        const double x1 = std::clamp((far - start[s]) / length, 0.0, 1.0);
        if (x1 <= x0) continue;
        eligible.push_back({s, x0, x1, (x1 - x0) * length});
        total += (x1 - x0) * length;
    }
    if (eligible.empty() || total <= 0)
        throw InvalidArgument(what + ": no membrane in the target sections within " + std::to_string(near) + "-" +
                              std::to_string(far) + " µm of the soma");
    std::vector<sim::Location> out;
    constexpr std::uint64_t seed = 0x53594e41505345ULL;  // fixed: placement depends on the edge only
    for (std::size_t k = 0; k < count; ++k) {
        double u = sim::uniform_open(seed, stream, k) * total;
        const Interval* pick = &eligible.back();
        for (const auto& iv : eligible) {
            if (u < iv.length) {
                pick = &iv;
                break;
            }
            u -= iv.length;
        }
        out.push_back({pick->section, pick->x0 + (pick->x1 - pick->x0) * std::min(1.0, u / pick->length)});
    }
    return out;
}

struct Cells {
    std::vector<std::shared_ptr<const sim::CellDescription>> base_of;  // per gid; null for virtual nodes
    std::vector<char> is_cell;  // receives synapses: a cable cell or a point neuron
    std::vector<std::optional<sim::PointNeuron>> point_of;  // per gid: the point neuron it is
    // Whether afferent_section_id counts the morphology's sections (Blue Brain's and
    // BluePyOpt's convention, for e-model cells) rather than the cell's own after its
    // model replaced the axon (BMTK's, for Allen cells).
    std::vector<char> morphology_numbering;
};

struct Pending {
    sim::Gid source, target;
    std::size_t placement;  // index into placements[target] before sorting, or point_input
    double weight, delay;
};
constexpr std::size_t point_input = static_cast<std::size_t>(-1);  // a point neuron's one input

// What goes on each cell (synapses, clamps) and the connections onto them.
struct Plan {
    std::vector<std::vector<Placement>> placements;  // per gid
    std::vector<Pending> pending;
    // "population: attribute (mechanism has no such parameter)" for edge attributes of the
    // synapse model that had no effect, for the log.
    std::set<std::string> ignored;
};

// The edge's synapse weight [µS]: syn_weight, or Blue Brain's `conductance` [nS].
double edge_weight(const EdgePopulation& e, std::uint64_t k, const std::string& what) {
    std::optional<double> weight = e.number("syn_weight", k);
    const char* attribute = "syn_weight";
    if (!weight) {
        attribute = "conductance";
        if (const auto nS = e.number("conductance", k)) weight = *nS * 1e-3;
    }
    if (!weight) throw InvalidArgument(what + ": no syn_weight (or conductance)");
    if (!std::isfinite(*weight))
        throw InvalidArgument(what + ": " + attribute + " must be a finite number, got " + readable_number(*weight));
    return *weight;
}

// The synapse parameters an edge sets through its own attributes (u_syn, depression_time,
// ...), checked against each parameter's range.
void apply_edge_parameters(const EdgePopulation& e, std::uint64_t k, const std::string& mechanism,
                           std::map<std::string, double>& parameters, std::set<std::string>& ignored,
                           const std::string& what) {
    const sim::MechanismInfo& info = sim::mechanism_info(mechanism);
    for (const EdgeParameter& attribute : edge_parameters()) {
        const auto value = e.number(attribute.attribute, k);
        if (!value) continue;
        const sim::ParameterInfo* spec = edge_parameter_target(attribute, info);
        if (!spec) {
            ignored.insert(e.name + ": " + attribute.attribute + " (" + mechanism + " has no " + attribute.parameters[0] + ")");
            continue;
        }
        if (!std::isfinite(*value) || *value < spec->minimum)
            throw InvalidArgument(what + ": " + attribute.attribute + " (" + mechanism + "." + spec->name + ") must be " +
                                  (spec->minimum > -1e300 ? "a finite number >= " + readable_number(spec->minimum)
                                                          : std::string("a finite number")) +
                                  ", got " + readable_number(*value));
        parameters[spec->name] = *value;
    }
}

// Phase 2: a description for every cell: one per distinct (model type, morphology,
// model), copied where the node's own dynamics_params override the model. One error
// lists every mechanism the engine lacks.
struct Base {
    std::shared_ptr<sim::CellDescription> cell;
    std::set<std::string> lacking;  // mechanisms the engine does not have
    bool emodel = false;
};

// What a node's model_processing asks for: Lamina's own reading of the model, or Allen's
// perisomatic processing (axon stub, nseg by length). Processing Lamina cannot honour
// is an error naming the node and value.
bool allen_processing(const std::string& processing, const std::string& who) {
    if (processing.empty()) return false;
    if (processing == "aibs_perisomatic" || processing == "aibs_allactive") return true;
    throw InvalidArgument(who + ": model_processing '" + processing +
                          "' is not one Lamina knows (aibs_perisomatic, aibs_allactive)");
}

// An e-model's globals are the run's in Lamina (one temperature, one v_init per run):
// a model fitted at other values than the run's is refused rather than run wrongly.
void check_emodel_globals(const EModel& model, const SimulationSetup& setup, const std::string& who) {
    const auto differs = [](std::optional<double> model_value, double run) {
        return model_value && std::abs(*model_value - run) > 1e-9;
    };
    if (differs(model.celsius, setup.run.celsius))
        throw InvalidArgument(who + ": its e-model " + model.file + " sets celsius " + readable_number(*model.celsius) +
                              " but the run's conditions.celsius is " + readable_number(setup.run.celsius) +
                              " (set conditions.celsius to " + readable_number(*model.celsius) + ")");
    if (differs(model.v_init, setup.run.v_init))
        throw InvalidArgument(who + ": its e-model " + model.file + " sets v_init " + readable_number(*model.v_init) +
                              " mV but the run's conditions.v_init is " + readable_number(setup.run.v_init) +
                              " (set conditions.v_init to " + readable_number(*model.v_init) + ")");
}

// The model a node's dynamics_params or NeuroML model_template names, or null.
const BiophysicalModel* node_model(const std::string& dynamics, const std::string& neuroml, const ModelFiles& files,
                                   const std::string& who) {
    if (!neuroml.empty()) {
        if (!dynamics.empty())
            throw InvalidArgument(who + ": both a NeuroML model_template (" + neuroml + ") and dynamics_params (" + dynamics +
                                  ") give its model: give one");
        if (!files.neuroml) throw InvalidArgument(who + ": NeuroML model templates (" + neuroml + ") cannot be read here");
        return &files.neuroml(neuroml);
    }
    return dynamics.empty() ? nullptr : &files.biophysics(dynamics);
}

// The NeuroML file a node's model_template names ("nml:Cell_1.cell.nml"), or "" for the
// templates that mean "build from the morphology and dynamics_params" (none, or
// Allen's "ctdb:Biophys1.hoc"). Others (hoc, python templates) cannot run here.
std::string neuroml_template(const std::string& model_template, const std::string& who) {
    if (model_template.rfind("nml:", 0) == 0) return model_template.substr(4);
    if (model_template.empty() || model_template.rfind("ctdb:", 0) == 0) return {};
    throw InvalidArgument(who + ": model_template '" + model_template +
                          "' is not one Lamina can build (nml:FILE for a NeuroML cell, ctdb:Biophys1.hoc or none for "
                          "the morphology with its dynamics_params)");
}

// A node's model as a cell: its morphology (or the single compartment its model gives),
// its biophysics, nseg by dL and the spike detector at the soma.
Base base_cell(const std::string& type, const std::string& morphology, const BiophysicalModel* model, bool allen,
               const SimulationSetup& setup, const ModelFiles& files, const std::string& who) {
    Base base{std::make_shared<sim::CellDescription>(), {}};
    sim::CellDescription& cell = *base.cell;
    if (type == "biophysical") {
        if (morphology.empty()) throw InvalidArgument(who + ": a biophysical node needs a morphology");
        cell = sim::CellDescription::from_morphology(*files.morphology(morphology));
    } else {
        if (model && model->emodel)
            throw InvalidArgument(who + ": an e-model (" + model->file + ") needs a morphology: use model_type biophysical");
        if (!model || !model->length || !model->diameter)
            throw InvalidArgument(who + ": a single_compartment model needs L and diam in its dynamics_params");
        cell.add_cylinder("soma", SectionType::soma, *model->length, *model->diameter);
    }
    if (model && model->emodel) {
        // The e-model prepares the morphology itself (axon stub, nseg by length).
        check_emodel_globals(*model->emodel, setup, who);
        try {
            apply_emodel(*model->emodel, cell);
        } catch (const InvalidArgument& e) {
            throw InvalidArgument(who + ": " + e.what());
        }
        cell.set_detector({0, 0.5}, setup.run.spike_threshold);
        base.emodel = true;
        return base;
    }
    if (allen && type == "biophysical") {
        cell.replace_axon_with_stub();
        cell.set_nseg_by_length();
    }
    if (model) apply_biophysics(*model, cell, base.lacking);
    if (setup.run.dL && !allen)
        for (std::uint32_t s = 0; s < cell.sections().size(); ++s)
            cell.set_section_nseg(
                s, std::max(1, static_cast<int>(std::ceil(section_length(cell.sections()[s]) / *setup.run.dL))));
    cell.set_detector({0, 0.5}, setup.run.spike_threshold);
    return base;
}

// The node's own values in its population's dynamics_params group ("gnabar_hh") on a
// copy of its base; the base itself when it has none.
std::shared_ptr<const sim::CellDescription> with_node_values(const NodePopulation& p, std::uint64_t i,
                                                             const std::shared_ptr<sim::CellDescription>& base,
                                                             const std::string& who) {
    std::shared_ptr<sim::CellDescription> own;
    for (const auto& [column, values] : p.attributes) {
        if (column.rfind("dynamics_params/", 0) != 0 || values.is_text || std::isnan(values.numbers[i])) continue;
        const std::string name = column.substr(16);
        const NeuronName split = split_neuron_name(name);
        if (split.mechanism.empty())
            throw InvalidArgument(who + ": dynamics_params/" + name + " names no mechanism (use parameter_mechanism)");
        if (!own) own = std::make_shared<sim::CellDescription>(*base);
        if (own->set_painted_parameter(split.mechanism, split.variable, values.numbers[i]) == 0)
            throw InvalidArgument(who + ": dynamics_params/" + name + " sets a parameter of " + split.mechanism +
                                  ", which the cell's model does not insert");
    }
    if (own) return own;
    return base;
}

// One error for every mechanism the engine lacks, naming a cell that needs each.
void refuse_missing(const std::map<std::string, std::vector<std::string>>& missing) {
    if (missing.empty()) return;
    std::string message = "the engine has no mechanism";
    for (const auto& [m, cells] : missing) {
        message += " '" + m + "' (needed by " + cells.front();
        if (cells.size() > 1) message += " and " + std::to_string(cells.size() - 1) + " more cells";
        message += "),";
    }
    std::string available;
    for (const auto& n : sim::mechanism_names()) available += (available.empty() ? "" : ", ") + n;
    message.pop_back();
    throw InvalidArgument(message + "; the engine has: " + available);
}

// A point_neuron node: NEST's model ("nest:iaf_psc_exp") or NEURON's artificial cell
// ("nrn:IntFire1") by its model_template, its parameters from its dynamics_params file.
sim::PointNeuron point_neuron(const NodePopulation& p, std::uint64_t i, const ModelFiles& files, const std::string& who) {
    const std::string model_template = p.text("model_template", i);
    const auto colon = model_template.find(':');
    const std::string simulator = colon == std::string::npos ? std::string() : model_template.substr(0, colon);
    const std::string model = colon == std::string::npos ? std::string() : model_template.substr(colon + 1);
    std::string known;
    bool found = false;
    for (const std::string& name : sim::point_model_names()) {
        const std::string prefix = name.rfind("IntFire", 0) == 0 ? "nrn" : "nest";
        known += (known.empty() ? "" : ", ") + prefix + ":" + name;
        found = found || (simulator == prefix && model == name);
    }
    if (!found)
        throw InvalidArgument(who + ": point-neuron model_template '" + model_template + "' is not one the engine has (" +
                              known + ")");
    const std::string dynamics = p.text("dynamics_params", i);
    const PointNeuronModel* parameters = dynamics.empty() || !files.point_neuron ? nullptr : &files.point_neuron(dynamics);
    try {
        return sim::make_point_neuron(model, parameters ? parameters->parameters : std::map<std::string, double>{});
    } catch (const InvalidArgument& e) {
        throw InvalidArgument(who + (parameters ? " (" + parameters->file + ")" : std::string()) + ": " + e.what());
    }
}

Cells make_cells(const Circuit& circuit, const SimulationSetup& setup, const ModelFiles& files, const GidOf& gid_of,
                 std::size_t total) {
    Cells out;
    out.base_of.resize(total);
    out.is_cell.assign(total, 0);
    out.morphology_numbering.assign(total, 0);
    out.point_of.resize(total);
    std::map<std::string, Base> bases;
    std::map<std::string, sim::PointNeuron> points;
    std::map<std::string, std::vector<std::string>> missing;  // mechanism -> cells needing it
    for (const NodePopulation& p : circuit.nodes) {
        for (std::uint64_t i = 0; i < p.size(); ++i) {
            const std::string type = p.text("model_type", i);
            const std::string who = "node " + node_name(p.name, i);
            if (type == "virtual") continue;
            if (type == "point_neuron" || type == "point_process") {
                // Once per model and parameters file: a population shares a few of them.
                const std::string key = p.text("model_template", i) + '\n' + p.text("dynamics_params", i);
                auto it = points.find(key);
                if (it == points.end()) it = points.emplace(key, point_neuron(p, i, files, who)).first;
                out.point_of[gid_of(p.name, i)] = it->second;
                out.is_cell[gid_of(p.name, i)] = 1;
                continue;
            }
            if (type != "biophysical" && type != "single_compartment")
                throw InvalidArgument(who + ": model_type '" + type +
                                      "' is not supported (biophysical, single_compartment, point_neuron, point_process "
                                      "or virtual)");
            const std::string morphology = p.text("morphology", i), dynamics = p.text("dynamics_params", i);
            const bool allen = allen_processing(p.text("model_processing", i), who);
            const std::string neuroml = neuroml_template(p.text("model_template", i), who);
            const std::string key = type + '\n' + morphology + '\n' + dynamics + '\n' + neuroml + (allen ? "\nallen" : "");
            auto it = bases.find(key);
            if (it == bases.end()) {
                const BiophysicalModel* model = node_model(dynamics, neuroml, files, who);
                it = bases.emplace(key, base_cell(type, morphology, model, allen, setup, files, who)).first;
            }
            for (const auto& m : it->second.lacking) missing[m].push_back(node_name(p.name, i));
            out.base_of[gid_of(p.name, i)] = with_node_values(p, i, it->second.cell, who);
            out.is_cell[gid_of(p.name, i)] = 1;
            out.morphology_numbering[gid_of(p.name, i)] = it->second.emodel;
        }
    }
    refuse_missing(missing);
    return out;
}

// Where edge k of population ep puts its synapses on `cell`: its afferent section and
// position, or by rule (target sections, distance range, nsyns) from its own stream.
std::vector<sim::Location> edge_locations(const EdgePopulation& e, std::size_t ep, std::uint64_t k,
                                          const sim::CellDescription& cell, bool morphology_numbering,
                                          const std::string& target, const std::string& what) {
    if (const auto section = e.number("afferent_section_id", k)) {
        const double x = e.number("afferent_section_pos", k).value_or(0.5);
        if (!(x >= 0 && x <= 1))
            throw InvalidArgument(what + ": afferent_section_pos must be in [0, 1], got " + readable_number(x));
        if (*section != std::floor(*section))
            throw InvalidArgument(what + ": afferent_section_id must be a whole number, got " + readable_number(*section));
        // With an e-model the id counts the morphology's sections, and the stub axon
        // renumbered the cell's: the id is mapped.
        const std::size_t count = morphology_numbering ? cell.original_section_count() : cell.sections().size();
        if (*section < 0 || *section >= static_cast<double>(count))
            throw InvalidArgument(what + ": afferent_section_id " + readable_number(*section) + " does not exist on " +
                                  target + " (" + std::to_string(count) + " sections)");
        const auto id = static_cast<std::uint32_t>(*section);
        const std::int64_t present = morphology_numbering ? cell.section_from_original(id) : std::int64_t{id};
        if (present < 0)
            throw InvalidArgument(what + ": afferent_section_id " + readable_number(*section) + " on " + target +
                                  " is an axon section, which the cell's model replaces by a stub axon");
        return {{static_cast<std::uint32_t>(present), x}};
    }
    const auto range = parse_numbers(e.text("distance_range", k, "[0, 1e9]"), what + ": distance_range");
    const auto regions = parse_regions(e.text("target_sections", k, "dend"));
    if (range.size() != 2 || !(range[0] <= range[1]))
        throw InvalidArgument(what + ": distance_range must be two numbers [near, far] with near <= far, got '" +
                              e.text("distance_range", k) + "'");
    const double count = e.number("nsyns", k).value_or(1.0);
    if (!(count >= 1 && count <= max_synapses_per_edge) || count != std::floor(count))
        throw InvalidArgument(what + ": nsyns must be a whole number in [1, " + readable_number(max_synapses_per_edge) +
                              "], got " + readable_number(count));
    return place_by_rule(cell, regions, range[0], range[1], static_cast<std::size_t>(count),
                         (static_cast<std::uint64_t>(ep) << 40) ^ k, what);
}

// Phase 3: a synapse placement and a connection per edge (or per synapse, for edges
// placed by rule).
void place_synapses(const Circuit& circuit, const ModelFiles& files, const GidOf& gid_of, const Cells& cells,
                    Plan& plan) {
    const auto& base_of = cells.base_of;
    const auto& is_cell = cells.is_cell;
    auto& placements = plan.placements;
    auto& pending = plan.pending;
    for (std::size_t ep = 0; ep < circuit.edges.size(); ++ep) {
        const EdgePopulation& e = circuit.edges[ep];
        const NodePopulation& targets = *circuit.node_population(e.target_population);
        for (std::uint64_t k = 0; k < e.size(); ++k) {
            const std::string what = "edge " + std::to_string(k) + " of '" + e.name + "'";
            const sim::Gid target = gid_of(e.target_population, e.target[k]);
            if (!is_cell[target])
                throw InvalidArgument(what + ": target " + node_name(targets.name, e.target[k]) +
                                      " is a virtual node (only cells receive synapses)");
            const double weight = edge_weight(e, k, what);
            const auto delay = e.number("delay", k);
            if (!delay || !(*delay > 0 && *delay <= max_run_time))
                throw InvalidArgument(what + ": delay must be in (0, " + readable_number(max_run_time) + "] ms, got " +
                                      (delay ? readable_number(*delay) : std::string("none")));
            if (cells.point_of[target]) {
                // A point neuron's one input: the weight [pA] times the edge's synapses
                // (nsyns), its sign choosing the receptor, as NEST takes it.
                const double count = e.number("nsyns", k).value_or(1.0);
                if (!(count >= 0 && count <= max_synapses_per_edge) || count != std::floor(count))
                    throw InvalidArgument(what + ": nsyns must be a whole number in [0, " +
                                          readable_number(max_synapses_per_edge) + "], got " + readable_number(count));
                if (count > 0)
                    pending.push_back({gid_of(e.source_population, e.source[k]), target, point_input, weight * count, *delay});
                continue;
            }
            const std::string dynamics = e.text("dynamics_params", k);
            const SynapseModel* model = dynamics.empty() ? nullptr : &files.synapse(dynamics);
            std::string mechanism = synapse_mechanism(e.text("model_template", k));
            if (mechanism.empty() && model && model->parameters.count("tau1")) mechanism = "Exp2Syn";
            if (mechanism.empty())
                throw InvalidArgument(what + ": synapse model_template '" + e.text("model_template", k) +
                                      "' is not one the engine has (exp2syn, expsyn, or a catalogue synapse such as "
                                      "ProbAmpaNmda)");
            Placement placement{{0, 0.5}, mechanism, model ? synapse_parameters(mechanism, *model) : std::map<std::string, double>{}};
            apply_edge_parameters(e, k, mechanism, placement.parameters, plan.ignored, what);
            const auto locations =
                edge_locations(e, ep, k, *base_of[target], cells.morphology_numbering[target], node_name(targets.name, e.target[k]),
                               what);
            const sim::Gid source = gid_of(e.source_population, e.source[k]);
            if (pending.size() + locations.size() > max_synapses)
                throw InvalidArgument(what + ": the circuit places more than " + readable_number(max_synapses) +
                                      " synapses; Lamina simulates at most that many");
            for (const auto& where : locations) {
                placement.where = where;
                placements[target].push_back(placement);
                pending.push_back({source, target, placements[target].size() - 1, weight, *delay});
            }
        }
    }
}

// Phase 4: the current clamps of the inputs, a placement per pulse.
void place_clamps(const Circuit& circuit, const SimulationSetup& setup, const GidOf& gid_of, const Cells& cells,
                  Plan& plan) {
    const auto& base_of = cells.base_of;
    const auto& is_cell = cells.is_cell;
    auto& placements = plan.placements;
    for (const CurrentClamp& clamp : setup.current_clamps) {
        const std::size_t pulses = std::max({clamp.amp.size(), clamp.delay.size(), clamp.duration.size()});
        auto pick = [&](const std::vector<double>& v, std::size_t k, const char* name) {
            if (v.size() == 1) return v[0];
            if (v.size() != pulses)
                throw InvalidArgument("input '" + clamp.name + "': " + name + " has " + std::to_string(v.size()) +
                                      " values for " + std::to_string(pulses) + " pulses");
            return v[k];
        };
        std::size_t clamped = 0;
        for (const auto& selection : select_nodes(circuit, setup.node_sets, clamp.node_set))
            for (std::uint64_t node : selection.ids) {
                const sim::Gid gid = gid_of(selection.population->name, node);
                if (!is_cell[gid]) continue;
                if (cells.point_of[gid])
                    throw InvalidArgument("input '" + clamp.name + "': node " + node_name(selection.population->name, node) +
                                          " is a point neuron; current clamps go onto biophysical or single-compartment "
                                          "nodes (a point neuron's constant current is its I_e)");
                ++clamped;
                const auto sections = base_of[gid]->region_sections(clamp.section);
                if (sections.empty())
                    throw InvalidArgument("input '" + clamp.name + "': no section '" + clamp.section + "' on " +
                                          node_name(selection.population->name, node));
                for (std::size_t k = 0; k < pulses; ++k)
                    placements[gid].push_back({{sections.front(), clamp.x},
                                               "IClamp",
                                               {{"amp", pick(clamp.amp, k, "amp")},
                                                {"del", pick(clamp.delay, k, "delay")},
                                                {"dur", pick(clamp.duration, k, "duration")}}});
            }
        if (clamped == 0)
            throw InvalidArgument("input '" + clamp.name + "': node set '" + clamp.node_set +
                                  "' selects no cell (a clamp needs biophysical or single-compartment nodes)");
    }

}

// Phase 6: the network in gid order. A cell's description is its base, or the base plus
// its placements in key order; cells with the same base and placements share one (and
// can be interleaved). Virtual nodes become spike sources.
void assemble(const Cells& cells, const Plan& plan, const std::map<sim::Gid, const std::vector<double>*>& trains,
              BuiltNetwork& built) {
    const auto& base_of = cells.base_of;
    const auto& is_cell = cells.is_cell;
    const auto& placements = plan.placements;
    const sim::Gid next = static_cast<sim::Gid>(base_of.size());
    std::map<std::string, std::shared_ptr<const sim::CellDescription>> shared;
    std::vector<std::vector<std::uint32_t>> slot(next);  // placement -> index on the cell
    for (sim::Gid g = 0; g < next; ++g) {
        if (!is_cell[g]) {
            sim::SpikeSource source;
            source.kind = sim::SpikeSource::Kind::explicit_times;
            if (const auto it = trains.find(g); it != trains.end()) {
                source.times = *it->second;
                std::sort(source.times.begin(), source.times.end());
            }
            built.network.add_spike_source(std::move(source));
            continue;
        }
        if (cells.point_of[g]) {
            built.network.add_point_neuron(*cells.point_of[g]);
            continue;
        }
        auto& list = placements[g];
        if (list.empty()) {
            built.network.add_cell(base_of[g]);
            continue;
        }
        std::vector<std::string> keys(list.size());
        for (std::size_t i = 0; i < list.size(); ++i) keys[i] = list[i].key();
        std::vector<std::uint32_t> order(list.size());
        for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
        slot[g].resize(list.size());
        std::vector<const Placement*> by_slot(list.size());
        for (std::uint32_t s = 0; s < order.size(); ++s) {
            slot[g][order[s]] = s;
            by_slot[s] = &list[order[s]];
        }
        std::ostringstream signature;
        signature << base_of[g].get();
        for (std::uint32_t i : order) signature << '\n' << keys[i];
        auto it = shared.find(signature.str());
        if (it == shared.end()) {
            auto cell = std::make_shared<sim::CellDescription>(*base_of[g]);
            for (const Placement* pl : by_slot) cell->place(pl->where, pl->mechanism, pl->parameters);
            it = shared.emplace(signature.str(), std::move(cell)).first;
        }
        built.network.add_cell(it->second);
    }
    for (const Pending& c : plan.pending)
        built.network.connect(
            {c.source, c.target, c.placement == point_input ? 0 : slot[c.target][c.placement], c.weight, c.delay});
}

}  // namespace

BuiltNetwork build_network(const Circuit& circuit, const SimulationSetup& setup, const ModelFiles& files) {
    circuit.check();
    BuiltNetwork built;
    built.options = setup.run;
    // Phase 1: gids, populations in circuit order and node ids in order.
    for (const NodePopulation& p : circuit.nodes) {
        bool all_virtual = p.size() > 0;
        for (std::uint64_t i = 0; i < p.size(); ++i) all_virtual = all_virtual && p.text("model_type", i) == "virtual";
        built.gids.add(p.name, p.size(), all_virtual);
    }
    std::map<std::string, sim::Gid, std::less<>> first_gid;
    for (const auto& range : built.gids.ranges()) first_gid[range.population] = range.first;
    const GidOf gid_of = [&](const std::string& population, std::uint64_t node) {
        return first_gid.at(population) + static_cast<sim::Gid>(node);
    };
    const Cells cells = make_cells(circuit, setup, files, gid_of, built.gids.size());
    Plan plan;
    plan.placements.resize(built.gids.size());
    place_synapses(circuit, files, gid_of, cells, plan);
    place_clamps(circuit, setup, gid_of, cells, plan);
    for (const std::string& attribute : plan.ignored) built.warnings.push_back("edge attribute " + attribute + " ignored");
    // Phase 5: spike trains of virtual nodes, from the spike inputs.
    std::map<sim::Gid, const std::vector<double>*> trains;
    for (const SpikeInput& input : setup.spike_inputs)
        wire_spike_input(circuit, setup, input, cells.is_cell, gid_of, trains, built);
    assemble(cells, plan, trains, built);
    return built;
}

}  // namespace lamina::circuit
