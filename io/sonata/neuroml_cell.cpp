#include "io/sonata/neuroml_cell.h"

#include <expat.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "engine/errors.h"
#include "io/file_util.h"

namespace lamina::io {

namespace {

// NeuroML's segment groups as the NEURON section lists Allen's models are written for.
const std::map<std::string, std::string> regions{
    {"soma", "soma"}, {"soma_group", "soma"}, {"axon", "axon"}, {"axon_group", "axon"},
    {"dend", "dend"}, {"dendrite_group", "dend"}, {"basal", "dend"}, {"basal_dendrite_group", "dend"},
    {"apic", "apic"}, {"apical", "apic"}, {"apical_dendrite_group", "apic"}, {"all", "all"}};

// Units of each quantity, as factors to the unit the engine takes.
struct Units {
    const char* quantity;
    std::vector<std::pair<std::string, double>> factors;
};
const Units conductance_density{"conductance density", {{"S_per_cm2", 1.0}, {"mS_per_cm2", 1e-3}, {"S_per_m2", 1e-4}}};
const Units voltage{"voltage", {{"mV", 1.0}, {"V", 1e3}}};
const Units capacitance{"specific capacitance", {{"uF_per_cm2", 1.0}, {"F_per_m2", 100.0}}};
const Units resistivity{"resistivity", {{"ohm_cm", 1.0}, {"kohm_cm", 1e3}, {"ohm_m", 100.0}}};
const Units time_units{"time", {{"ms", 1.0}, {"s", 1e3}}};
const Units concentration{"concentration", {{"mM", 1.0}, {"M", 1e3}, {"mol_per_m3", 1.0}, {"mol_per_cm3", 1e6}}};
const Units length{"length", {{"um", 1.0}, {"cm", 1e4}, {"m", 1e6}}};
// gamma (the fraction of calcium current not buffered) has no unit; BMTK's export
// writes it with "ms".
const Units fraction{"fraction", {{"ms", 1.0}}};

// NEURON's initial concentrations [mM] (cai0_ca_ion ...): the only ones the engine
// starts from today.
const std::map<std::string, std::pair<double, double>> neuron_concentrations{
    {"ca", {5e-5, 2.0}}, {"na", {10.0, 140.0}}, {"k", {54.4, 2.5}}};

struct ConcentrationModel {
    std::string mechanism;
    std::map<std::string, double> parameters;
    std::string region;  // its own segmentGroup (BMTK), or "" when species place it
    std::size_t line = 0;
    bool placed = false;
};

class Reader {
public:
    Reader(std::string file, const DiagnosticOptions& diagnostics) : file_(std::move(file)), diagnostics_(diagnostics) {
        model_.file = file_;
    }

    circuit::BiophysicalModel read() {
        const std::string text = read_file(file_);
        XML_Parser parser = XML_ParserCreate(nullptr);
        if (!parser) throw FileError(file_, 0, "could not start the XML reader");
        parser_ = parser;
        XML_SetUserData(parser, this);
        XML_SetElementHandler(parser, &Reader::start_thunk, &Reader::end_thunk);
        const auto status = XML_Parse(parser, text.data(), static_cast<int>(text.size()), XML_TRUE);
        const std::size_t line = XML_GetCurrentLineNumber(parser), column = XML_GetCurrentColumnNumber(parser) + 1;
        const std::string xml_error = status == XML_STATUS_ERROR ? XML_ErrorString(XML_GetErrorCode(parser)) : "";
        XML_ParserFree(parser);
        if (error_) throw FileError(file_, error_line_, *error_);
        if (!xml_error.empty()) throw FileError(file_, line, column, "not well-formed XML: " + xml_error);
        finish();
        return std::move(model_);
    }

private:
    static void start_thunk(void* self, const XML_Char* name, const XML_Char** attributes) {
        static_cast<Reader*>(self)->start(name, attributes);
    }
    static void end_thunk(void* self, const XML_Char*) { static_cast<Reader*>(self)->end(); }

