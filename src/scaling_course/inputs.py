"""The inputs of scaling, checked: power, money, compute and data.

Three calculations behind Chapter 5 "Inputs":
- a cluster trajectory (as quoted in the book) against chip power and the US grid;
- effective compute: spend x hardware price-performance x algorithmic efficiency;
- when compute-optimal training runs out of public human text.

The stock of text is Villalobos et al.'s *effective* stock (about 300T tokens): it already allows for
quality filtering and for training on the same text for several epochs. So repetition is counted
once, inside that stock, and never applied on top of it (doing both would count it twice).
Muennighoff et al.'s fit for what a repeated token is worth (effective_data) explains why an effective
stock can be larger than the text seen once; it is not multiplied into the crossing year.

References: T. Besiroglu et al. (2024), the Chinchilla replication (laws.py); J. Sevilla and
E. Roldán (Epoch AI, 2024), "Training compute of frontier AI models grows by 4-5x per year";
A. Ho et al. (2024), "Algorithmic progress in language models" (arXiv:2403.05812); P. Villalobos
et al. (2024), "Will we run out of data? Limits of LLM scaling based on human-generated data"
(arXiv:2211.04325); N. Muennighoff et al. (2023), "Scaling Data-Constrained Language Models"
(arXiv:2305.16264); US Energy Information Administration (EIA) figures for 2023.

Used in: Chapters 5 and 8: book/05-inputs, book/08-timelines, solutions/05-inputs, explorers/inputs.py
(effective_compute_explorer, data_explorer).
"""
import math
import warnings

import numpy as np

from . import laws
from .validation import require_positive

# The trajectory as quoted (Kindle location 1811). The quote starts at "roughly a $500 million
# cluster ... 10 megawatts"; its year (2022) and size (10,000 H100-equivalents) are the GPT-4-era
# row of the same table in L. Aschenbrenner, "Situational Awareness" (2024). Costs are words in the
# quote ("billions", "tens of billions"); the numbers are our reading: the middle of each decade.
TRAJECTORY = (
    # year, power (W), H100-equivalents, cost (USD), the cost as quoted
    (2022, 10e6, 1e4, 5e8, "roughly $500 million"),
    (2024, 100e6, 1e5, 3e9, "billions"),
    (2026, 1e9, 1e6, 3e10, "tens of billions"),
    (2028, 10e9, 1e7, 3e11, "hundreds of billions"),
    (2030, 100e9, 1e8, 1e12, "trillion-dollar"),
)

H100_TDP_W = 700.0                 # NVIDIA H100 SXM board power
DGX_H100_W_PER_GPU = 10_200 / 8    # NVIDIA DGX H100: 10.2 kW maximum for 8 GPUs with CPUs, memory, network
PUE_RANGE = (1.1, 1.25)            # facility power / IT power, modern hyperscale to typical new builds
US_GENERATION_TWH_2023 = 4178.0    # EIA, utility-scale net generation, 2023
US_GAS_SHARE_2023 = 0.431          # EIA: natural gas's share of that generation
US_GAS_PRODUCTION_BCF_PER_DAY = 103.0  # EIA: dry natural gas production, 2023 average
GAS_BTU_PER_CUBIC_FOOT = 1037.0    # EIA: heat content of natural gas
GAS_PLANT_BTU_PER_KWH = 7600.0     # EIA: average heat rate of US natural-gas power plants (about 45% efficient)
HOURS_PER_YEAR = 8766.0
J_PER_BTU = 1055.06


def cluster_power_mw(n_gpus, watts_per_gpu):
    """Power (megawatts) of n_gpus accelerators drawing watts_per_gpu each, all-in."""
    return require_positive(n_gpus, "n_gpus") * require_positive(watts_per_gpu, "watts_per_gpu") / 1e6


def all_in_watts_per_gpu(pue=PUE_RANGE):
    """Watts per H100 at the wall: the DGX H100 server's share per GPU times the facility's PUE."""
    return DGX_H100_W_PER_GPU * np.asarray(pue, dtype=float)


def us_average_generation_gw():
    """US average electricity generation, GW (2023 total spread over the year)."""
    return US_GENERATION_TWH_2023 * 1e3 / HOURS_PER_YEAR


def us_gas_generation_gw():
    """US average electricity generation from natural gas, GW."""
    return us_average_generation_gw() * US_GAS_SHARE_2023


def us_gas_production_thermal_gw():
    """US dry natural-gas production as a flow of heat, GW (thermal)."""
    return US_GAS_PRODUCTION_BCF_PER_DAY * 1e9 * GAS_BTU_PER_CUBIC_FOOT * J_PER_BTU / 86_400 / 1e9


def gas_share_of_production(power_w):
    """Fraction of US gas production that gas plants would burn to supply power_w continuously."""
    thermal_w = require_positive(power_w, "power_w") * GAS_PLANT_BTU_PER_KWH / 3412.14  # BTU per kWh of electricity
    return thermal_w / (us_gas_production_thermal_gw() * 1e9)


