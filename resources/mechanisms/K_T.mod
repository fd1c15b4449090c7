TITLE K_T: transient potassium current (Allen perisomatic family)

COMMENT
Transient K+ channel of the Allen Institute perisomatic models, after
Korngreen & Sakmann (2000), J Physiol 525:621-639. Unlike the Hay family's
K_Tst it is not shifted by -10 mV and its activation curve differs.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 2 (K_Tst), 7.

  ik = gbar * m^4 * h * (v - ek)

With u = v - vshift (a local copy; vshift = 0 by default, a positive vshift
moves every curve to more depolarised voltages):
m_inf = 1/(1 + exp(-(u + 47)/29))
tau_m = mTauF (0.34 + 0.92 exp(-((u + 71)/59)^2))/qt
h_inf = 1/(1 + exp((u + 66)/10))
tau_h = hTauF (8 + 49 exp(-((u + 73)/23)^2))/qt

Temperature: qt = 2.3^((celsius - 21)/10).
The fact sheet names vshift, mTauF and hTauF but not how they enter; here vshift
moves all curves and mTauF / hTauF scale tau_m / tau_h. At the defaults
(0, 1, 1) the choice makes no difference.
ENDCOMMENT

NEURON {
    SUFFIX K_T
    USEION k READ ek WRITE ik
    RANGE gbar, gK_T, vshift, mTauF, hTauF
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
    vshift = 0 (mV)
    mTauF = 1 <1e-9, 1e9>
    hTauF = 1 <1e-9, 1e9>
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    celsius (degC)
    gK_T (S/cm2)
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
    gK_T = gbar*m*m*m*m*h
    ik = gK_T*(v - ek)
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
    LOCAL qt, u, wm, wh
    UNITSOFF
    qt = pow(2.3, (celsius - 21.0)/10.0)
    u = v - vshift

    mInf = 1/(1 + exp(-(u + 47)/29))
    wm = (u + 71)/59
    mTau = mTauF*(0.34 + 0.92*exp(-wm*wm))/qt

    hInf = 1/(1 + exp((u + 66)/10))
    wh = (u + 73)/23
    hTau = hTauF*(8 + 49*exp(-wh*wh))/qt
    UNITSON
}