    // Errors stop the parser (exceptions must not cross expat's C frames) and are thrown
    // once it returns.
    void fail(const std::string& message) {
        if (error_) return;
        error_ = message;
        error_line_ = XML_GetCurrentLineNumber(parser_);
        XML_StopParser(parser_, XML_FALSE);
    }

    void warn(const std::string& message) {
        diagnostics_.warn(WarningKind::ignored_data, file_, XML_GetCurrentLineNumber(parser_), message);
    }

    static std::string local(const std::string& name) {
        const auto colon = name.rfind(':');
        return colon == std::string::npos ? name : name.substr(colon + 1);
    }

    void start(const XML_Char* raw, const XML_Char** attributes) {
        const std::string element = local(raw);
        std::map<std::string, std::string> a;
        for (std::size_t k = 0; attributes[k]; k += 2) a[local(attributes[k])] = attributes[k + 1];
        const std::string parent = stack_.empty() ? "" : stack_.back();
        stack_.push_back(element);
        if (error_) return;
        if (parent.empty()) {
            if (element != "neuroml") fail("not a NeuroML document: its root element is <" + element + ">, not <neuroml>");
            return;
        }
        if (parent == "membraneProperties") return membrane(element, a);
        if (parent == "intracellularProperties") return intracellular(element, a);
        if (element == "cell") {
            if (++cells_ > 1) fail("a second <cell>: a model_template file must describe one cell");
        } else if (element == "biophysicalProperties") {
            if (++biophysics_ > 1) fail("a second <biophysicalProperties>: a model_template file must describe one cell");
        } else if (element == "concentrationModel") {
            concentration_model(a);
        } else if (element == "membraneProperties" || element == "intracellularProperties") {
            if (parent != "biophysicalProperties") fail("<" + element + "> outside <biophysicalProperties>");
        } else if (element == "include" || element.rfind("ionChannel", 0) == 0) {
            if (!warned_channels_)
                warn("channel definitions (<" + element + ">) are not read: channels come from the mod files, by their ionChannel name");
            warned_channels_ = true;
        } else if (element == "morphology") {
            warn("the cell's own <morphology> is not used: the node's morphology attribute gives it");
        } else if (parent == "neuroml" || parent == "cell") {
            if (element != "notes" && element != "annotation" && element != "property")
                warn("<" + element + "> is not used");
        }
    }

    void end() { stack_.pop_back(); }

    std::string required(const std::map<std::string, std::string>& a, const std::string& element, const std::string& key) {
        const auto found = a.find(key);
        if (found != a.end()) return found->second;
        fail("<" + element + "> needs the attribute " + key);
        return {};
    }

    std::string region(const std::map<std::string, std::string>& a, const std::string& element) {
        const auto found = a.find("segmentGroup");
        if (found == a.end()) return "all";
        const auto r = regions.find(found->second);
        if (r != regions.end()) return r->second;
        fail("<" + element + "> segmentGroup '" + found->second +
             "' is not a section list Lamina knows (soma, axon, dend, apic, all, or NeuroML's soma_group, axon_group, "
             "dendrite_group, basal_dendrite_group, apical_dendrite_group)");
        return {};
    }

    // "0.98 S_per_cm2", "-65mV"; a bare number is taken in NEURON's units (BMTK writes
    // some parameters that way).
    double quantity(const std::string& text, const Units& units, const std::string& element, const std::string& key,
                    bool bare_allowed = false) {
        const char* begin = text.c_str();
        char* end = nullptr;
        const double x = std::strtod(begin, &end);
        std::string unit(end == begin ? text : std::string(end));
        unit.erase(0, unit.find_first_not_of(" \t"));
        unit.erase(unit.find_last_not_of(" \t") + 1);
        const std::string where = "<" + element + "> " + key + " '" + text + "'";
        if (end == begin || !std::isfinite(x)) {
            fail(where + " is not a number with units");
            return 0.0;
        }
        if (unit.empty()) {
            if (&units == &fraction || bare_allowed) return x;
            fail(where + " has no unit (a " + std::string(units.quantity) + " needs one)");
            return 0.0;
        }
        for (const auto& [name, factor] : units.factors)
            if (name == unit) return x * factor;
        std::string known;
        for (const auto& [name, factor] : units.factors) known += (known.empty() ? "" : ", ") + name;
        fail(where + ": '" + unit + "' is not a unit of " + units.quantity + " (" + known + ")");
        return 0.0;
    }

