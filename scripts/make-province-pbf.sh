#!/usr/bin/env bash
# Makes a province-sized OpenStreetMap file for the two-pass road reader (issue 15): a
# generated road grid with the buildings and service points between its roads, written as OPL
# by a small generator and converted to .osm.pbf by osmium (osmium-tool). Never committed.
#
#   scripts/make-province-pbf.sh [BLOCKS] [OUT]    default: 700 blocks a side (about 1 GB),
#                                                    bench-cases/province/roads.osm.pbf
#
# The province is BLOCKS × BLOCKS street blocks of 400 m (700: 280 km a side, about Guangdong's
# extent) at 23° N: residential roads on the block edges (a node every 40 m, one way every five
# blocks), 20 buildings of four corners in each block, a school or clinic point in every 50th
# block, each element with OSM's metadata (version, changeset, time, user), so that the file
# compresses like a real extract. About a fifth of the nodes are on roads: the rest is what a road
# reader must pass over without keeping. Beside the file: a small district around it
# (bench-cases/province/, from `twinreach generate`) whose roads are this file, so that
# `twinreach check bench-cases/province` reads it as `run` would.
set -euo pipefail
cd "$(dirname "$0")/.."
blocks=${1:-700}
out=${2:-bench-cases/province/roads.osm.pbf}
mkdir -p "$(dirname "$out")" .build/province
generator=.build/province/generate-opl
cat > .build/province/generate-opl.c <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>
#include <time.h>

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }
static double uniform(double lo, double hi) { return lo + (hi - lo) * (double)(next() >> 11) / 9007199254740992.0; }

static long n;                      /* blocks a side */
static const double block = 400, lat0 = 23.0, lon0 = 110.0;
static const int shapes = 9, buildings = 20, wayBlocks = 5;
static double metersPerLon, metersPerLat = 110574.0;

static void meta(void) {
  unsigned uid = 1 + next() % 5000;
  long t = 1262304000 + (long)(next() % 473040000);       /* 2010..2025 */
  time_t tt = t; struct tm g; gmtime_r(&tt, &g);
  printf("v%u dV c%lu t%04d-%02d-%02dT%02d:%02d:%02dZ i%u uu%u",
         (unsigned)(1 + next() % 9), (unsigned long)(1 + next() % 150000000),
         g.tm_year + 1900, g.tm_mon + 1, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec, uid, uid);
}
static void node(long id, double x, double y, const char *tags) {
  printf("n%ld ", id); meta();
  printf(" T%s x%.7f y%.7f\n", tags, lon0 + x / metersPerLon, lat0 + y / metersPerLat);
}
/* Node ids: intersections, then the shape nodes of horizontal and vertical edges, then buildings. */
static long crossing(long i, long j) { return 1 + j * (n + 1) + i; }
static long hshape(long i, long j, int k) { return 1 + (n + 1) * (n + 1) + (j * n + i) * shapes + k; }
static long vshape(long i, long j, int k) { return 1 + (n + 1) * (n + 1) + (n + 1) * n * shapes + (i * n + j) * shapes + k; }
static long corner(long i, long j, int b, int c) { return 1 + (n + 1) * (n + 1) + 2 * (n + 1) * n * shapes + ((j * n + i) * buildings + b) * 4 + c; }

