TITLE Kd: slowly inactivating D-type potassium current (Allen perisomatic family)

COMMENT
D-type K+ channel of the Allen Institute perisomatic models (PV cells and the
all-active model), after Foust et al. (2011), J Neurosci 31:15490-15498.
Fact sheet: shared/reference/cortical/MECHANISMS.md, section 7 (Kd).

  ik = gbar * m * h * (v - ek)

m_inf = 1/(1 + exp(-(v + 43)/8)),     tau_m = 1 ms
h_inf = 1/(1 + exp((v + 67)/7.3)),    tau_h = 1500 ms

No temperature dependence: the original computes a qt from celsius but never
applies it, so it is left out here and celsius is not read.
ENDCOMMENT

NEURON {
    SUFFIX Kd
    USEION k READ ek WRITE ik
    RANGE gbar, gKd
    RANGE mInf, mTau, hInf, hTau
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gbar = 0.00001 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    gKd (S/cm2)
    mInf
    mTau (ms)
    hInf
    hTau (ms)
}

STATE {
    m
    h
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gKd = gbar*m*h
    ik = gKd*(v - ek)
}

DERIVATIVE states {
    rates()
    m' = (mInf - m)/mTau
    h' = (hInf - h)/hTau
}

INITIAL {
    rates()
    m = mInf
    h = hInf
}

PROCEDURE rates() {
    UNITSOFF
    mInf = 1/(1 + exp(-(v + 43)/8))
    mTau = 1
    hInf = 1/(1 + exp((v + 67)/7.3))
    hTau = 1500
    UNITSON
}