    void membrane(const std::string& element, const std::map<std::string, std::string>& a) {
        if (element == "channelDensity" || element == "channelDensityNernst") return channel(element, a);
        if (element == "specificCapacitance") {
            const std::string r = region(a, element);
            const double cm = quantity(required(a, element, "value"), capacitance, element, "value");
            if (!error_ && (cm <= 0 || cm > 1e3)) fail("<specificCapacitance> value " + readable_number(cm) + " µF/cm² is outside (0, 1000]");
            model_.cm[r] = cm;
        } else if (element == "initMembPotential" || element == "spikeThresh") {
            // The run's conditions (v_init, spike_threshold) set these, as for Allen's
            // JSON files; the values are still checked.
            const double v = quantity(required(a, element, "value"), voltage, element, "value");
            if (!error_ && std::abs(v) > 200) fail("<" + element + "> value " + readable_number(v) + " mV is outside [-200, 200]");
            if (element == "initMembPotential") model_.v_init = v;
        } else {
            fail("<" + element + "> in <membraneProperties> is not supported (channelDensity, channelDensityNernst, "
                 "specificCapacitance, initMembPotential and spikeThresh are)");
        }
    }

    void channel(const std::string& element, const std::map<std::string, std::string>& a) {
        const std::string mechanism = required(a, element, "ionChannel");
        const std::string r = region(a, element);
        const std::string id = a.count("id") ? a.at("id") : "";
        const std::string ion = a.count("ion") ? a.at("ion") : "non_specific";
        const double g = quantity(required(a, element, "condDensity"), conductance_density, element, "condDensity", true);
        if (error_) return;
        // The NEURON name "gbar_Ih" (parameter_mechanism) when the id is one; gbar otherwise.
        const std::string suffix = "_" + mechanism;
        std::string name = "gbar_" + mechanism;
        if (id.size() > suffix.size() && id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0) name = id;
        else if (mechanism == "pas") name = "g_pas";
        model_.genome.push_back({r, name, mechanism, g});
        const auto erev = a.find("erev");
        if (erev == a.end()) return;
        if (element == "channelDensityNernst") return fail("<channelDensityNernst> takes no erev (the Nernst equation gives it)");
        const double e = quantity(erev->second, voltage, element, "erev");
        if (error_) return;
        if (std::abs(e) > 200) return fail("<" + element + "> erev " + readable_number(e) + " mV is outside [-200, 200]");
        if (mechanism == "pas") {
            model_.genome.push_back({r, "e_pas", "pas", e});
        } else if (neuron_concentrations.count(ion)) {
            // One reversal potential per ion and section, as in NEURON.
            const auto [it, fresh] = model_.erev[r].emplace("e" + ion, e);
            if (!fresh && it->second != e)
                fail("<" + element + "> erev " + readable_number(e) + " mV for " + ion + " on " + r + ", where an earlier channel set " +
                     readable_number(it->second) + " mV (a section has one e" + ion + ")");
        } else if (ion != "non_specific") {
            model_.genome.push_back({r, "e" + ion + "_" + mechanism, mechanism, e});  // ehcn of Ih
        } else if (!warned_nonspecific_.count(mechanism)) {
            warned_nonspecific_.insert(mechanism);
            warn("erev of " + mechanism + "'s non-specific current is not applied: its mod file's reversal parameter "
                 "(set it as a channelDensity of its own, like el_hh) gives it");
        }
    }

