// What observers read of a group's cells by name over every node at once: the 3D view's
// colouring by any parameter or state, and the Inspector's profile against distance.

#include <algorithm>
#include <limits>
#include <optional>

#include "engine/sim/cell_group.h"

namespace lamina::sim {

std::optional<std::pair<std::string_view, std::string_view>> CellGroup::mechanism_variable(std::string_view variable) {
    const auto dot = variable.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    return std::pair{variable.substr(0, dot), variable.substr(dot + 1)};
}

std::vector<char> CellGroup::cell_nodes(std::uint32_t cell) const {
    std::vector<char> mine(v_.size(), 0);
    const std::size_t n = layouts_[layout_of_.at(cell)].size();
    for (std::uint32_t k = 0; k < n; ++k) mine[node(cell, k)] = 1;
    return mine;
}

std::vector<std::string> CellGroup::variables(std::uint32_t cell, const Location* where) const {
    std::vector<char> mine;
    if (where) {
        mine.assign(v_.size(), 0);
        mine[node_of(cell, *where)] = 1;
    } else {
        mine = cell_nodes(cell);
    }
    const auto touches = [&](std::span<const std::uint32_t> nodes) {
        return std::any_of(nodes.begin(), nodes.end(), [&](std::uint32_t n) { return mine[n] != 0; });
    };
    std::vector<std::string> names{"v"};
    for (const IonState& ion : ions_) {
        if (!touches(ion.node)) continue;
        names.push_back("e" + ion.name);
        if (!ion.internal.empty()) names.push_back(ion.name + "i");
        if (!ion.external.empty()) names.push_back(ion.name + "o");
    }
    for (const auto& m : mechanisms_) {
        // A point process covers one node: only a probe at that node may read it.
        if ((m->info().kind == MechanismKind::point && !where) || !touches(m->nodes())) continue;
        const std::string prefix = m->info().name + ".";
        for (const auto& p : m->info().parameters) names.push_back(prefix + p.name);
        for (const auto& s : m->info().states) names.push_back(prefix + s);
    }
    // Two point processes of one kind on a node would list their names twice.
    std::sort(names.begin() + 1, names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

std::optional<std::string> CellGroup::unit_of(const std::string& variable) const {
    if (variable == "v") return "mV";
    for (const IonState& ion : ions_)
        if (const auto field = ion_variable(variable, ion.name)) return *field == IonVariable::reversal ? "mV" : "mM";
    const auto named = mechanism_variable(variable);
    if (!named) return std::nullopt;
    const auto [mechanism, name] = *named;
    for (const auto& m : mechanisms_) {
        const MechanismInfo& info = m->info();
        if (info.name != mechanism) continue;
        for (const auto& p : info.parameters)
            if (p.name == name) return p.units.empty() ? "1" : p.units;
        for (std::size_t k = 0; k < info.states.size(); ++k)
            if (info.states[k] == name)
                return k < info.state_units.size() && !info.state_units[k].empty() ? info.state_units[k] : "1";
    }
    return std::nullopt;
}

bool CellGroup::node_values(const std::string& variable, std::vector<double>& out) {
    out.assign(v_.size(), std::numeric_limits<double>::quiet_NaN());
    if (variable == "v") {
        std::copy(v_.begin(), v_.end(), out.begin());
        return true;
    }
    for (const IonState& ion : ions_) {
        const auto field = ion_variable(variable, ion.name);
        if (!field) continue;
        const Array& values = ion.values(*field);
        for (std::size_t i = 0; i < values.size(); ++i) out[ion.node[i]] = values[i];
        return !values.empty();
    }
    const auto named = mechanism_variable(variable);
    if (!named) return false;
    const auto [mechanism, name] = *named;
    bool found = false;
    for (const auto& m : mechanisms_) {
        if (m->info().kind != MechanismKind::density || m->info().name != mechanism) continue;
        const auto values = m->values(name);
        if (values.empty()) continue;
        m->want_outputs();  // values only observers read are stored from the next step on
        const auto& nodes = m->nodes();
        for (std::size_t i = 0; i < values.size(); ++i) out[nodes[i]] = values[i];
        found = true;
    }
    return found;
}

}  // namespace lamina::sim