def trajectory_table():
    """The quoted trajectory with what it implies: W per H100-equivalent, shares of US generation."""
    rows = []
    for year, power, gpus, cost, quoted in TRAJECTORY:
        rows.append(dict(year=year, power_w=power, h100e=gpus, cost_usd=cost, cost_quoted=quoted,
                         watts_per_h100e=power / gpus,
                         share_of_us_generation=power / (us_average_generation_gw() * 1e9),
                         share_of_us_gas_generation=power / (us_gas_generation_gw() * 1e9),
                         share_of_us_gas_production=gas_share_of_production(power)))
    return rows


def ooms_per_year(years, values):
    """Growth in orders of magnitude per year: the least-squares slope of log10(values) on years."""
    years, values = np.asarray(years, dtype=float), np.asarray(values, dtype=float)
    if years.shape != values.shape or len(years) < 2:
        raise ValueError("give at least two (year, value) pairs of the same length.")
    require_positive(values, "values")
    return float(np.polyfit(years, np.log10(values), 1)[0])


# --- effective compute --------------------------------------------------------------------------

BOOK_HARDWARE_HALVING_YEARS = 2.5   # the book: cost per FLOP halves about every two and a half years
BOOK_ALGORITHM_DOUBLING_YEARS = 1.0  # the book: algorithmic efficiency doubles about every year
HO_HALVING_MONTHS, HO_HALVING_CI = 8.0, (5.0, 14.0)  # Ho et al. 2024: compute for fixed performance


def effective_compute(years, spend_growth, hardware_halving_years, algorithm_doubling_years):
    """How many times more effective compute after `years`: spend grows spend_growth-fold a year,
    cost per FLOP halves every hardware_halving_years, and algorithms double in efficiency every
    algorithm_doubling_years."""
    years = np.asarray(years, dtype=float)
    return 10.0 ** (years * effective_ooms_per_year(spend_growth, hardware_halving_years, algorithm_doubling_years))


def effective_ooms_per_year(spend_growth, hardware_halving_years, algorithm_doubling_years):
    """Orders of magnitude of effective compute per year, and nothing else: the three rates add in logs."""
    spend_growth = require_positive(spend_growth, "spend_growth")
    hardware = require_positive(hardware_halving_years, "hardware_halving_years")
    algorithms = require_positive(algorithm_doubling_years, "algorithm_doubling_years")
    return float(np.log10(spend_growth) + math.log10(2) / hardware + math.log10(2) / algorithms)


# --- how far the 2030 cluster is from past frontier runs ------------------------------------------------

H100_PEAK_FLOPS = 989e12    # NVIDIA H100 SXM: dense BF16 tensor throughput, FLOP/s
GPT3_COMPUTE = 3.14e23      # Brown et al. 2020: GPT-3 175B, 3,640 petaflop/s-days
RUN_DAYS, RUN_UTILISATION = 100.0, 0.4  # our assumptions for a frontier run: about 100 days at 40% of peak


def cluster_training_flop(h100e, days=RUN_DAYS, utilisation=RUN_UTILISATION):
    """FLOP one training run gets from h100e H100-equivalents running `days` days at `utilisation` of peak."""
    return (require_positive(h100e, "h100e") * H100_PEAK_FLOPS * require_positive(utilisation, "utilisation")
            * require_positive(days, "days") * 86_400)


def ooms_between(smaller, larger):
    """Orders of magnitude from smaller to larger: log10(larger / smaller)."""
    return float(np.log10(require_positive(larger, "larger") / require_positive(smaller, "smaller")))


def years_to_close(gap_ooms, spend_growth, hardware_halving_years, algorithm_doubling_years):
    """Years until effective compute has grown by gap_ooms orders of magnitude."""
    rate = effective_ooms_per_year(spend_growth, hardware_halving_years, algorithm_doubling_years)
    if rate <= 0:
        return math.inf
    return require_positive(gap_ooms, "gap_ooms") / rate


# --- running out of data ----------------------------------------------------------------------------

# Villalobos et al. 2024: the *effective* stock of public human text, 300T tokens (90% CI 100T-1,000T). Their
# estimate already allows for quality filtering and for training on the stock for several epochs, so the
# crossing year below uses it as it is, with no repetition applied on top.
STOCK_TOKENS, STOCK_CI90 = 300e12, (100e12, 1000e12)
START_YEAR, START_COMPUTE = 2024.5, 3.8e25  # Llama 3.1 405B (July 2024): 3.8e25 FLOP, a frontier run
# Muennighoff et al. 2023: R*_D, the e-folding constant of repeated data's worth. The worth of the R-th repeat
# falls as exp(-R / R*): by a factor e every 15.4 repeats (it halves every R* ln 2 = 10.7 repeats).
REPEAT_E_FOLDING = 15.4

