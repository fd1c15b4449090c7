TITLE NaTa: transient sodium current (Allen perisomatic family)

COMMENT
Transient Na+ channel of the Allen Institute perisomatic models, in the
alpha/beta form of Colbert & Pan (2002), Nat Neurosci 5:533-538, with the
centre voltages, rate factors and slopes exposed as parameters.
Shipped with the Allen models but used by none of them. The fact sheet gives
only its centre voltages (-48 / -69 mV); the rate factors, slopes and the
base-23 temperature factor are taken to be those of NaTs (an assumption).
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 0, 2 (NaTa_t), 4, 7.

  ina = gbar * m^3 * h * (v - ena)

alpha_m = malphaF vtrap(-(v - mvhalf), mk)
beta_m  = mbetaF  vtrap(  v - mvhalf,  mk)
alpha_h = halphaF vtrap(  v - hvhalf,  hk)
beta_h  = hbetaF  vtrap(-(v - hvhalf), hk)
with vtrap(x, k) = x/(exp(x/k) - 1) (limit k at x = 0, guarded by a series
expansion for |x/k| < 1e-6). s_inf = alpha/(alpha+beta),
tau_s = 1/((alpha+beta) qt).

Defaults: mvhalf = -48 mV, hvhalf = -69 mV, malphaF 0.182, mbetaF 0.124,
halphaF = hbetaF = 0.015 /ms, mk = hk = 6 mV.
Temperature: qt = 2.3^((celsius - 23)/10) (base 23 degC: 2.4998 at 34 degC).
This is NOT the same channel as the Hay family's NaTa_t / NaTs2_t (different
centre voltages and temperature factor).
ENDCOMMENT

NEURON {
    SUFFIX NaTa
    USEION na READ ena WRITE ina
    RANGE gbar, gNaTa
    RANGE malphaF, mbetaF, mvhalf, mk, halphaF, hbetaF, hvhalf, hk
    RANGE mInf, mTau, mAlpha, mBeta, hInf, hTau, hAlpha, hBeta
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gbar = 0.00001 (S/cm2) <0, 1e9>
    malphaF = 0.182 (/ms)
    mbetaF = 0.124 (/ms)
    mvhalf = -48 (mV)
    mk = 6 (mV)
    halphaF = 0.015 (/ms)
    hbetaF = 0.015 (/ms)
    hvhalf = -69 (mV)
    hk = 6 (mV)
}

ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
    celsius (degC)
    gNaTa (S/cm2)
    mInf
    mTau (ms)
    mAlpha (/ms)
    mBeta (/ms)
    hInf
    hTau (ms)
    hAlpha (/ms)
    hBeta (/ms)
}

STATE {
    m
    h
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gNaTa = gbar*m*m*m*h
    ina = gNaTa*(v - ena)
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
    LOCAL qt
    UNITSOFF
    qt = pow(2.3, (celsius - 23.0)/10.0)

    mAlpha = malphaF*vtrap(-(v - mvhalf), mk)
    mBeta = mbetaF*vtrap(v - mvhalf, mk)
    mInf = mAlpha/(mAlpha + mBeta)
    mTau = 1/((mAlpha + mBeta)*qt)

    hAlpha = halphaF*vtrap(v - hvhalf, hk)
    hBeta = hbetaF*vtrap(-(v - hvhalf), hk)
    hInf = hAlpha/(hAlpha + hBeta)
    hTau = 1/((hAlpha + hBeta)*qt)
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
