#pragma once
// Private to the simulator: what a cell group holds for one mechanism — its kernels and
// the storage they see through the parameter pack (node index, weight, parameters,
// states, ion views, globals, runs of consecutive nodes).

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sim/aligned.h"
#include "engine/sim/ions.h"
#include "engine/sim/kernel_order.h"
#include "engine/sim/mechanism.h"

namespace lamina::sim {

class MechanismStorage {
public:
    // Instances on `node` with one column of values per parameter (info order); point
    // processes get the weight 1e2 / area of their node, density mechanisms 1.
    // `keys`: each instance's random-stream key (see MechanismPack::random_keys).
    // `kernel_node`: each instance's position in the arrays its kernels are handed (see
    // kernel_order.h); empty when that is its group node.
    MechanismStorage(std::string_view name, IndexArray node, IndexArray kernel_node, std::vector<std::uint64_t> keys,
                     std::vector<Array> parameters, const Array& area, const std::map<std::string, double>& globals,
                     std::uint64_t seed);

    const MechanismInfo& info() const { return *info_; }
    Mechanism& kernels() { return *kernels_; }
    const IndexArray& nodes() const { return node_; }
    std::size_t size() const { return node_.size(); }
    // Connects ion use `k` (info order) to the group's state of that species, whose
    // nodes are sorted in kernel order.
    void bind_ion(std::size_t k, IonState& ion, bool record_current, const KernelOrder& order);
    // The pack at this step's time; the arrays' addresses are fixed after construction.
    MechanismPack& pack(const Array& v, Array& rhs, Array& d, double dt, double t, double celsius);
    const MechanismPack& pack() const { return pack_; }

    // A parameter or state array by name; empty when there is none.
    std::span<const double> values(std::string_view name) const;
    // From the next kernel call on, the kernels store the values only observers read
    // (MechanismPack::outputs); a probe on one of its values asks for them.
    void want_outputs() { outputs_ = true; }
    // Checked against the parameter's minimum; throws InvalidArgument naming it.
    void set_parameter(std::string_view name, std::uint32_t instance, double value);
    std::size_t memory_bytes() const;

private:
    bool outputs_ = false;
    std::unique_ptr<Mechanism> kernels_;
    const MechanismInfo* info_;
    IndexArray node_;
    IndexArray kernel_node_;  // empty: the kernels index the group's nodes
    Array weight_;
    std::vector<Array> parameters_, states_;
    std::vector<double*> parameter_pointers_, state_pointers_;
    std::vector<IndexArray> ion_index_;  // per ion use: instance -> ion node (empty: the same index)
    std::vector<IonView> ions_;
    std::vector<double> globals_;
    std::vector<std::uint64_t> keys_;
    std::vector<InstanceRun> runs_;
    MechanismPack pack_;
};

}  // namespace lamina::sim
