#pragma once
// Plain CSV for networks and spikes, the format of ../shared/reference/ballstick_net and
// what analysts load in one line of pandas:
//   edges:  source,target,weight_uS,delay_ms
//   events: target,time_ms
//   spikes: gid,time_ms (written sorted by time, then gid)

#include <filesystem>
#include <vector>

#include "engine/sim/cell_group.h"
#include "engine/sim/network.h"

namespace lamina::io {

// Connections onto synapse 0 of each target. Throws FileError with the line for a
// missing column, an unparsable number, a negative gid or a delay <= 0.
std::vector<sim::Connection> read_edges_csv(const std::filesystem::path& path);
// External events onto synapse 0, all with `weight`.
std::vector<sim::ExternalEvent> read_events_csv(const std::filesystem::path& path, double weight);
void write_spikes_csv(const std::vector<sim::Spike>& spikes, const std::filesystem::path& path);

}  // namespace lamina::io
