TITLE Kv3_1: Kv3.1-like fast delayed-rectifier potassium current (Allen perisomatic family)

COMMENT
Kv3.1 K+ channel of the Allen Institute perisomatic models, after Rettig et al.
(1992), EMBO J 11:2473-2486: the Hay family's SKv3_1 plus a voltage shift.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 2 (SKv3_1), 7.

  ik = gbar * m * (v - ek)

With u = v - vshift (a local copy; vshift = 0 by default, a positive vshift
moves both curves to more depolarised voltages):
m_inf = 1/(1 + exp(-(u - 18.7)/9.7))
tau_m = 4/(1 + exp(-(u + 46.56)/44.14))   ms

No temperature factor (celsius is not read). No singular points.
ENDCOMMENT

NEURON {
    SUFFIX Kv3_1
    USEION k READ ek WRITE ik
    RANGE gbar, gKv3_1, vshift
    RANGE mInf, mTau
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gbar = 0.00001 (S/cm2) <0, 1e9>
    vshift = 0 (mV)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    gKv3_1 (S/cm2)
    mInf
    mTau (ms)
}

STATE {
    m
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gKv3_1 = gbar*m
    ik = gKv3_1*(v - ek)
}

DERIVATIVE states {
    rates()
    m' = (mInf - m)/mTau
}

INITIAL {
    rates()
    m = mInf
}

PROCEDURE rates() {
    LOCAL u
    UNITSOFF
    u = v - vshift
    mInf = 1/(1 + exp(-(u - 18.7)/9.7))
    mTau = 4/(1 + exp(-(u + 46.56)/44.14))
    UNITSON
}
