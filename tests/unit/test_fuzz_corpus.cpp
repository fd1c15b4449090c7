// Replays the fuzzing corpus (tests/fuzz/corpus/READER/*: morphologies and SONATA
// nodes, edges, spikes and reports) and every morphology fixture
// through the reader for its format: each input is read or rejected with a user error,
// never a crash, an internal error or an out-of-memory.

#include <QtTest>
#include <filesystem>
#include <fstream>

#include "fuzz/fuzz_readers.h"
#include "support/test_text.h"
#include "support/test_paths.h"

using namespace lamina;
namespace fs = std::filesystem;

using lamina::test::slurp;

class TestFuzzCorpus : public QObject {
    Q_OBJECT
private slots:
    void replay_data() {
        QTest::addColumn<int>("reader");
        QTest::addColumn<QString>("folder");
        const std::string corpus = LAMINA_FUZZ_CORPUS_DIR;
        QTest::newRow("swc corpus") << static_cast<int>(fuzz::Reader::swc) << QString::fromStdString(corpus + "/swc");
        QTest::newRow("asc corpus") << static_cast<int>(fuzz::Reader::asc) << QString::fromStdString(corpus + "/asc");
        QTest::newRow("h5 corpus") << static_cast<int>(fuzz::Reader::h5) << QString::fromStdString(corpus + "/h5");
        QTest::newRow("sonata corpus") << static_cast<int>(fuzz::Reader::sonata)
                                       << QString::fromStdString(corpus + "/sonata");
        QTest::newRow("nml corpus") << static_cast<int>(fuzz::Reader::nml) << QString::fromStdString(corpus + "/nml");
        // Files that crash, hang or exhaust libhdf5 itself: refused through lamina-h5check
        // (test_hdf5_screen asserts each message), replayed here through every reader and
        // as morphologies.
        const std::string upstream = corpus + "/../upstream-hdf5";
        QTest::newRow("libhdf5 findings as SONATA") << static_cast<int>(fuzz::Reader::sonata)
                                                    << QString::fromStdString(upstream);
        QTest::newRow("libhdf5 findings as morphologies") << static_cast<int>(fuzz::Reader::h5)
                                                          << QString::fromStdString(upstream);
    }

    void replay() {
        QFETCH(int, reader);
        QFETCH(QString, folder);
        int inputs = 0;
        for (const auto& entry : fs::directory_iterator(folder.toStdString())) {
            const std::string bytes = slurp(entry.path());
            // Returning at all is the assertion; the count proves the corpus is there.
            fuzz::read_one(static_cast<fuzz::Reader>(reader),
                           reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            ++inputs;
        }
        QVERIFY2(inputs >= 3, qPrintable(folder + " holds too few inputs"));
    }

    void fixturesThroughEveryReader() {
        // Feeding each fixture to the wrong reader too: text as HDF5, ASC as SWC, ...
        int read = 0, rejected = 0;
        for (const char* sub : {"good", "bad"}) {
            for (const auto& entry : fs::directory_iterator(test::fixture(std::string("morphologies/") + sub))) {
                const std::string bytes = slurp(entry.path());
                for (auto r : {fuzz::Reader::swc, fuzz::Reader::asc, fuzz::Reader::h5}) {
                    const bool ok = fuzz::read_one(r, reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                                   bytes.size());
                    (ok ? read : rejected)++;
                }
            }
        }
        QVERIFY(read >= 10);
        QVERIFY(rejected >= 30);
    }
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "test_fuzz_corpus.moc"
