#include "engine/sim/mechanism_storage.h"

#include <algorithm>

#include "engine/errors.h"

namespace lamina::sim {

MechanismStorage::MechanismStorage(std::string_view name, IndexArray node, IndexArray kernel_node,
                                   std::vector<std::uint64_t> keys,
                                   std::vector<Array> parameters, const Array& area,
                                   const std::map<std::string, double>& globals, std::uint64_t seed)
    : kernels_(make_mechanism(name)),
      info_(&kernels_->info()),
      node_(std::move(node)),
      kernel_node_(std::move(kernel_node)),
      parameters_(std::move(parameters)),
      keys_(std::move(keys)) {
    const std::size_t n = node_.size();
    // Point processes only: a density mechanism's weight would be 1 everywhere.
    if (info_->kind == MechanismKind::point) {
        weight_.resize(n);
        for (std::size_t i = 0; i < n; ++i) weight_[i] = 1e2 / area[node_[i]];  // NEURON's nA -> mA/cm²
    }
    states_.assign(info_->states.size(), Array(n, 0.0));
    for (auto& p : parameters_) parameter_pointers_.push_back(p.data());
    for (auto& s : states_) state_pointers_.push_back(s.data());
    for (const GlobalInfo& g : info_->globals) {
        const auto it = globals.find(g.name);
        globals_.push_back(it != globals.end() ? it->second : g.default_value);
    }
    const IndexArray& kernel_nodes = kernel_node_.empty() ? node_ : kernel_node_;
    ion_index_.resize(info_->ions.size());
    ions_.resize(info_->ions.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t k = kernel_nodes[i];
        if (!runs_.empty() && k == runs_.back().node + runs_.back().count) ++runs_.back().count;
        else runs_.push_back({i, k, 1});
    }
    pack_.width = n;
    pack_.node = kernel_nodes.data();
    pack_.weight = weight_.empty() ? nullptr : weight_.data();
    pack_.parameters = parameter_pointers_.data();
    pack_.states = state_pointers_.data();
    pack_.ions = ions_.data();
    pack_.globals = globals_.data();
    pack_.random_keys = keys_.data();
    pack_.seed = seed;
    pack_.runs = runs_;
}

void MechanismStorage::bind_ion(std::size_t k, IonState& ion, bool record_current, const KernelOrder& order) {
    const IonUse& use = info_->ions.at(k);
    IndexArray& index = ion_index_[k];
    index.resize(node_.size());
    bool same = node_.size() == ion.node.size();
    for (std::size_t i = 0; i < node_.size(); ++i) {
        index[i] = static_cast<std::uint32_t>(*order.find(ion.node, node_[i]));  // its ion uses all its nodes
        same = same && index[i] == i;
    }
    if (same) index.clear();  // ion node i is instance i: kernels index directly
    IonView& view = ions_[k];
    view.index = index.empty() ? nullptr : index.data();
    view.charge = ion.charge;
    view.reversal = ion.reversal.data();
    view.internal = ion.internal.empty() ? nullptr : ion.internal.data();
    view.external = ion.external.empty() ? nullptr : ion.external.data();
    // Writers add their current only where some mechanism reads it.
    view.current = (use.read_current || (use.write_current && record_current)) && !ion.current.empty()
                       ? ion.current.data()
                       : nullptr;
}

MechanismPack& MechanismStorage::pack(const Array& v, Array& rhs, Array& d, double dt, double t, double celsius) {
    pack_.v = v.data();
    pack_.rhs = rhs.data();
    pack_.d = d.data();
    pack_.dt = dt;
    pack_.t = t;
    pack_.celsius = celsius;
    pack_.outputs = outputs_;
    return pack_;
}

std::span<const double> MechanismStorage::values(std::string_view name) const {
    for (std::size_t i = 0; i < info_->parameters.size(); ++i)
        if (info_->parameters[i].name == name) return parameters_[i];
    for (std::size_t i = 0; i < info_->states.size(); ++i)
        if (info_->states[i] == name) return states_[i];
    return {};
}

void MechanismStorage::set_parameter(std::string_view name, std::uint32_t instance, double value) {
    const auto& params = info_->parameters;
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (params[i].name != name) continue;
        if (instance >= size())
            throw InvalidArgument(info_->name + " instance " + std::to_string(instance) + " does not exist");
        if (!(value >= params[i].minimum))
            throw InvalidArgument(info_->name + "." + params[i].name + " must be >= " +
                                  readable_number(params[i].minimum) + " " + params[i].units + ", got " +
                                  readable_number(value));
        parameters_[i][instance] = value;
        kernels_->parameters_changed(pack_);
        return;
    }
    throw InvalidArgument("mechanism " + info_->name + " has no parameter '" + std::string(name) + "'");
}

std::size_t MechanismStorage::memory_bytes() const {
    std::size_t bytes = (size() + kernel_node_.size()) * sizeof(std::uint32_t) +
                        size() * sizeof(double) * (parameters_.size() + states_.size()) +
                        weight_.size() * sizeof(double) + keys_.size() * sizeof(std::uint64_t);
    for (const auto& index : ion_index_) bytes += index.size() * sizeof(std::uint32_t);
    return bytes;
}

}  // namespace lamina::sim
