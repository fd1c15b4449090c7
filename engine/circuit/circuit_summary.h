#pragma once
// What a circuit is made of, as the Summary dock lists it when a circuit is on screen:
// populations, cells per layer and m-type, e-types (the models cells use), synapses and
// inputs. The same row type as a morphology's summary.

#include <vector>

#include "engine/circuit/circuit.h"
#include "engine/morphology/metrics_report.h"

namespace lamina::circuit {

std::vector<SummaryRow> circuit_summary_rows(const Circuit& circuit);

}  // namespace lamina::circuit
