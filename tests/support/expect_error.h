#pragma once
// Asserts that a call raises lamina::FileError at `line` with exactly `reason`.

#include <QtTest>

#include "engine/errors.h"

#define LAMINA_EXPECT_FILE_ERROR(call, expected_line, expected_reason)                      \
    do {                                                                                     \
        try {                                                                                \
            call;                                                                            \
            QFAIL("no error raised");                                                        \
        } catch (const lamina::FileError& e) {                                               \
            QCOMPARE(QString::fromStdString(e.reason()), QString(expected_reason));          \
            QCOMPARE(static_cast<int>(e.line()), static_cast<int>(expected_line));           \
        }                                                                                    \
    } while (false)
