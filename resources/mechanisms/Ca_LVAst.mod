TITLE Ca_LVAst: low-voltage-activated (T-type) calcium current

COMMENT
Low-voltage-activated Ca2+ channel of the Hay et al. (2011) layer-5 pyramidal
cell model, after Avery & Johnston (1996), J Neurosci 16:5567-5582, with time
constants after Randall & Tsien (1997), Neuropharmacology 36:879-893, and all
curves moved 10 mV in the hyperpolarised direction.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 0, 1, 2 (Ca_LVAst).

  ica = gCa_LVAstbar * m^2 * h * (v - eca)

Every curve is evaluated at u = v + 10 (a local copy; v is not changed):
m_inf = 1/(1 + exp(-(u + 30)/6))
tau_m = (5 + 20/(1 + exp((u + 25)/5)))/qt
h_inf = 1/(1 + exp((u + 80)/6.4))
tau_h = (20 + 50/(1 + exp((u + 40)/7)))/qt

Temperature: constant qt = 2.3^((34-21)/10); celsius is not read.
(The Allen family's Ca_LVA is the same channel with qt from celsius: Ca_LVA.mod.)
No singular points.
ENDCOMMENT

NEURON {
    SUFFIX Ca_LVAst
    USEION ca READ eca WRITE ica
    RANGE gCa_LVAstbar, gCa_LVAst
    RANGE mInf, mTau, hInf, hTau
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gCa_LVAstbar = 0.00001 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    eca (mV)
    ica (mA/cm2)
    gCa_LVAst (S/cm2)
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
    gCa_LVAst = gCa_LVAstbar*m*m*h
    ica = gCa_LVAst*(v - eca)
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
    LOCAL qt, u
    UNITSOFF
    qt = pow(2.3, (34.0 - 21.0)/10.0)
    u = v + 10

    mInf = 1/(1 + exp(-(u + 30)/6))
    mTau = (5 + 20/(1 + exp((u + 25)/5)))/qt

    hInf = 1/(1 + exp((u + 80)/6.4))
    hTau = (20 + 50/(1 + exp((u + 40)/7)))/qt
    UNITSON
}
