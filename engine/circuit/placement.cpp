#include "engine/circuit/placement.h"

#include "engine/errors.h"

namespace lamina::circuit {

NodePlacement node_placement(const NodePopulation& p, std::uint64_t node) {
    NodePlacement placement;
    auto value = [&](const char* name) { return p.number(name, node).value_or(0.0); };
    placement.position = {value("x"), value("y"), value("z")};
    if (p.find("orientation_w")) {
        Eigen::Quaterniond q(value("orientation_w"), value("orientation_x"), value("orientation_y"), value("orientation_z"));
        if (!(q.norm() > 0))
            throw InvalidArgument("node " + p.name + ":" + std::to_string(node) + ": the orientation quaternion is zero");
        placement.rotation = q.normalized();
        return placement;
    }
    // x first, then y, then z: R = Rz Ry Rx.
    placement.rotation = Eigen::AngleAxisd(value("rotation_angle_zaxis"), Eigen::Vector3d::UnitZ()) *
                         Eigen::AngleAxisd(value("rotation_angle_yaxis"), Eigen::Vector3d::UnitY()) *
                         Eigen::AngleAxisd(value("rotation_angle_xaxis"), Eigen::Vector3d::UnitX());
    return placement;
}

}  // namespace lamina::circuit
