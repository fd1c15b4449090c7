TITLE Kv2like: Kv2-like delayed-rectifier potassium current (Allen perisomatic family)

COMMENT
Kv2-like K+ channel of the Allen Institute perisomatic models (PV cells and the
all-active model), after Keren et al. (2005), J Neurophysiol 94:4196-4213, and
Liu & Bean (2014), J Neurosci 34:4991-5002.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 4, 7 (Kv2like).

  ik = gbar * m^2 * (0.5 h1 + 0.5 h2) * (v - ek)

alpha_m = 0.12 vtrap(-(v - 43), 11)
beta_m  = 0.02 exp(-(v + 1.27)/120)
m_inf = alpha_m/(alpha_m + beta_m), tau_m = 2.5/((alpha_m + beta_m) qt)
h_inf (shared by h1 and h2) = 1/(1 + exp((v + 58)/11))
tau_h1 = (360 + (1010 + 23.7 (v + 54)) exp(-((v + 75)/48)^2))/qt
tau_h2 = (2350 + 1380 exp(-0.011 v) - 210 exp(-0.03 v))/qt
with vtrap(x, k) = x/(exp(x/k) - 1), series-guarded for |x/k| < 1e-6
(singular point v = 43).

Temperature: qt = 2.3^((celsius - 21)/10).

HAZARD (kept as published, not patched): tau_h2 crosses zero at v = -119.0 mV
and is negative below it, so h2 is unstable there (cnexp's exp(-dt/tau_h2)
grows, and overflows near the zero crossing). Keep the membrane above -119 mV
where this channel is inserted.
ENDCOMMENT

NEURON {
    SUFFIX Kv2like
    USEION k READ ek WRITE ik
    RANGE gbar, gKv2like
    RANGE mInf, mTau, mAlpha, mBeta, hInf, h1Tau, h2Tau
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
    celsius (degC)
    gKv2like (S/cm2)
    mInf
    mTau (ms)
    mAlpha (/ms)
    mBeta (/ms)
    hInf
    h1Tau (ms)
    h2Tau (ms)
}

STATE {
    m
    h1
    h2
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gKv2like = gbar*m*m*(0.5*h1 + 0.5*h2)
    ik = gKv2like*(v - ek)
}

DERIVATIVE states {
    rates()
    m' = (mInf - m)/mTau
    h1' = (hInf - h1)/h1Tau
    h2' = (hInf - h2)/h2Tau
}

INITIAL {
    rates()
    m = mInf
    h1 = hInf
    h2 = hInf
}

PROCEDURE rates() {
    LOCAL qt, w
    UNITSOFF
    qt = pow(2.3, (celsius - 21.0)/10.0)

    mAlpha = 0.12*vtrap(-(v - 43), 11)
    mBeta = 0.02*exp(-(v + 1.27)/120)
    mInf = mAlpha/(mAlpha + mBeta)
    mTau = 2.5/((mAlpha + mBeta)*qt)

    hInf = 1/(1 + exp((v + 58)/11))
    w = (v + 75)/48
    h1Tau = (360 + (1010 + 23.7*(v + 54))*exp(-w*w))/qt
    h2Tau = (2350 + 1380*exp(-0.011*v) - 210*exp(-0.03*v))/qt
    UNITSON
}

FUNCTION vtrap(x, k) {
    : x/(exp(x/k) - 1), which tends to k as x -> 0; near 0 use k (1 - x/(2k))
    if (fabs(x/k) < 1e-6) {
        vtrap = k*(1 - x/k/2)
    } else {
        vtrap = x/(exp(x/k) - 1)
    }
}
