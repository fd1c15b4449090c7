#pragma once
// Which cells a first look at a circuit should follow (the app's default voltage traces):
// one per layer, an excitatory one where the layer has any (its principal cells, which
// carry the column's activity), else one per m-type, else the first cells. Cells only
// (no virtual nodes), in layer order as the circuit first names them.

#include <cstddef>
#include <vector>

#include "engine/circuit/circuit.h"
#include "engine/circuit/gid_map.h"

namespace lamina::circuit {

std::vector<Gid> representative_cells(const Circuit& circuit, const GidMap& gids, std::size_t at_most = 6);

}  // namespace lamina::circuit
