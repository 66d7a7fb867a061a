/*
 * C reference kernel of sim's typhoon hazard + impact (issue 13): the same
 * model and the same work per trial as src/hazard/typhoon/index.ts
 * (TyphoonKernel.sampleTrial), src/intensity/typhoon-wind.ts and
 * src/impact/typhoon.ts (TyphoonImpact.write), without the rain-flood chain,
 * and without sim's accumulators: the people metrics of each event are only
 * summed into per-trial totals (for the parity check and as a checksum).
 *
 * Per trial: a Poisson count of storms by sequential inversion (one uniform);
 * per storm, in the TS order: the wind uniform (open), the heading (normal by
 * inversion, Acklam), Rmax (lognormal: exp of a normal), the track offset
 * (uniform); then per township the distance to the track, the modified
 * Rankine peak wind (pow), Kaplan–DeMaria inland decay, the cut-off; then per
 * township the impact row (8 fields cleared), evacuated, Emanuel displaced,
 * houses destroyed. Random numbers: xorshift128+, reseeded per block of 1,024
 * trials (sim reseeds its xor4096 streams per block). The streams differ from
 * sim's; the distributions do not.
 *
 * Input: the text file bench/reference/export.ts writes from a compiled
 * scenario (parameters, then one line per township). Build and run:
 *   gcc -O2 -std=c99 -o typhoon bench/reference/typhoon.c -lm
 *   ./typhoon INPUT TRIALS SEED [pow|sqrt|cutoff]
 * `sqrt` uses sqrt() for the vortex when its exponent is 0.5 (what pow costs). `cutoff` adds what sim
 * does since issue 13 (src/intensity/typhoon-wind.ts cutoffDistanceKm): townships farther from the
 * track than where the vortex falls below the cut-off (by a relative 1e-9) get wind 0 without the
 * vortex and decay (inland decay only lowers the wind: every decay factor is in [0, 1]). The same winds.
 * Prints one JSON line: trials, CPU seconds of the trial loop only
 * (CLOCK_PROCESS_CPUTIME_ID), and sums and sums of squares of the per-trial
 * storms, evacuated and displaced.
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BLOCK_SIZE 1024
#define IMPACT_FIELDS 8
#define I_EVACUATED 0
#define I_DISPLACED_I 1
#define I_DISPLACED_II 2
#define I_DISPLACED_III 3
#define DEG (3.14159265358979323846 / 180.0)

/* ------------------------------------------------------------ random numbers */

typedef struct { uint64_t s0, s1; } rng_t;

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static void rng_seed(rng_t *r, uint64_t seed, uint64_t block) {
  uint64_t x = seed ^ (block * 0xD1B54A32D192ED03ULL);
  r->s0 = splitmix64(&x);
  r->s1 = splitmix64(&x);
  if (r->s0 == 0 && r->s1 == 0) r->s1 = 1;
}

/* xorshift128+: a uniform in [0, 1) with 53 random bits */
static inline double rng_next(rng_t *r) {
  uint64_t s1 = r->s0;
  const uint64_t s0 = r->s1;
  const uint64_t result = s0 + s1;
  r->s0 = s0;
  s1 ^= s1 << 23;
  r->s1 = s1 ^ s0 ^ (s1 >> 18) ^ (s0 >> 5);
  return (double)(result >> 11) * 0x1.0p-53;
}

/* uniform in (0, 1), as openUniform */
static inline double rng_open(rng_t *r) {
  double u = rng_next(r);
  while (u == 0) u = rng_next(r);
  return u;
}

/* Acklam's normal quantile, as src/core/normal.ts */
static const double A[] = {-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239};
static const double B[] = {-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1};
static const double C[] = {-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783};
static const double D[] = {7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416};
#define P_LOW 0.02425

