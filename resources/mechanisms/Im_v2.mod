TITLE Im_v2: M-type potassium current, Vervaeke variant (Allen perisomatic family)

COMMENT
M-type K+ channel of the Allen Institute perisomatic models (PV cells and the
all-active model), after Vervaeke et al. (2006), J Physiol 576:235-256.
A different channel from the shared Im.mod.
Fact sheet: shared/reference/cortical/MECHANISMS.md, section 7 (Im_v2).

  ik = gbar * m * (v - ek)

alpha_m = 0.007 exp( 2.4 (v + 48)/26.12)
beta_m  = 0.007 exp(-3.6 (v + 48)/26.12)
m_inf = alpha_m/(alpha_m + beta_m)
tau_m = (15 + 1/(alpha_m + beta_m))/qt

Temperature: qt = 2.3^((celsius - 30)/10) (base 30 degC: 1.3954 at 34 degC).
No singular points.
ENDCOMMENT

NEURON {
    SUFFIX Im_v2
    USEION k READ ek WRITE ik
    RANGE gbar, gIm_v2
    RANGE mInf, mTau, mAlpha, mBeta
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
    gIm_v2 (S/cm2)
    mInf
    mTau (ms)
    mAlpha (/ms)
    mBeta (/ms)
}

STATE {
    m
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gIm_v2 = gbar*m
    ik = gIm_v2*(v - ek)
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
    LOCAL qt
    UNITSOFF
    qt = pow(2.3, (celsius - 30.0)/10.0)
    mAlpha = 0.007*exp(2.4*(v + 48)/26.12)
    mBeta = 0.007*exp(-3.6*(v + 48)/26.12)
    mInf = mAlpha/(mAlpha + mBeta)
    mTau = (15 + 1/(mAlpha + mBeta))/qt
    UNITSON
}
