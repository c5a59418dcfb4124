"""Checks for the Chapter 5 "Inputs" exercises."""
import math

from .. import inputs
from . import Wrong, as_number, close, expect_infinite, is_infinite, mismatch, run_check


# Points per exercise, in the order of the exercise notebook (used by scaling_course.grade).
POINTS = {
    "cluster_megawatts": 1,
    "ooms_per_year": 1,
    "effective_compute_multiplier": 2,
    "crossing_year": 2,
    "effective_data": 2,
}


def _expect(name, args, got, expected, why, rel=1e-9):
    if not close(got, expected, rel=rel):
        raise mismatch(name, args, expected, got, why)


def cluster_megawatts(learner_fn):
    """learner_fn(n_gpus, watts_per_gpu): the cluster's power in megawatts."""

    def cases(call):
        for args, why in (((100_000, 1_000), "100,000 chips at 1 kW each is 100 MW"),
                          ((24_576, 1_400), "24,576 chips at 1.4 kW is 34.4 MW"),
                          ((8, 1_275), "one DGX H100 server is about 10 kW, 0.0102 MW")):
            expected = inputs.cluster_power_mw(*args)
            got = as_number(call(*args), "the result")
            if close(got, expected * 1e6):
                raise Wrong("that is in watts: divide by a million for megawatts.")
            if close(got, expected * 1e3):
                raise Wrong("that is in kilowatts: a megawatt is a million watts, so divide watts by 1e6.")
            _expect("cluster_megawatts", args, got, expected, why)
        return "100,000 chips at 1 kW are 100 MW; the other two cases agree."

    return run_check("cluster_megawatts", learner_fn, cases)


def ooms_per_year(learner_fn):
    """learner_fn(year1, value1, year2, value2): orders of magnitude of growth per year between two points."""

    def cases(call):
        for args, expected, why in (((2022, 10e6, 2030, 100e9), 0.5, "4 orders of magnitude in 8 years"),
                                    ((2010, 1.0, 2023, 1e10), 10 / 13, "10 orders of magnitude in 13 years"),
                                    ((2020, 3.0, 2021, 12.0), math.log10(4), "a factor of 4 in one year"),
                                    ((2024, 5.0, 2026, 5.0), 0.0, "no growth"),
                                    ((2020, 1.0, 2030, 0.01), -0.2,
                                     "a cost falling a hundredfold in ten years declines 0.2 OOM a year"),
                                    ((2030, 100e9, 2022, 10e6), 0.5,
                                     "the same two points as the first case, given latest first")):
            got = as_number(call(*args), "the result")
            if not close(got, expected, rel=1e-9, abs_tol=1e-12):
                y1, v1, y2, v2 = args
                if v2 != v1 and close(got, math.log(v2 / v1) / (y2 - y1)):
                    raise Wrong("you used the natural log: an order of magnitude is a factor of 10, so use log10.")
                if v2 != v1 and close(got, math.log10(v2 / v1)):
                    raise Wrong("that is the total number of orders of magnitude: divide by the years between.")
                if v2 != v1 and close(got, -expected):
                    raise Wrong("the sign is flipped: growth from value1 to value2 is log10(value2 / value1).")
                _expect("ooms_per_year", args, got, expected, why)
        return "10 MW in 2022 to 100 GW in 2030 is 0.5 OOM a year; five more cases agree, a decline included."

    return run_check("ooms_per_year", learner_fn, cases)


def effective_compute_multiplier(learner_fn):
    """learner_fn(years, spend_growth, hardware_halving_years, algorithm_doubling_years): the multiple."""

    def cases(call):
        for args, why in (((1, 1.0, 2.5, 1.0), "one year of flat spending: hardware 2**(1/2.5), algorithms 2"),
                          ((2, 3.0, 2.0, 1.0), "two years: 9 x 2 x 4 = 72"),
                          ((0.5, 2.0, 2.5, 0.75), "half a year"),
                          ((10, 1.0, 1e9, 1e9), "flat spending and no progress change nothing"),
                          ((3, 0.8, 2.5, 1.0), "a budget shrinking 20% a year for three years")):
            expected = float(inputs.effective_compute(*args))
            got = as_number(call(*args), "the result")
            if close(got, expected):
                continue
            years, spend, hardware, algorithms = args
            if close(got, spend**years * 2 ** (-years / hardware) * 2 ** (years / algorithms)):
                raise Wrong("cheaper FLOPs mean more compute per dollar: the hardware factor is 2**(years / halving), "
                            "not 2**(-years / halving).")
            if close(got, spend**years + 2 ** (years / hardware) + 2 ** (years / algorithms)):
                raise Wrong("the three factors multiply, they do not add.")
            _expect("effective_compute_multiplier", args, got, expected, why, rel=1e-6)
        return "flat spend for a year gives 2.64x; x3 spend, 2-year hardware halving and yearly algorithms give 72x in 2 years."

    return run_check("effective_compute_multiplier", learner_fn, cases)