static double normal_quantile(double p) {
  double q, x;
  if (p <= 0) return -INFINITY;
  if (p >= 1) return INFINITY;
  if (p < P_LOW) {
    q = sqrt(-2 * log(p));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (p <= 1 - P_LOW) {
    double r;
    q = p - 0.5;
    r = q * q;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    q = sqrt(-2 * log(1 - p));
    x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  return x;
}

/* ------------------------------------------------------------ the model */

typedef struct {
  int n;
  double rate;
  double cumulative[5];
  double lower[5];
  double superMax;
  double offsetHalfWidth;
  double headingMean, headingSd;
  double rmaxMedian, rmaxSigma;
  double vortexExponent;
  double windCutoff;
  double alphaSouth, vbSouth, alphaNorth, vbNorth, latSouth, latNorth, translationKmh;
  double vHalf, vThresh, evacStart, evacFull, shareCoastal, shareInland, personsPerHousehold;
  /* per township */
  double *x, *y, *lat, *coastDist, *population;
  int *coastal;
  /* derived per township, as the TS constructors do */
  double *decayVb, *decayFactor, *exposedShare;
} model_t;

static void expect(FILE *f, const char *name) {
  char buf[64];
  if (fscanf(f, "%63s", buf) != 1 || strcmp(buf, name) != 0) {
    fprintf(stderr, "typhoon: bad input: expected \"%s\", found \"%s\"\n", name, buf);
    exit(2);
  }
}

static void read_numbers(FILE *f, const char *name, double *out, int k) {
  int i;
  expect(f, name);
  for (i = 0; i < k; i++) {
    if (fscanf(f, "%lf", &out[i]) != 1) {
      fprintf(stderr, "typhoon: bad input: %s needs %d numbers\n", name, k);
      exit(2);
    }
  }
}

static void *xmalloc(size_t n) {
  void *p = calloc(1, n);
  if (!p) { fprintf(stderr, "typhoon: out of memory\n"); exit(2); }
  return p;
}

static void load(const char *file, model_t *m) {
  FILE *f = fopen(file, "r");
  double v[8];
  int i;
  if (!f) { perror(file); exit(2); }
  expect(f, "sim-typhoon-reference");
  read_numbers(f, "version", v, 1);
  if (v[0] != 1) { fprintf(stderr, "typhoon: input version %g, expected 1\n", v[0]); exit(2); }
  read_numbers(f, "n", v, 1); m->n = (int)v[0];
  read_numbers(f, "rate", &m->rate, 1);
  read_numbers(f, "cumulative", m->cumulative, 5);
  read_numbers(f, "classLowerBoundsMs", m->lower, 5);
  read_numbers(f, "superTyphoonMaxMs", &m->superMax, 1);
  read_numbers(f, "offsetHalfWidthKm", &m->offsetHalfWidth, 1);
  read_numbers(f, "heading", v, 2); m->headingMean = v[0]; m->headingSd = v[1];
  read_numbers(f, "rmax", v, 2); m->rmaxMedian = v[0]; m->rmaxSigma = v[1];
  read_numbers(f, "vortexExponent", &m->vortexExponent, 1);
  read_numbers(f, "windCutoffMs", &m->windCutoff, 1);
  read_numbers(f, "decay", v, 7);
  m->alphaSouth = v[0]; m->vbSouth = v[1]; m->alphaNorth = v[2]; m->vbNorth = v[3]; m->latSouth = v[4]; m->latNorth = v[5]; m->translationKmh = v[6];
  read_numbers(f, "impact", v, 7);
  m->vHalf = v[0]; m->vThresh = v[1]; m->evacStart = v[2]; m->evacFull = v[3]; m->shareCoastal = v[4]; m->shareInland = v[5]; m->personsPerHousehold = v[6];
  expect(f, "townships");
  m->x = xmalloc(m->n * sizeof(double)); m->y = xmalloc(m->n * sizeof(double));
  m->lat = xmalloc(m->n * sizeof(double)); m->coastDist = xmalloc(m->n * sizeof(double));
  m->population = xmalloc(m->n * sizeof(double)); m->coastal = xmalloc(m->n * sizeof(int));
  m->decayVb = xmalloc(m->n * sizeof(double)); m->decayFactor = xmalloc(m->n * sizeof(double)); m->exposedShare = xmalloc(m->n * sizeof(double));
  for (i = 0; i < m->n; i++) {
    int c;
    if (fscanf(f, "%lf %lf %lf %lf %lf %d", &m->x[i], &m->y[i], &m->lat[i], &m->coastDist[i], &m->population[i], &c) != 6) {
      fprintf(stderr, "typhoon: bad input: township %d\n", i); exit(2);
    }
    m->coastal[i] = c;
  }
  expect(f, "end");
  fclose(f);
  /* inlandDecay (typhoon-wind.ts) and the exposed share (TyphoonImpact's constructor) */
  for (i = 0; i < m->n; i++) {
    double w = (m->lat[i] - m->latSouth) / (m->latNorth - m->latSouth);
    double alpha, vb;
    w = w < 0 ? 0 : w > 1 ? 1 : w;
    alpha = m->alphaSouth + w * (m->alphaNorth - m->alphaSouth);
    vb = m->vbSouth + w * (m->vbNorth - m->vbSouth);
    m->decayVb[i] = vb;
    m->decayFactor[i] = exp(-alpha * (m->coastDist[i] / m->translationKmh));
    m->exposedShare[i] = m->coastal[i] ? m->shareCoastal : m->shareInland;
  }
}

/* windFromUniform (hazard/typhoon/index.ts) */
static double wind_from_uniform(const model_t *m, double u) {
  int k = 4, i;
  double pPrev, pk, w, lo, hi;
  for (i = 0; i < 4; i++) if (u < m->cumulative[i]) { k = i; break; }
  pPrev = k == 0 ? 0 : m->cumulative[k - 1];
  pk = m->cumulative[k] - pPrev;
  w = pk > 0 ? (u - pPrev) / pk : 0.5;
  lo = m->lower[k];
  hi = k + 1 < 5 ? m->lower[k + 1] : m->superMax;
  return lo + w * (hi - lo);
}

static double cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv) {
  model_t m;
  long trials, t;
  uint64_t seed;
  int useSqrt = 0, useCutoff = 0, n, i;
  double *wind, *out;
  double p0, t0, t1;
  double sStorms = 0, sStorms2 = 0, sEvac = 0, sEvac2 = 0, sDisp = 0, sDisp2 = 0, sHouses = 0;
  rng_t r = {0, 1};
  if (argc < 4) {
    fprintf(stderr, "usage: %s INPUT TRIALS SEED [pow|sqrt]\n", argv[0]);
    return 2;
  }
  memset(&m, 0, sizeof m);
  load(argv[1], &m);
  trials = atol(argv[2]);
  seed = strtoull(argv[3], NULL, 10);
  if (argc > 4 && (strcmp(argv[4], "sqrt") == 0 || strcmp(argv[4], "cutoff") == 0)) useSqrt = m.vortexExponent == 0.5;
  if (argc > 4 && strcmp(argv[4], "cutoff") == 0) useCutoff = 1;
  n = m.n;
  wind = xmalloc(n * sizeof(double));
  out = xmalloc((size_t)n * IMPACT_FIELDS * sizeof(double));
  p0 = exp(-m.rate);

  t0 = cpu_seconds();
  for (t = 0; t < trials; t++) {
    double u, p, cdf, trialEvac = 0, trialDisp = 0;
    int k = 0, e;
    if (t % BLOCK_SIZE == 0) rng_seed(&r, seed, (uint64_t)(t / BLOCK_SIZE));
    /* poisson(source, rate): sequential inversion */
    if (m.rate > 0) {
      u = rng_next(&r);
      p = p0;
      cdf = p0;
      while (u > cdf && k < 10000) {
        k++;
        p *= m.rate / k;
        cdf += p;
      }
    }
    for (e = 0; e < k; e++) {
      /* sampleEvent: draws in the TS order */
      double uW = rng_open(&r);
      double heading = m.headingMean + m.headingSd * normal_quantile(rng_open(&r));
      double rmax = m.rmaxMedian * exp(0 + m.rmaxSigma * normal_quantile(rng_open(&r)));
      double offset = -m.offsetHalfWidth + (m.offsetHalfWidth - -m.offsetHalfWidth) * rng_next(&r);
      double vmax = wind_from_uniform(&m, uW);
      double cosH = cos(heading * DEG), sinH = sin(heading * DEG);
      double windDisplaced = 0, evac = 0, disp = 0;
      /* writeWind */
      double far = useCutoff && m.vortexExponent > 0 && m.windCutoff > 0 ? rmax * pow(vmax / (m.windCutoff * (1 - 1e-9)), 1 / m.vortexExponent) : INFINITY;
      for (i = 0; i < n; i++) {
        double dist = fabs(m.x[i] * cosH - m.y[i] * sinH - offset);
        if (dist > far) {
          wind[i] = 0;
          continue;
        }
        double v = dist <= rmax ? vmax : (useSqrt ? vmax * sqrt(rmax / dist) : vmax * pow(rmax / dist, m.vortexExponent));
        double vb = m.decayVb[i];
        v = v > vb ? vb + (v - vb) * m.decayFactor[i] : v;
        wind[i] = v < m.windCutoff ? 0 : v;
      }
      /* TyphoonImpact.write → writeTyphoonImpacts */
      for (i = 0; i < n; i++) {
        double *o = out + (size_t)i * IMPACT_FIELDS;
        double w = wind[i];
        double ev = (w - m.evacStart) / (m.evacFull - m.evacStart);
        double dv, dv3;
        memset(o, 0, IMPACT_FIELDS * sizeof(double));
        o[I_EVACUATED] = w > 0 ? m.population[i] * m.exposedShare[i] * (ev < 0 ? 0 : ev > 1 ? 1 : ev) : 0;
        dv = w > m.vThresh ? (w - m.vThresh) / (m.vHalf - m.vThresh) : 0;
        dv3 = dv * dv * dv;
        o[I_DISPLACED_III] = m.population[i] * (dv3 / (1 + dv3));
        windDisplaced += o[I_DISPLACED_III];
      }
      sHouses += windDisplaced / m.personsPerHousehold;
      /* the people metrics of the event */
      for (i = 0; i < n; i++) {
        const double *o = out + (size_t)i * IMPACT_FIELDS;
        evac += o[I_EVACUATED];
        disp += o[I_DISPLACED_I] + o[I_DISPLACED_II] + o[I_DISPLACED_III];
      }
      trialEvac += evac;
      trialDisp += disp;
    }
    sStorms += k;
    sStorms2 += (double)k * k;
    sEvac += trialEvac;
    sEvac2 += trialEvac * trialEvac;
    sDisp += trialDisp;
    sDisp2 += trialDisp * trialDisp;
  }
  t1 = cpu_seconds();
  printf("{\"trials\":%ld,\"cpuSeconds\":%.9f,\"vortex\":\"%s\",\"storms\":[%.17g,%.17g],\"evacuated\":[%.17g,%.17g],\"displaced\":[%.17g,%.17g],\"houses\":%.17g}\n",
         trials, t1 - t0, useCutoff ? "cutoff" : useSqrt ? "sqrt" : "pow", sStorms, sStorms2, sEvac, sEvac2, sDisp, sDisp2, sHouses);
  return 0;
}