    void intracellular(const std::string& element, const std::map<std::string, std::string>& a) {
        if (element == "resistivity") {
            const double ra = quantity(required(a, element, "value"), resistivity, element, "value");
            if (!error_ && (ra <= 0 || ra > 1e7)) return fail("<resistivity> value " + readable_number(ra) + " Ω·cm is outside (0, 1e7]");
            const std::string r = region(a, element);
            if (r == "all") model_.ra = ra;
            else model_.genome.push_back({r, "Ra", "", ra});
        } else if (element == "species") {
            species_.push_back({required(a, element, "concentrationModel"), region(a, element),
                                static_cast<std::size_t>(XML_GetCurrentLineNumber(parser_))});
            const std::string ion = a.count("ion") ? a.at("ion") : "";
            const auto defaults = neuron_concentrations.find(ion);
            const auto check = [&](const char* key, double neuron) {
                if (!a.count(key) || error_) return;
                const double c = quantity(a.at(key), concentration, element, key);
                if (!error_ && std::abs(c - neuron) > 1e-6 * neuron)
                    fail("<species> " + std::string(key) + " " + readable_number(c) + " mM differs from NEURON's default " +
                         readable_number(neuron) + " mM, which is the only one Lamina starts from yet");
            };
            if (defaults != neuron_concentrations.end()) {
                check("initialConcentration", defaults->second.first);
                check("initialExtConcentration", defaults->second.second);
            }
        } else {
            fail("<" + element + "> in <intracellularProperties> is not supported (resistivity and species are)");
        }
    }

    void concentration_model(const std::map<std::string, std::string>& a) {
        const std::string id = required(a, "concentrationModel", "id");
        const std::string type = required(a, "concentrationModel", "type");
        if (error_) return;
        ConcentrationModel m;
        if (type == "CaDynamics") m.mechanism = "CaDynamics";
        else if (type == "CaDynamics_E2" || type == "concentrationModelHayEtAl") m.mechanism = "CaDynamics_E2";
        else return fail("<concentrationModel> type '" + type + "' is not supported (CaDynamics, CaDynamics_E2, concentrationModelHayEtAl are)");
        const std::pair<const char*, const Units*> parameters[] = {
            {"gamma", &fraction}, {"decay", &time_units}, {"depth", &length}, {"minCai", &concentration}};
        for (const auto& [key, units] : parameters)
            if (a.count(key)) m.parameters[key] = quantity(a.at(key), *units, "concentrationModel", key);
        if (a.count("segmentGroup")) m.region = region(a, "concentrationModel");
        m.line = XML_GetCurrentLineNumber(parser_);
        concentration_models_[id] = std::move(m);
    }

    struct Species {
        std::string model, region;
        std::size_t line;
    };

    void place(ConcentrationModel& m, const std::string& r) {
        for (const auto& [key, value] : m.parameters) model_.genome.push_back({r, key + "_" + m.mechanism, m.mechanism, value});
        m.placed = true;
    }

    void finish() {
        if (biophysics_ == 0) throw FileError(file_, 0, "no <biophysicalProperties>: the file gives the cell no channels or passive properties");
        for (const auto& s : species_) {
            const auto found = concentration_models_.find(s.model);
            if (found == concentration_models_.end())
                throw FileError(file_, s.line, "<species> names concentrationModel '" + s.model + "', which the file does not define");
            place(found->second, s.region);
        }
        for (auto& [id, m] : concentration_models_) {
            if (m.placed) continue;
            if (m.region.empty())
                throw FileError(file_, m.line, "<concentrationModel> '" + id + "' is placed nowhere (it has no segmentGroup and no <species> names it)");
            place(m, m.region);
        }
    }

    std::string file_;
    DiagnosticOptions diagnostics_;
    XML_Parser parser_ = nullptr;
    circuit::BiophysicalModel model_;
    std::vector<std::string> stack_;
    int cells_ = 0, biophysics_ = 0;
    bool warned_channels_ = false;
    std::set<std::string> warned_nonspecific_;
    std::map<std::string, ConcentrationModel> concentration_models_;
    std::vector<Species> species_;
    std::optional<std::string> error_;
    std::size_t error_line_ = 0;
};

}  // namespace

circuit::BiophysicalModel read_neuroml_cell(const std::string& file, const DiagnosticOptions& diagnostics) {
    return Reader(file, diagnostics).read();
}

}  // namespace lamina::io
