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
        runs_.clear();
        for (std::size_t i = 0; i < nodes_.size(); ++i) {
            if (!runs_.empty() && nodes_[i] == runs_.back().node + runs_.back().count) ++runs_.back().count;
            else runs_.push_back({i, nodes_[i], 1});
        }
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
    // Calls kernel(i, k) for every instance i on its node k. Along a run of consecutive
    // nodes the node is first + j, a plain induction the compiler vectorises; scattered
    // instances take their node from nodes_.
    template <typename Kernel>
    void for_each_instance(Kernel&& kernel) const {
        if (runs_.size() * 4 > nodes_.size()) {
            const std::uint32_t* node = nodes_.data();
            for (std::size_t i = 0; i < nodes_.size(); ++i) kernel(i, std::size_t{node[i]});
            return;
        }
        for (const Run& run : runs_) {
            // 64-bit indices: 32-bit arithmetic could wrap, which the vectoriser must
            // assume and then gives up.
            const std::size_t first = run.instance, node = run.node;
#pragma omp simd
            for (std::size_t j = 0; j < run.count; ++j) kernel(first + j, node + j);
        }
    }

    // Declares a state array (call in the constructor, in info().states order).
    Array& add_state(std::string name) { return states_.emplace_back(std::move(name), Array{}).second; }
    Array& state(std::size_t i) { return states_[i].second; }
    const Array& parameter(std::size_t i) const { return parameters_[i]; }
    virtual void on_instantiate() {}

    std::vector<Array> parameters_;
    std::vector<std::pair<std::string, Array>> states_;
    // Maximal runs of instances on consecutive nodes (interleaved cells give one run per
    // mechanism; a single cell, one per stretch of membrane between zero-area nodes).
    struct Run {
        std::size_t instance, node, count;
    };
    std::vector<Run> runs_;
};

}  // namespace lamina::sim
