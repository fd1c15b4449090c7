#pragma once
// Where a node sits and how its morphology is turned: SONATA's reserved attributes
// x, y, z [µm], and either the orientation quaternion (orientation_w, _x, _y, _z) or
// rotation angles about the x, y and z axes [rad], applied in that order.

#include <Eigen/Geometry>

#include "engine/circuit/circuit.h"

namespace lamina::circuit {

struct NodePlacement {
    Eigen::Vector3d position = Eigen::Vector3d::Zero();
    Eigen::Quaterniond rotation = Eigen::Quaterniond::Identity();
    // A morphology point in the circuit's frame.
    Eigen::Vector3d apply(const Eigen::Vector3d& local) const { return position + rotation * local; }
};

// Missing attributes mean 0 (and no rotation). Throws InvalidArgument for a zero
// quaternion.
NodePlacement node_placement(const NodePopulation& population, std::uint64_t node);

}  // namespace lamina::circuit
