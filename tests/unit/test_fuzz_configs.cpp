// Replays the JSON front ends' fuzzing corpus (tests/fuzz/corpus/config/*) and every
// JSON file of the adversarial corpus's cases through all five readers (simulation
// config, circuit config, node sets, biophysical and synaptic model): each is read or
// rejected with a user error, never a crash, an internal error or an out-of-memory.

#include <QtTest>
#include <filesystem>
#include <fstream>

#include "fuzz/fuzz_configs.h"
#include "support/test_text.h"

namespace fs = std::filesystem;

using lamina::test::slurp;

class TestFuzzConfigs : public QObject {
    Q_OBJECT
private slots:
    void replay() {
        int inputs = 0, accepted = 0;
        for (const char* folder : {LAMINA_FUZZ_CORPUS_DIR "/config", LAMINA_ADVERSARIAL_DIR "/cases"})
            for (const auto& entry : fs::directory_iterator(folder)) {
                const std::string bytes = slurp(entry.path());
                accepted += lamina::fuzz::read_configs(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
                ++inputs;
            }
        lamina::fuzz::remove_config_scratch();
        qInfo("%d inputs, %d reads accepted", inputs, accepted);
        QVERIFY(inputs >= 60);
        QVERIFY(accepted >= 3);  // the valid seeds are read: the replay reaches past the first check
    }
};

QTEST_GUILESS_MAIN(TestFuzzConfigs)
#include "test_fuzz_configs.moc"
