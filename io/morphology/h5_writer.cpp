#include <mutex>

#include "engine/errors.h"
#include "io/file_util.h"
#include "io/hdf5_lock.h"
#include "io/hdf5_util.h"
#include "io/morphology/h5.h"

namespace lamina::io {

void write_h5(const Morphology& m, const std::filesystem::path& path) {
    const Soma& soma = m.soma();
    const bool has_soma = soma.type != SomaType::none;
    const std::size_t soma_points = soma.points.size();
    const std::size_t total = soma_points + m.num_points();

    std::vector<double> points;  // rows of x, y, z, diameter [µm]
    points.reserve(4 * total);
    auto push = [&](const Point3& p, double d) { points.insert(points.end(), {p.x, p.y, p.z, d}); };
    for (std::size_t i = 0; i < soma_points; ++i) push(soma.points[i], soma.diameters[i]);
    for (std::size_t i = 0; i < m.num_points(); ++i) push(m.points()[i], m.diameters()[i]);

    std::vector<std::int32_t> structure;  // rows of first point, type, parent row
    if (has_soma) structure.insert(structure.end(), {0, 1, -1});
    const std::int32_t shift = has_soma ? 1 : 0;
    for (SectionId s = 0; s < m.num_sections(); ++s) {
        const auto parent = m.section_parent(s);
        structure.push_back(static_cast<std::int32_t>(soma_points + m.section_offsets()[s]));
        structure.push_back(static_cast<std::int32_t>(m.section_type(s)));
        structure.push_back(parent == no_parent ? (has_soma ? 0 : -1) : parent + shift);
    }

    AtomicOutput output(path);
    {
        std::lock_guard lock(hdf5_mutex());
        h5::QuietErrors quiet;
        h5::Handle file(H5Fcreate(output.temporary_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT,
                                  H5P_DEFAULT));
        if (!file.valid()) throw FileError(path.string(), 0, "cannot create the HDF5 file");
        try {
            h5::write_dataset(file.get(), "points", {total, 4}, H5T_NATIVE_DOUBLE,
                              H5T_IEEE_F64LE, points.data());
            h5::write_dataset(file.get(), "structure", {structure.size() / 3, 3},
                              H5T_NATIVE_INT32, H5T_STD_I32LE, structure.data());
            if (!m.perimeters().empty()) {
                std::vector<double> perimeters(soma_points, 0.0);
                perimeters.insert(perimeters.end(), m.perimeters().begin(), m.perimeters().end());
                h5::write_dataset(file.get(), "perimeters", {total}, H5T_NATIVE_DOUBLE,
                                  H5T_IEEE_F64LE, perimeters.data());
            }
            const h5::Handle untimed = h5::untimed(H5P_GROUP_CREATE);
            h5::Handle metadata(H5Gcreate2(file.get(), "metadata", H5P_DEFAULT, untimed.get(), H5P_DEFAULT));
            const std::uint32_t version[2] = {1, 3};
            h5::write_attribute(metadata.get(), "version", {2}, H5T_NATIVE_UINT32, H5T_STD_U32LE,
                                version);
            const std::uint32_t neuron = 0;
            h5::write_attribute(metadata.get(), "cell_family", {1}, H5T_NATIVE_UINT32,
                                H5T_STD_U32LE, &neuron);
            h5::write_string_attribute(metadata.get(), "lamina_soma_type", to_string(soma.type));
            h5::write_string_attribute(file.get(), "comment", "written by Lamina");
        } catch (const Error& e) {
            throw FileError(path.string(), 0, e.what());
        }
        if (H5Fflush(file.get(), H5F_SCOPE_GLOBAL) < 0)
            throw FileError(path.string(), 0, "cannot flush the HDF5 file (disk full?)");
    }
    output.commit();
}

}  // namespace lamina::io
