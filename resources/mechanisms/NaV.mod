TITLE NaV: 12-state kinetic (Markov) sodium channel (Allen perisomatic family)

COMMENT
Na+ channel of the Allen Institute perisomatic models (PV cells and the
all-active model): the 12-state scheme of Carter et al. (2012), Neuron
73:1123-1134 (after Raman & Bean's resurgent-current scheme).
Fact sheet: shared/reference/cortical/MECHANISMS.md, section 7 (NaV).

  ina = gbar * O * (v - ena)

States: closed C1..C5, open O, inactivated I1..I6 (fractions summing to 1).
With ea = exp(v/vk), eb = exp(-v/vk), vk = 24 mV, and every rate times qt:
  C1<->C2  4 alpha ea,  beta eb        I1<->I2  4 alpha a ea,  beta eb / b
  C2<->C3  3 alpha ea,  2 beta eb      I2<->I3  3 alpha a ea,  2 beta eb / b
  C3<->C4  2 alpha ea,  3 beta eb      I3<->I4  2 alpha a ea,  3 beta eb / b
  C4<->C5    alpha ea,  4 beta eb      I4<->I5    alpha a ea,  4 beta eb / b
  C5<->O   gamma, delta                I5<->I6  gamma, delta
  Ci<->Ii  Con a^(i-1), Coff / b^(i-1)   (i = 1..5)
  O <->I6  Oon, Ooff
alpha 400, beta 12, gamma 250, delta 60, Con 0.01, Coff 40, Oon 8, Ooff 0.05
(all /ms), a 2.51, b 5.32.

Temperature: qt = 2.3^((celsius - 37)/10) (base 37 degC: 0.7789 at 34 degC).

Initial state: as NEURON computes it from the Allen original, whose
initial-equilibrium block (LINEAR seqinitial below: a balance equation for
every state but I6, and the conservation law) has a typo: the I3 equation
takes its inflow from I4 at I3's rate to C3 (off3) instead of I4's rate to I3
(bI3). The t = 0 state is therefore not the steady state: at -70 mV its open
probability is 3.02e-4 against the true 2.23e-4 and its largest state error
0.12; the scheme relaxes to the true steady state within seconds. Kept so that
Allen PV and all-active cells start as NEURON starts them. To start from the
true steady state instead, replace SOLVE seqinitial by SOLVE kin STEADYSTATE
sparse.
ENDCOMMENT

NEURON {
    SUFFIX NaV
    USEION na READ ena WRITE ina
    RANGE gbar, gNaV
    RANGE fC1, fC2, fC3, fC4, bC1, bC2, bC3, bC4
    RANGE fI1, fI2, fI3, fI4, bI1, bI2, bI3, bI4
    RANGE fCO, bCO, fII, bII
    RANGE on1, on2, on3, on4, on5, off1, off2, off3, off4, off5
    RANGE fOI, bOI
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gbar = 0.00001 (S/cm2) <0, 1e9>
    alpha = 400 (/ms)
    beta = 12 (/ms)
    gamma = 250 (/ms)
    delta = 60 (/ms)
    Con = 0.01 (/ms)
    Coff = 40 (/ms)
    Oon = 8 (/ms)
    Ooff = 0.05 (/ms)
    a = 2.51
    b = 5.32
    vk = 24 (mV)
}

ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
    celsius (degC)
    gNaV (S/cm2)
    : closed chain, Ci -> C(i+1) and C(i+1) -> Ci
    fC1 (/ms)
    fC2 (/ms)
    fC3 (/ms)
    fC4 (/ms)
    bC1 (/ms)
    bC2 (/ms)
    bC3 (/ms)
    bC4 (/ms)
    : inactivated chain, Ii -> I(i+1) and I(i+1) -> Ii
    fI1 (/ms)
    fI2 (/ms)
    fI3 (/ms)
    fI4 (/ms)
    bI1 (/ms)
    bI2 (/ms)
    bI3 (/ms)
    bI4 (/ms)
    : C5 <-> O and I5 <-> I6
    fCO (/ms)
    bCO (/ms)
    fII (/ms)
    bII (/ms)
    : Ci -> Ii and Ii -> Ci
    on1 (/ms)
    on2 (/ms)
    on3 (/ms)
    on4 (/ms)
    on5 (/ms)
    off1 (/ms)
    off2 (/ms)
    off3 (/ms)
    off4 (/ms)
    off5 (/ms)
    : O <-> I6
    fOI (/ms)
    bOI (/ms)
}

