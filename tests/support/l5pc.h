#pragma once
// Hay's layer-5 pyramidal cell as shared/reference/cortical ran it in NEURON: the demo
// morphology with the reference e-model (axon stub, nseg rule, distributions), a
// somatic current step from 200 to 1000 ms, spikes detected at soma(0.5) crossing 0 mV,
// and the run options (dt 0.025 ms, 1.2 s, the e-model's celsius and v_init). Shared by
// test_l5pc and lamina-bench l5pc.

#include <memory>
#include <string>

#include "engine/circuit/emodel.h"
#include "engine/sim/run_options.h"
#include "io/morphology/morphology_io.h"
#include "io/sonata/emodel_io.h"

namespace lamina::test {

struct L5pcReference {
    std::shared_ptr<sim::CellDescription> cell;
    sim::RunOptions options;
};

inline std::string cortical_reference_dir() { return std::string(LAMINA_SHARED_DIR) + "/reference/cortical/"; }

// The cell without stimulus (`amplitude` < 0) or with its current step of `amplitude` nA.
inline L5pcReference l5pc_reference(double amplitude) {
    static const Morphology morphology =
        io::read_morphology(std::string(LAMINA_RESOURCE_DIR) + "/morphologies/demo_pyramidal.swc");
    static const circuit::EModel model = io::read_emodel(cortical_reference_dir() + "l5pc_demo_emodel.json");
    L5pcReference r;
    r.cell = std::make_shared<sim::CellDescription>(sim::CellDescription::from_morphology(morphology));
    circuit::apply_emodel(model, *r.cell);
    if (amplitude >= 0) r.cell->place({0, 0.5}, "IClamp", {{"del", 200}, {"dur", 800}, {"amp", amplitude}});
    r.cell->set_detector({0, 0.5}, 0.0);
    r.options.dt = 0.025;
    r.options.tstop = 1200;
    r.options.celsius = model.celsius.value();
    r.options.v_init = model.v_init.value();
    return r;
}

// Segments, as NEURON counts compartments (the engine adds section end nodes).
inline std::size_t segment_count(const sim::CellDescription& cell) {
    std::size_t n = 0;
    for (std::uint32_t s = 0; s < cell.sections().size(); ++s) n += static_cast<std::size_t>(*cell.nseg(s));
    return n;
}

}  // namespace lamina::test