def crossing_year(learner_fn):
    """learner_fn(start_year, start_a, growth_a, start_b, growth_b): the year a (growing faster) catches b,
    or math.inf if it never does."""

    def cases(call):
        for args, expected, why in (((2024, 10.0, 2.0, 80.0, 1.0), 2027.0, "10 doubling yearly reaches a flat 80 after 3 years"),
                                    ((2024.5, 1e13, 2.1, 3e14, 1.0), 2024.5 + math.log(30) / math.log(2.1),
                                     "30 times more from mid-2024, closing 2.1x a year"),
                                    ((2000, 1.0, 3.0, 9.0, 1.5), 2000 + math.log(9) / math.log(2), "the ratio closes 2x a year"),
                                    ((2030, 5.0, 1.2, 5.0, 1.1), 2030.0, "they start equal"),
                                    ((2030, 5.0, 1.1, 5.0, 1.2), 2030.0,
                                     "they start equal, so a has caught b at the start even though b grows faster"),
                                    ((2024, 100.0, 1.5, 10.0, 2.0), 2024.0, "a starts ahead, so it has already caught up"),
                                    ((2024, 1.0, 0.5, 10.0, 0.25), 2024 + math.log(10) / math.log(2),
                                     "both shrink, b twice as fast a year"),
                                    ((2024, 1.0, 1.01, 1000.0, 1.0), 2024 + math.log(1000) / math.log(1.01),
                                     "a gap of 1,000 closing 1% a year takes seven centuries")):
            value = call(*args)
            if is_infinite(value):
                raise Wrong(f"crossing_year{args} should be {expected:g} ({why}), but you returned infinity.")
            got = as_number(value, "the result")
            # to about an hour of a year (3e-4): float32 years pass, stepping through the years does not
            if abs(got - expected) <= 3e-4:
                continue
            start, a, ga, b, gb = args
            if gb != 1 and close(got, start + math.log(b / a) / math.log(ga)):  # the same as the answer if b is flat
                raise Wrong("b grows too: the gap closes by growth_a / growth_b a year, so divide log(b/a) by "
                            "log(growth_a / growth_b).")
            if close(got, math.log(b / a) / math.log(ga / gb)):
                raise Wrong("that is the number of years: add the start year.")
            raise mismatch("crossing_year", args, expected, got, why)
        expect_infinite(call(2024, 1.0, 1.1, 10.0, 1.2),
                        "when a starts below b and grows more slowly it never catches up")
        expect_infinite(call(2024, 1.0, 1.3, 10.0, 1.3),
                        "when a starts below b and grows exactly as fast (no faster) it never catches up")
        return ("10 doubling yearly catches a flat 80 in 2027; seven more cases agree, and a grower no faster "
                "than b never catches it.")

    return run_check("crossing_year", learner_fn, cases)


def effective_data(learner_fn):
    """learner_fn(unique, repeats): effective tokens of unique tokens seen 1 + repeats times (R* = 15.4, an
    e-folding constant)."""

    def cases(call):
        for args, why in (((1e12, 0), "seen once, data is worth itself"),
                          ((1e12, 3), "four epochs are worth about 3.73 fresh ones"),
                          ((3e14, 15), "16 epochs of 300T tokens"),
                          ((2e12, 0.5), "half an extra pass (1.5 epochs)"),
                          ((1.0, 1000), "endless repeats approach 1 + 15.4")):
            expected = float(inputs.effective_data(*args))
            got = as_number(call(*args), "the result")
            if close(got, expected, rel=1e-6):
                continue
            unique, repeats = args
            if close(got, unique * (1 + repeats)):
                raise Wrong("you counted repeated tokens as fresh: each repeat is worth less, "
                            "U + U R* (1 - exp(-R / R*)).")
            r_star = inputs.REPEAT_E_FOLDING
            if close(got, unique + unique * r_star * (1 - math.exp(-(repeats + 1) / r_star))):
                raise Wrong("R counts the passes after the first (four epochs are 3 repeats), not the epochs.")
            if repeats and close(got, unique + unique * r_star * (1 - 0.5 ** (repeats / r_star))):
                raise Wrong("R* is an e-folding constant, not a half-life: use exp(-R / R*), not 0.5 ** (R / R*).")
            _expect("effective_data", args, got, expected, why, rel=1e-6)
        return "1 epoch is worth 1; 4 epochs about 3.73; 1.5 epochs about 1.49; no repetition is worth more than 16.4."

    return run_check("effective_data", learner_fn, cases)