STATE {
    C1
    C2
    C3
    C4
    C5
    O
    I1
    I2
    I3
    I4
    I5
    I6
}

BREAKPOINT {
    SOLVE kin METHOD sparse
    gNaV = gbar*O
    ina = gNaV*(v - ena)
}

INITIAL {
    rates()
    SOLVE seqinitial
}

LINEAR seqinitial {
    ~ C2*bC1 + I1*off1 - C1*(fC1 + on1) = 0
    ~ C1*fC1 + C3*bC2 + I2*off2 - C2*(bC1 + fC2 + on2) = 0
    ~ C2*fC2 + C4*bC3 + I3*off3 - C3*(bC2 + fC3 + on3) = 0
    ~ C3*fC3 + C5*bC4 + I4*off4 - C4*(bC3 + fC4 + on4) = 0
    ~ C4*fC4 + O*bCO + I5*off5 - C5*(bC4 + fCO + on5) = 0
    ~ C5*fCO + I6*bOI - O*(bCO + fOI) = 0
    ~ I2*bI1 + C1*on1 - I1*(fI1 + off1) = 0
    ~ I1*fI1 + I3*bI2 + C2*on2 - I2*(bI1 + fI2 + off2) = 0
    : NEURON's typo, kept: I4*off3 where the balance of I3 has I4*bI3
    ~ I2*fI2 + I4*off3 + C3*on3 - I3*(bI2 + fI3 + off3) = 0
    ~ I3*fI3 + I5*bI4 + C4*on4 - I4*(bI3 + fI4 + off4) = 0
    ~ I4*fI4 + I6*bII + C5*on5 - I5*(bI4 + fII + off5) = 0
    ~ C1 + C2 + C3 + C4 + C5 + O + I1 + I2 + I3 + I4 + I5 + I6 = 1
}

KINETIC kin {
    rates()
    ~ C1 <-> C2 (fC1, bC1)
    ~ C2 <-> C3 (fC2, bC2)
    ~ C3 <-> C4 (fC3, bC3)
    ~ C4 <-> C5 (fC4, bC4)
    ~ C5 <-> O (fCO, bCO)
    ~ I1 <-> I2 (fI1, bI1)
    ~ I2 <-> I3 (fI2, bI2)
    ~ I3 <-> I4 (fI3, bI3)
    ~ I4 <-> I5 (fI4, bI4)
    ~ I5 <-> I6 (fII, bII)
    ~ C1 <-> I1 (on1, off1)
    ~ C2 <-> I2 (on2, off2)
    ~ C3 <-> I3 (on3, off3)
    ~ C4 <-> I4 (on4, off4)
    ~ C5 <-> I5 (on5, off5)
    ~ O <-> I6 (fOI, bOI)
    CONSERVE C1 + C2 + C3 + C4 + C5 + O + I1 + I2 + I3 + I4 + I5 + I6 = 1
}

PROCEDURE rates() {
    LOCAL qt, ea, eb
    UNITSOFF
    qt = pow(2.3, (celsius - 37.0)/10.0)
    ea = alpha*exp(v/vk)*qt
    eb = beta*exp(-v/vk)*qt

    fC1 = 4*ea
    fC2 = 3*ea
    fC3 = 2*ea
    fC4 = ea
    bC1 = eb
    bC2 = 2*eb
    bC3 = 3*eb
    bC4 = 4*eb

    fI1 = 4*ea*a
    fI2 = 3*ea*a
    fI3 = 2*ea*a
    fI4 = ea*a
    bI1 = eb/b
    bI2 = 2*eb/b
    bI3 = 3*eb/b
    bI4 = 4*eb/b

    fCO = gamma*qt
    bCO = delta*qt
    fII = gamma*qt
    bII = delta*qt

    on1 = Con*qt
    on2 = Con*a*qt
    on3 = Con*a*a*qt
    on4 = Con*a*a*a*qt
    on5 = Con*a*a*a*a*qt
    off1 = Coff*qt
    off2 = Coff/b*qt
    off3 = Coff/(b*b)*qt
    off4 = Coff/(b*b*b)*qt
    off5 = Coff/(b*b*b*b)*qt

    fOI = Oon*qt
    bOI = Ooff*qt
    UNITSON
}
