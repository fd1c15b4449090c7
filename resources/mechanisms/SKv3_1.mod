TITLE SKv3_1: Kv3.1-like fast delayed-rectifier potassium current

COMMENT
Kv3.1 K+ channel of the Hay et al. (2011) layer-5 pyramidal cell model,
after Rettig et al. (1992), EMBO J 11:2473-2486.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 0, 1, 2 (SKv3_1).

  ik = gSKv3_1bar * m * (v - ek)

m_inf = 1/(1 + exp(-(v - 18.7)/9.7))
tau_m = 4/(1 + exp(-(v + 46.56)/44.14))   ms  (the 4 ms is 0.2*20 in the original)

No temperature factor (celsius is not read). No singular points.
The Allen perisomatic family's Kv3_1 has the same kinetics plus a vshift
parameter; it is a separate file (Kv3_1.mod).
ENDCOMMENT

NEURON {
    SUFFIX SKv3_1
    USEION k READ ek WRITE ik
    RANGE gSKv3_1bar, gSKv3_1
    RANGE mInf, mTau
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gSKv3_1bar = 0.00001 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    gSKv3_1 (S/cm2)
    mInf
    mTau (ms)
}

STATE {
    m
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gSKv3_1 = gSKv3_1bar*m
    ik = gSKv3_1*(v - ek)
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
    UNITSOFF
    mInf = 1/(1 + exp(-(v - 18.7)/9.7))
    mTau = 4/(1 + exp(-(v + 46.56)/44.14))
    UNITSON
}
