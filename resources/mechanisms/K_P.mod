TITLE K_P: persistent potassium current (Allen perisomatic family)

COMMENT
Persistent K+ channel of the Allen Institute perisomatic models (excitatory
cells), after Korngreen & Sakmann (2000), J Physiol 525:621-639. Unlike the
Hay family's K_Pst it is not shifted by -10 mV and its activation curve differs.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 2 (K_Pst), 7.

  ik = gbar * m^2 * h * (v - ek)

With u = v - vshift (a local copy; vshift = 0 by default, a positive vshift
moves every curve to more depolarised voltages):
m_inf = 1/(1 + exp(-(u + 14.3)/14.6))
tau_m = tauF (1.25 + 175.03 exp( 0.026 u))/qt   for u <  -50
tau_m = tauF (1.25 +  13    exp(-0.026 u))/qt   for u >= -50
h_inf = 1/(1 + exp((u + 54)/11))
tau_h = (360 + (1010 + 24 (u + 55)) exp(-((u + 75)/48)^2))/qt

Temperature: qt = 2.3^((celsius - 21)/10).
The fact sheet names vshift and tauF but not how they enter; here vshift moves
all curves and tauF scales tau_m only (K_T has separate mTauF / hTauF). At the
defaults (0 and 1) the choice makes no difference.
ENDCOMMENT

NEURON {
    SUFFIX K_P
    USEION k READ ek WRITE ik
    RANGE gbar, gK_P, vshift, tauF
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
    tauF = 1 <1e-9, 1e9>
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    celsius (degC)
    gK_P (S/cm2)
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
    gK_P = gbar*m*m*h
    ik = gK_P*(v - ek)
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
    LOCAL qt, u, w
    UNITSOFF
    qt = pow(2.3, (celsius - 21.0)/10.0)
    u = v - vshift

    mInf = 1/(1 + exp(-(u + 14.3)/14.6))
    if (u < -50) {
        mTau = tauF*(1.25 + 175.03*exp(0.026*u))/qt
    } else {
        mTau = tauF*(1.25 + 13*exp(-0.026*u))/qt
    }

    hInf = 1/(1 + exp((u + 54)/11))
    w = (u + 75)/48
    hTau = (360 + (1010 + 24*(u + 55))*exp(-w*w))/qt
    UNITSON
}