_DEPRECATED = {"REPEAT_HALF_LIFE": ("REPEAT_E_FOLDING", "2027-09-01")}


def __getattr__(name):
    """Old names kept for saved notebooks: REPEAT_HALF_LIFE is REPEAT_E_FOLDING (R* is not a half-life)."""
    if name in _DEPRECATED:
        new, removal = _DEPRECATED[name]
        warnings.warn(f"scaling_course.inputs.{name} is deprecated: use scaling_course.inputs.{new} (R* is an "
                      f"e-folding constant, not a half-life); the old name will be removed on {removal}.",
                      DeprecationWarning, stacklevel=2)
        return globals()[new]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def effective_data(unique, repeats):
    """Effective tokens of `unique` tokens seen 1 + repeats times (Muennighoff et al. 2023):
    U + U R* (1 - exp(-R / R*)), R* the e-folding constant. Four epochs are 3 repeats, worth about 3.7
    fresh epochs."""
    unique = require_positive(unique, "unique")
    repeats = np.asarray(repeats, dtype=float)
    if np.any(repeats < 0):
        raise ValueError(f"repeats counts passes after the first, so it cannot be negative, got {repeats}.")
    return unique + unique * REPEAT_E_FOLDING * (1 - np.exp(-repeats / REPEAT_E_FOLDING))


def tokens_needed(compute_flops, fit="epoch", overtrain=1.0):
    """Tokens a compute-optimal run of compute_flops trains on; overtrain > 1 trades parameters for data
    (N / sqrt(overtrain), D * sqrt(overtrain) keeps C = 6ND)."""
    _, tokens = laws.compute_optimal(compute_flops, fit)
    return tokens * math.sqrt(require_positive(overtrain, "overtrain"))


def data_crossing_year(stock_tokens=STOCK_TOKENS, growth_per_year=4.5, start_year=START_YEAR,
                       start_compute=START_COMPUTE, fit="epoch", overtrain=1.0):
    """The year a compute-optimal frontier run needs more tokens than the effective stock, with
    frontier compute growing growth_per_year-fold a year from start_compute in start_year.

    The stock is used as it is: Villalobos et al.'s effective stock already includes multi-epoch
    training, so no repetition is applied on top of it."""
    growth = require_positive(growth_per_year, "growth_per_year")
    if growth <= 1:
        return math.inf
    stock = require_positive(stock_tokens, "stock_tokens")
    c = laws._constants(fit)
    exponent = c["alpha"] / (c["alpha"] + c["beta"])  # D_opt grows as C**exponent
    now = tokens_needed(start_compute, fit, overtrain)
    return float(start_year + np.log(stock / now) / (exponent * np.log(growth)))


def crossing_year_distribution(n_samples=20_000, seed=0, growth_range=(4.0, 5.0), overtrain=1.0):
    """Monte Carlo over the uncertain effective stock (log-normal matching 300T, 90% CI 100T-1,000T) and
    the compute growth rate (log-uniform over growth_range); returns the sampled crossing years. The
    sampled stock is used as it is (repetition is already inside it)."""
    rng = np.random.default_rng(seed)
    low, high = np.log10(STOCK_CI90)
    sd = (high - low) / (2 * 1.6449)  # a symmetric 90% interval in log10 around the midpoint
    stock = 10 ** rng.normal(np.log10(STOCK_TOKENS), sd, n_samples)
    growth = np.exp(rng.uniform(*np.log(growth_range), n_samples))
    c = laws._constants("epoch")
    exponent = c["alpha"] / (c["alpha"] + c["beta"])
    now = tokens_needed(START_COMPUTE, "epoch", overtrain)
    return START_YEAR + np.log(stock / now) / (exponent * np.log(growth))


# --- drawing ---------------------------------------------------------------------------------------

def draw_trajectory(ax, rows):
    """Power, H100-equivalents and cost of the quoted trajectory on log axes, against the year."""
    years = [r["year"] for r in rows]
    for key, label, colour, marker in (("power_w", "power (W)", "#D55E00", "o"),
                                       ("h100e", "H100-equivalents", "#0072B2", "s"),
                                       ("cost_usd", "cost (US$)", "#009E73", "^")):
        values = [r[key] for r in rows]
        ax.plot(years, values, marker=marker, color=colour,
                label=f"{label}: {ooms_per_year(years, values):.2f} OOM/yr")
    ax.axhline(us_average_generation_gw() * 1e9, color="0.4", ls="--", lw=1)
    ax.text(2022, us_average_generation_gw() * 1e9 * 1.4, "US average generation (W)", fontsize=8, color="0.3")
    ax.set(yscale="log", xlabel="year", ylabel="quantity (log scale)", xticks=years)
    ax.legend(fontsize=8, loc="upper left")