int main(int argc, char **argv) {
  n = argc > 1 ? atol(argv[1]) : 700;
  metersPerLon = 111320.0 * cos(lat0 * M_PI / 180);
  static char out[1 << 20]; setvbuf(stdout, out, _IOFBF, sizeof out);
  for (long j = 0; j <= n; j++)
    for (long i = 0; i <= n; i++) node(crossing(i, j), i * block + uniform(-3, 3), j * block + uniform(-3, 3), "");
  for (long j = 0; j <= n; j++)
    for (long i = 0; i < n; i++)
      for (int k = 0; k < shapes; k++) node(hshape(i, j, k), i * block + (k + 1) * 40 + uniform(-2, 2), j * block + uniform(-2, 2), "");
  for (long i = 0; i <= n; i++)
    for (long j = 0; j < n; j++)
      for (int k = 0; k < shapes; k++) node(vshape(i, j, k), i * block + uniform(-2, 2), j * block + (k + 1) * 40 + uniform(-2, 2), "");
  for (long j = 0; j < n; j++)
    for (long i = 0; i < n; i++)
      for (int b = 0; b < buildings; b++) {
        double x = i * block + uniform(30, 350), y = j * block + uniform(30, 350), w = uniform(8, 20), h = uniform(8, 20);
        node(corner(i, j, b, 0), x, y, ""); node(corner(i, j, b, 1), x + w, y, "");
        node(corner(i, j, b, 2), x + w, y + h, ""); node(corner(i, j, b, 3), x, y + h, "");
      }
  long poi = corner(n, n, 0, 0);
  for (long j = 0; j < n; j++)
    for (long i = 0; i < n; i++)
      if ((j * n + i) % 50 == 0)
        node(poi++, i * block + uniform(20, 380), j * block + uniform(20, 380), (i + j) % 2 ? "amenity=school" : "amenity=clinic");
  long way = 1;
  for (long j = 0; j <= n; j++)                       /* horizontal roads */
    for (long i0 = 0; i0 < n; i0 += wayBlocks) {
      printf("w%ld ", way++); meta(); printf(" Thighway=residential,name=H%ld-%ld N", j, i0);
      for (long i = i0; i < i0 + wayBlocks && i < n; i++) {
        printf("n%ld,", crossing(i, j));
        for (int k = 0; k < shapes; k++) printf("n%ld,", hshape(i, j, k));
      }
      printf("n%ld\n", crossing(i0 + wayBlocks < n ? i0 + wayBlocks : n, j));
    }
  for (long i = 0; i <= n; i++)                       /* vertical roads */
    for (long j0 = 0; j0 < n; j0 += wayBlocks) {
      printf("w%ld ", way++); meta(); printf(" Thighway=%s,name=V%ld-%ld N", i % 10 ? "residential" : "secondary", i, j0);
      for (long j = j0; j < j0 + wayBlocks && j < n; j++) {
        printf("n%ld,", crossing(i, j));
        for (int k = 0; k < shapes; k++) printf("n%ld,", vshape(i, j, k));
      }
      printf("n%ld\n", crossing(i, j0 + wayBlocks < n ? j0 + wayBlocks : n));
    }
  for (long j = 0; j < n; j++)                        /* buildings */
    for (long i = 0; i < n; i++)
      for (int b = 0; b < buildings; b++) {
        printf("w%ld ", way++); meta();
        printf(" Tbuilding=yes Nn%ld,n%ld,n%ld,n%ld,n%ld\n", corner(i, j, b, 0), corner(i, j, b, 1),
               corner(i, j, b, 2), corner(i, j, b, 3), corner(i, j, b, 0));
      }
  return 0;
}
EOF
cc -O2 -o "$generator" .build/province/generate-opl.c -lm
tmp=$(dirname "$out")/.$(basename "$out").$$.tmp.osm.pbf
trap 'rm -f "$tmp"' EXIT
"$generator" "$blocks" | osmium cat --input-format opl - --output-format pbf -o "$tmp" --overwrite
mv "$tmp" "$out"
ls -l "$out"

# A small district whose roads are the province file (its cells sit in the province's corner).
district=$(dirname "$out")
if [ ! -f "$district/district.yaml" ]; then
  swift build -c release --product twinreach >/dev/null
  .build/release/twinreach generate --out "$district.generated" --cells-x 20 --cells-y 20 --seed 1 >/dev/null
  for f in "$district.generated"/*; do
    case $(basename "$f") in roads.osm|roads.osm.pbf) ;; *) cp -r "$f" "$district/" ;; esac
  done
  rm -rf "$district.generated"
fi
