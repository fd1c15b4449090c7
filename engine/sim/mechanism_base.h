#pragma once
// Shared plumbing for built-in mechanisms: parameter arrays in info() order and named
// state arrays, so each mechanism only writes its kernels.

#include <utility>

#include "engine/sim/mechanism.h"

namespace lamina::sim {

class MechanismBase : public Mechanism {
public:
    void instantiate(IndexArray nodes, std::vector<Array> parameters) override {
        nodes_ = std::move(nodes);
        parameters_ = std::move(parameters);
        for (auto& state : states_) state.second.assign(nodes_.size(), 0.0);
        scratch_.assign(nodes_.size(), 0.0);
        contiguous_ = true;
        for (std::size_t i = 1; i < nodes_.size(); ++i) contiguous_ = contiguous_ && nodes_[i] == nodes_[0] + i;
        on_instantiate();
    }

    void set_parameter(std::string_view name, std::uint32_t instance, double value) override;

    std::span<const double> values(std::string_view name) const override {
        const auto& params = info().parameters;
        for (std::size_t i = 0; i < params.size(); ++i)
            if (params[i].name == name) return parameters_[i];
        for (const auto& [state_name, data] : states_)
            if (state_name == name) return data;
        return {};
    }

protected:
    // Calls kernel(i, k) for every instance i on its node k. On consecutive nodes the
    // node is first + i, a plain induction the compiler vectorises; otherwise the
    // node comes from nodes_.
    template <typename Kernel>
    void for_each_instance(Kernel&& kernel) const {
        const std::size_t n = nodes_.size();
        if (n == 0) return;
        if (contiguous_) {
            // A 64-bit node index: 32-bit arithmetic could wrap, which the vectoriser must
            // assume and then gives up.
            const std::size_t first = nodes_[0];
#pragma omp simd
            for (std::size_t i = 0; i < n; ++i) kernel(i, first + i);
            return;
        }
        const std::uint32_t* node = nodes_.data();
        for (std::size_t i = 0; i < n; ++i) kernel(i, std::size_t{node[i]});
    }

    // Declares a state array (call in the constructor, in info().states order).
    Array& add_state(std::string name) { return states_.emplace_back(std::move(name), Array{}).second; }
    Array& state(std::size_t i) { return states_[i].second; }
    const Array& parameter(std::size_t i) const { return parameters_[i]; }
    virtual void on_instantiate() {}

    std::vector<Array> parameters_;
    std::vector<std::pair<std::string, Array>> states_;
    Array scratch_;  // per-instance temporary (gathered voltages)
    // Instances sit on consecutive nodes (common after interleaving): kernels may index
    // v, rhs and d directly, which vectorises, instead of through nodes_.
    bool contiguous_ = false;
};

}  // namespace lamina::sim
