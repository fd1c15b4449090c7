// H5 v1 reader and writer. Fixtures are written here with the HDF5 C API, so each test
// states exactly which layout it feeds the reader.

#include <hdf5.h>

#include <QtTest>
#include <filesystem>
#include <fstream>
#include <optional>

#include "engine/errors.h"
#include "engine/morphology/metrics.h"
#include "io/morphology/h5.h"
#include "io/morphology/swc.h"
#include "support/test_paths.h"

using namespace lamina;

namespace {

struct H5Fixture {
    std::vector<double> points;         // rows of 4
    std::vector<int> structure;         // rows of 3
    hsize_t point_columns = 4;
    hsize_t structure_columns = 3;
    std::optional<std::pair<unsigned, unsigned>> version;  // none: v1.0 without metadata
    bool float32 = false;
    bool structure_as_float = false;
    std::vector<double> perimeters;
    bool v2_layout = false;                  // /neuron1 group instead of root datasets
    hsize_t claimed_rows = 0;                // >0: a /points header claiming this many rows
};

void write_fixture(const std::string& path, const H5Fixture& f) {
    const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    QVERIFY(file >= 0);
    auto dataset = [&](const char* name, hsize_t rows, hsize_t cols, hid_t file_type,
                       hid_t memory_type, const void* data) {
        const hsize_t dims[2] = {rows, cols};
        const hid_t space = H5Screate_simple(cols == 0 ? 1 : 2, dims, nullptr);
        const hid_t d = H5Dcreate2(file, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (data) H5Dwrite(d, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
        H5Dclose(d);
        H5Sclose(space);
    };
    if (f.v2_layout) {
        const hid_t g = H5Gcreate2(file, "neuron1", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        H5Gclose(g);
    } else if (f.claimed_rows > 0) {
        // A chunked dataset whose header claims far more rows than were ever written.
        const hsize_t dims[2] = {f.claimed_rows, 4}, chunk[2] = {1024, 4};
        const hid_t space = H5Screate_simple(2, dims, nullptr);
        const hid_t plist = H5Pcreate(H5P_DATASET_CREATE);
        H5Pset_chunk(plist, 2, chunk);
        const hid_t d = H5Dcreate2(file, "points", H5T_IEEE_F64LE, space, H5P_DEFAULT, plist, H5P_DEFAULT);
        H5Dclose(d);
        H5Pclose(plist);
        H5Sclose(space);
        dataset("structure", f.structure.size() / 3, 3, H5T_STD_I32LE, H5T_NATIVE_INT, f.structure.data());
    } else {
        dataset("points", f.points.size() / f.point_columns, f.point_columns,
                f.float32 ? H5T_IEEE_F32LE : H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, f.points.data());
        if (f.structure_as_float) {
            std::vector<double> s(f.structure.begin(), f.structure.end());
            dataset("structure", s.size() / f.structure_columns, f.structure_columns,
                    H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s.data());
        } else {
            dataset("structure", f.structure.size() / f.structure_columns, f.structure_columns,
                    H5T_STD_I32LE, H5T_NATIVE_INT, f.structure.data());
        }
        if (!f.perimeters.empty())
            dataset("perimeters", f.perimeters.size(), 0, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                    f.perimeters.data());
    }
    if (f.version) {
        const hid_t g = H5Gcreate2(file, "metadata", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const hsize_t two = 2;
        const hid_t space = H5Screate_simple(1, &two, nullptr);
        const hid_t a = H5Acreate2(g, "version", H5T_STD_U32LE, space, H5P_DEFAULT, H5P_DEFAULT);
        const unsigned v[2] = {f.version->first, f.version->second};
        H5Awrite(a, H5T_NATIVE_UINT, v);
        H5Aclose(a);
        H5Sclose(space);
        H5Gclose(g);
    }
    H5Fclose(file);
}

// A contour soma of 4 points around the origin (radius 2), a root section of 3 points
// along +x and two children that start with its last point.
H5Fixture small_cell() {
    H5Fixture f;
    f.points = {2, 0, 0, 0.1, 0, 2, 0, 0.1, -2, 0, 0, 0.1, 0, -2, 0, 0.1,  // soma
                2, 0, 0, 1, 12, 0, 0, 1, 22, 0, 0, 1,                    // section 0
                22, 0, 0, 1, 25, 4, 0, 0.5,                              // section 1
                22, 0, 0, 1, 25, -4, 0, 0.5};                            // section 2
    f.structure = {0, 1, -1, 4, 3, 0, 7, 3, 1, 9, 3, 1};
    return f;
}

}  // namespace

class TestH5 : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string path(const std::string& name) { return dir_.filePath(QString::fromStdString(name)).toStdString(); }

private slots:
    void readsVersions_data() {
        QTest::addColumn<int>("minor");  // -1: v1.0 without metadata
        QTest::newRow("1.0") << -1;
        QTest::newRow("1.1") << 1;
        QTest::newRow("1.2") << 2;
        QTest::newRow("1.3") << 3;
    }

    void readsVersions() {
        QFETCH(int, minor);
        H5Fixture f = small_cell();
        if (minor >= 0) f.version = std::make_pair(1u, static_cast<unsigned>(minor));
        f.float32 = minor == 2;  // BBP files are usually float32; both must read
        const std::string file = path("v" + std::to_string(minor) + ".h5");
        write_fixture(file, f);
        const Morphology m = io::read_h5(file);
        QCOMPARE(m.soma().type, SomaType::contour);
        QCOMPARE(m.soma().points.size(), std::size_t{4});
        QCOMPARE(m.num_sections(), std::size_t{3});
        QCOMPARE(m.section_parent(0), no_parent);
        QCOMPARE(m.section_parent(1), 0);
        QCOMPARE(m.section_parent(2), 0);
        QCOMPARE(m.section_type(0), SectionType::basal_dendrite);
        QCOMPARE(m.num_points(), std::size_t{7});
        const auto metrics = compute_metrics(m);
        QCOMPARE(metrics.soma_radius, 2.0);
        QCOMPARE(metrics.total_length, 20.0 + 5.0 + 5.0);
    }

    void readsPerimeters() {
        H5Fixture f = small_cell();
        f.version = std::make_pair(1u, 1u);
        for (std::size_t i = 0; i < f.points.size() / 4; ++i) f.perimeters.push_back(0.5 * static_cast<double>(i));
        write_fixture(path("perimeters.h5"), f);
        const Morphology m = io::read_h5(path("perimeters.h5"));
        QCOMPARE(m.perimeters().size(), m.num_points());
        QCOMPARE(m.perimeters()[0], 2.0);  // point 4 of the file: soma rows are dropped
    }

    void rejects_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("v2 layout") << "v2" << "/: H5 version 2 layout (group /neuron1) is not supported";
        QTest::newRow("version 2 attribute") << "version2"
            << "/metadata/version: H5 version 2.0 is not supported; only H5 v1 is";
        QTest::newRow("unknown version") << "version17"
            << "/metadata/version: unknown H5 morphology version 1.7 (Lamina reads 1.0 to 1.3)";
        QTest::newRow("points columns") << "points3"
            << "/points: has 3 columns; expected 4";
        QTest::newRow("structure columns") << "structure2"
            << "/structure: has 2 columns; expected 3";
        QTest::newRow("structure floats") << "structure_float"
            << "/structure: holds non-integer values; expected integers (offset, type, parent)";
        QTest::newRow("offset outside") << "offset_outside"
            << "/structure row 2: first point 99 is outside /points (11 rows)";
        QTest::newRow("parent after child") << "parent_after"
            << "/structure row 1: parent row 2 does not come before the section";
        QTest::newRow("missing structure") << "no_structure"
            << "/structure: missing dataset: an H5 v1 morphology needs /points and /structure";
        QTest::newRow("10 GB claim") << "huge" << "/points: claims 400000000 rows";
        QTest::newRow("empty file") << "empty" << "empty (0-byte) file, not an HDF5 morphology";
        QTest::newRow("not hdf5") << "text" << "not an HDF5 file";
    }

    void rejects() {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        const std::string file = path(name.toStdString() + ".h5");
        H5Fixture f = small_cell();
        if (name == "v2") f.v2_layout = true;
        if (name == "version2") f.version = std::make_pair(2u, 0u);
        if (name == "version17") f.version = std::make_pair(1u, 7u);
        if (name == "points3") {
            f.point_columns = 3;
            f.points.resize(33);
        }
        if (name == "structure2") {
            f.structure_columns = 2;
            f.structure.resize(8);
        }
        if (name == "structure_float") f.structure_as_float = true;
        if (name == "offset_outside") f.structure[6] = 99;
        if (name == "parent_after") f.structure[5] = 2;
        if (name == "huge") f.claimed_rows = 400'000'000;
        if (name == "empty") {
            std::ofstream(file).flush();
        } else if (name == "text") {
            std::ofstream(file) << "1 1 0 0 0 5 -1\n";
        } else if (name == "no_structure") {
            const hid_t h = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
            const hsize_t dims[2] = {1, 4};
            const hid_t s = H5Screate_simple(2, dims, nullptr);
            H5Dclose(H5Dcreate2(h, "points", H5T_IEEE_F64LE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
            H5Sclose(s);
            H5Fclose(h);
        } else {
            write_fixture(file, f);
        }
        try {
            io::read_h5(file);
            QFAIL("no error raised");
        } catch (const FileError& e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.startsWith(QString::fromStdString(file) + ": "), qPrintable(what));
            QVERIFY2(what.contains(expected), qPrintable(what));
        }
    }

    void roundTripSwcH5Swc() {
        for (const char* name : {"known_cell.swc", "single_point_soma.swc", "cylinders_soma.swc",
                                 "no_soma_two_roots.swc", "custom_types.swc"}) {
            const Morphology a = io::read_swc(test::fixture(std::string("morphologies/good/") + name));
            const std::string h5 = path(std::string(name) + ".h5");
            io::write_h5(a, h5);
            const Morphology b = io::read_h5(h5);
            const Morphology c = io::parse_swc(io::format_swc(b), "again.swc");
            for (const Morphology* m : {&b, &c}) {
                QCOMPARE(m->soma().type, a.soma().type);
                QCOMPARE(m->soma().points, a.soma().points);
                QCOMPARE(m->soma().diameters, a.soma().diameters);
                QCOMPARE(m->num_sections(), a.num_sections());
                QVERIFY(std::equal(a.points().begin(), a.points().end(), m->points().begin(), m->points().end()));
                QVERIFY(std::equal(a.diameters().begin(), a.diameters().end(), m->diameters().begin(),
                                   m->diameters().end()));
                QVERIFY(std::equal(a.section_types().begin(), a.section_types().end(),
                                   m->section_types().begin()));
                QVERIFY(std::equal(a.section_parents().begin(), a.section_parents().end(),
                                   m->section_parents().begin()));
            }
        }
    }

    void writesTheBbpLayout() {
        const Morphology a = io::read_swc(test::fixture("morphologies/good/known_cell.swc"));
        const std::string file = path("layout.h5");
        io::write_h5(a, file);
        const hid_t h = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        hsize_t dims[2] = {0, 0};
        const hid_t points = H5Dopen2(h, "points", H5P_DEFAULT);
        const hid_t space = H5Dget_space(points);
        H5Sget_simple_extent_dims(space, dims, nullptr);
        QCOMPARE(dims[0], hsize_t{3 + a.num_points()});
        QCOMPARE(dims[1], hsize_t{4});
        std::vector<int> structure(3 * 8);
        const hid_t s = H5Dopen2(h, "structure", H5P_DEFAULT);
        H5Dread(s, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, structure.data());
        QCOMPARE(structure[0], 0);   // soma starts at point 0
        QCOMPARE(structure[1], 1);   // soma type
        QCOMPARE(structure[2], -1);  // soma has no parent
        QCOMPARE(structure[3], 3);   // first section after the 3 soma points
        QCOMPARE(structure[5], 0);   // root sections hang from the soma row
        QCOMPARE(structure[8], 1);   // section 1's parent is row 1
        unsigned version[2] = {0, 0};
        const hid_t a_id = H5Aopen_by_name(h, "metadata", "version", H5P_DEFAULT, H5P_DEFAULT);
        H5Aread(a_id, H5T_NATIVE_UINT, version);
        QCOMPARE(version[0], 1u);
        QCOMPARE(version[1], 3u);
        H5Aclose(a_id);
        H5Dclose(s);
        H5Sclose(space);
        H5Dclose(points);
        H5Fclose(h);
    }

    void failedWriteLeavesNoFile() {
        const Morphology a = io::read_swc(test::fixture("morphologies/good/known_cell.swc"));
        const std::string target = path("missing-folder/cell.h5");
        QVERIFY_THROWS_EXCEPTION(FileError, io::write_h5(a, target));
        QVERIFY(!std::filesystem::exists(std::filesystem::path(target).parent_path()));
        // Overwriting replaces the whole file and leaves no temporary beside it.
        const std::string ok = path("replace.h5");
        std::ofstream(ok) << "old contents";
        io::write_h5(a, ok);
        QCOMPARE(io::read_h5(ok).num_sections(), a.num_sections());
        int entries = 0;
        for (const auto& e : std::filesystem::directory_iterator(dir_.path().toStdString()))
            entries += e.path().filename().string().find(".tmp-") != std::string::npos;
        QCOMPARE(entries, 0);
    }

    void inMemoryImage() {
        const Morphology a = io::read_swc(test::fixture("morphologies/good/known_cell.swc"));
        io::write_h5(a, path("image.h5"));
        std::ifstream in(path("image.h5"), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QCOMPARE(io::parse_h5_image(bytes, "image.h5").num_sections(), a.num_sections());
        QVERIFY_THROWS_EXCEPTION(FileError, io::parse_h5_image(bytes.substr(0, 200), "cut.h5"));
    }
};

QTEST_GUILESS_MAIN(TestH5)
#include "test_h5.moc"
