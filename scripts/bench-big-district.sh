# Sourced by the benchmark scripts: builds the release binary into $bin and, once, the
# 200,000-cell benchmark district bench-cases/big (git-ignored; the README's Benchmarks) with its
# scenario bench-cases/big.yaml.
swift build -c release --product twinreach >/dev/null
bin=$PWD/.build/release/twinreach
mkdir -p bench-cases
if [ ! -f bench-cases/big/roads.osm ]; then
  "$bin" generate --out bench-cases/big --cells-x 500 --cells-y 400 --cell-meters 100 \
    --road-spacing-meters 80 --kiosks 1900 --seed 1
fi
printf 'name: big-baseline\ndistrict: big\n' > bench-cases/big.yaml
