#include "engine/circuit/emodel.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/circuit/distribution_expression.h"
#include "engine/circuit/neuron_names.h"
#include "engine/errors.h"
#include "engine/sim/mechanism.h"

namespace lamina::circuit {

std::string region_of_section_list(const std::string& list, const std::string& file) {
    static const std::map<std::string, std::string> regions{
        {"all", "all"}, {"somatic", "soma"}, {"axonal", "axon"}, {"basal", "dend"}, {"apical", "apic"}};
    const auto found = regions.find(list);
    if (found == regions.end())
        throw InvalidArgument(file + ": unknown section list '" + list + "' (all, somatic, axonal, basal, apical)");
    return found->second;
}

namespace {

bool is_reversal(const std::string& name) {
    return name == "ena" || name == "ek" || name == "eca" || (name.size() > 1 && name[0] == 'e' && name.find('_') == std::string::npos);
}

}  // namespace

void apply_emodel(const EModel& model, sim::CellDescription& cell, const EModelMorphologyRules& rules) {
    const std::string& file = model.file;
    if (rules.stub_axon) cell.replace_axon_with_stub();
    if (rules.nseg_by_length) cell.set_nseg_by_length();
    // Mechanisms inserted per region, to check that parameters go where theirs is.
    std::map<std::string, std::set<std::string>> inserted;
    for (const auto& [list, mechanisms] : model.mechanisms) {
        const std::string region = region_of_section_list(list, file);
        for (const auto& m : mechanisms) {
            try {
                (void)sim::mechanism_info(m);
            } catch (const InvalidArgument& e) {
                throw InvalidArgument(file + ": mechanism '" + m + "' on " + list + ": " + e.what());
            }
            if (cell.region_sections(region).empty()) continue;  // e.g. axonal on a cell without axon
            cell.paint(region, m);
            inserted[region].insert(m);
        }
    }
    const auto has = [&](const std::string& region, const std::string& mechanism) {
        return inserted[region].count(mechanism) || inserted["all"].count(mechanism);
    };
    for (const EModelParameter& p : model.parameters) {
        const std::string where = file + ": parameter " + p.name + (p.section_list.empty() ? "" : " on " + p.section_list);
        if (p.kind == EModelParameter::Kind::global) {
            if (p.name != "celsius" && p.name != "v_init")
                throw InvalidArgument(where + ": unknown global (celsius and v_init are)");
            continue;  // the caller takes them into the run's options
        }
        const std::string region = region_of_section_list(p.section_list, file);
        if (cell.region_sections(region).empty()) continue;
        try {
            if (p.kind == EModelParameter::Kind::section) {
                if (!p.distribution.empty()) throw InvalidArgument("a section parameter cannot be distributed");
                if (p.name == "cm") {
                    cell.set_cm(region, p.value);
                } else if (p.name == "Ra") {
                    cell.set_ra(region, p.value);
                } else if (is_reversal(p.name)) {
                    sim::IonSettings ion;
                    ion.reversal = p.value;
                    cell.set_ion(region, p.name.substr(1), ion);
                } else {
                    const NeuronName n = split_neuron_name(p.name);
                    if (n.mechanism.empty()) throw InvalidArgument("not a section parameter Lamina knows (cm, Ra, e<ion>, <variable>_<mechanism>)");
                    if (!has(region, n.mechanism)) throw InvalidArgument(n.mechanism + " is not inserted there");
                    cell.paint(region, n.mechanism, {{n.variable, p.value}});
                }
                continue;
            }
            if (!has(region, p.mechanism)) throw InvalidArgument(p.mechanism + " is not inserted there");
            if (p.distribution.empty()) {
                cell.paint(region, p.mechanism, {{p.mechanism_parameter, p.value}});
            } else {
                const auto f = compile_distribution(p.distribution);
                const double value = p.value;
                cell.paint_distributed(region, p.mechanism,
                                       {{p.mechanism_parameter, [f, value](double distance) { return f(distance, value); }}});
            }
        } catch (const InvalidArgument& e) {
            throw InvalidArgument(where + ": " + e.what());
        }
    }
}

}  // namespace lamina::circuit
